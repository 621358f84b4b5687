"""The periods a person opens on their own account by attesting (45 CFR 155.420(d)(8), an
American Indian or Alaska Native, once a month; (d)(10), a victim of domestic abuse or
spousal abandonment), used end to end by links and buttons only: My coverage -> Report a
change -> open the period -> Choose a plan -> a plan of any metal level -> checkout, with
coverage from the first of the month after the selection (155.420(b)(1), (b)(3)(i)) and the
audit row; for (d)(8), at most one plan selection a calendar month."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from tests.changes.conftest import SPRING, determined
from tests.changes.sep_support import (
    checkout,
    choose_plan_by_links,
    enroll_on_checkout_page,
    follow,
    nina_spec,
)

pytestmark = pytest.mark.django_db

AIAN = "american_indian_alaska_native"
VICTIM = "domestic_abuse_or_abandonment"


def _aian_household(settings):
    spec = nina_spec()
    user, application, determination = determined("nina@example.org", spec)
    settings.MARKETPLACE_TODAY = SPRING
    return user, application, determination


def _open_by_links(client, event: str, attested: bool = True):
    """My coverage -> Report a change -> the link to open a period -> the form, sent."""
    index = follow(client, "/enroll/coverage/", "/changes/")
    claim = follow(client, index, "/changes/periods/attest/")
    page = client.get(claim)
    assert page.status_code == 200 and f'value="{event}"' in page.content.decode()
    data = {"event": event, **({"attested": "on"} if attested else {})}
    return index, claim, client.post(claim, data)


def _enroll(client, index, metal):
    address, page = choose_plan_by_links(client, index, metal)
    return address, page, enroll_on_checkout_page(client, address, page)


def test_an_american_indian_enrolls_in_any_plan_by_links_from_the_account(client, settings):
    user, application, _ = _aian_household(settings)
    client.force_login(user)
    index, _, opened = _open_by_links(client, AIAN)
    assert opened.status_code == 302 and opened["Location"] == "/changes/"
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (period.event, period.opens, period.closes) == (
        AIAN,
        date(2026, 4, 1),
        date(2026, 4, 30),
    )
    html = client.get(index).content.decode()
    assert f'data-period="{AIAN}"' in html and "open now" in html
    _, page, done = _enroll(client, index, "Gold")
    assert "May 1, 2026" in page.content.decode()  # (b)(1) as (b)(3)(i) allows
    assert done.status_code == 302
    enrollment = Enrollment.objects.get(application=application)
    assert enrollment.metal_level.lower() == "gold"  # any plan: 155.420(a)(4)(iii)
    assert enrollment.coverage_start == date(2026, 5, 1)
    assert not enrollment.pended  # no 155.420(g) documents for (d)(8)
    period.refresh_from_db()
    assert period.used_by == enrollment
    audit = AuditEvent.objects.get(action="sep.claimed")
    assert audit.detail["event"] == AIAN and audit.detail["event_date"] == "2026-04-01"
    assert "Nina" not in str(audit.detail) and "Begay" not in str(audit.detail)


def test_once_a_month_a_second_change_waits_for_the_next_month(client, settings):
    user, application, _ = _aian_household(settings)
    client.force_login(user)
    index, claim, _ = _open_by_links(client, AIAN)
    _enroll(client, index, "Gold")
    first = Enrollment.objects.get(application=application)
    # The same month: the period is used; opening it again gives no second one.
    assert client.post(claim, {"event": AIAN, "attested": "on"}).status_code == 302
    assert SpecialEnrollmentPeriod.objects.filter(application=application).count() == 1
    _, page = choose_plan_by_links(client, index, "Bronze")
    assert "Enroll in this plan" not in page.content.decode()
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, first.determination)
    assert exc.value.code == "outside_open_enrollment"
    # May: a new month, a new period, and the gold plan (paid for) changes to bronze from
    # June 1.
    Enrollment.objects.filter(pk=first.pk).update(status=states.EFFECTUATED)
    settings.MARKETPLACE_TODAY = date(2026, 5, 20)
    _open_by_links(client, AIAN)
    _, page, done = _enroll(client, index, "Bronze")
    assert done.status_code == 302, page.content.decode()
    first.refresh_from_db()
    second = Enrollment.objects.exclude(pk=first.pk).get(application=application)
    assert second.metal_level.lower() == "bronze"
    assert second.coverage_start == date(2026, 6, 1)
    assert first.coverage_end == date(2026, 5, 31)


def test_the_application_must_record_an_american_indian_or_alaska_native(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    _, _, answer = _open_by_links(client, AIAN)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Which applies to you?" in html and "American Indian or Alaska Native" in html
    assert not SpecialEnrollmentPeriod.objects.exists()
    assert not AuditEvent.objects.filter(action="sep.claimed").exists()


def test_the_attestation_is_required_and_named(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    _, _, answer = _open_by_links(client, VICTIM, attested=False)
    assert answer.status_code == 400
    assert "I confirm that what I chose is true" in answer.content.decode()
    assert not SpecialEnrollmentPeriod.objects.exists()


def test_a_victim_of_domestic_abuse_changes_to_a_plan_of_another_metal_level(client, okafor):
    user, application, silver = okafor
    client.force_login(user)
    index, _, opened = _open_by_links(client, VICTIM)
    assert opened.status_code == 302
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (period.event_date, period.closes) == (SPRING, date(2026, 6, 9))  # (c)(1): 60 days
    _, page, done = _enroll(client, index, "Gold")
    assert done.status_code == 302, page.content.decode()
    silver.refresh_from_db()
    gold = Enrollment.objects.exclude(pk=silver.pk).get(application=application)
    assert gold.metal_level.lower() == "gold" and gold.coverage_start == date(2026, 5, 1)
    assert silver.coverage_end == date(2026, 4, 30)
    assert silver.status in (states.TERMINATED, states.CANCELLED)


def test_the_screener_offers_a_signed_in_person_the_button_to_open_it(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    html = client.post(
        "/changes/periods/", {"event": VICTIM, "event_date": SPRING.isoformat()}
    ).content.decode()
    assert 'href="/changes/periods/attest/"' in html
    html = client.post(
        "/changes/periods/", {"event": "marriage", "event_date": SPRING.isoformat()}
    ).content.decode()
    assert 'href="/changes/periods/attest/"' not in html


def test_the_page_to_open_a_period_is_in_spanish(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    client.cookies["marketplace_language"] = "es"
    html = client.get("/changes/periods/attest/").content.decode()
    assert "Abrir un período especial de inscripción" in html
    assert "¿Cuál se aplica a usted?" in html and "Confirmo que lo que elegí" in html
    assert re.search(r"violencia doméstica", html)
