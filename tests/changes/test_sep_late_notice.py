"""45 CFR 155.420(c)(5) on the pages (ADR 0716): the screener and the report-a-change form
ask, for the events it applies to, when the person learned of the event; the window runs
60 days from that date when it is later than the event; the period records the date and the
reason, and the caseworker sees it. English and Spanish."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.changes import actions as change_actions
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions
from tests.changes.conftest import member, report
from tests.changes.sep_support import checkout
from tests.staff import caseworker

pytestmark = pytest.mark.django_db

SCREENER = "/changes/periods/"
LABEL = "the date you learned of it (optional)"


def _ask(client, settings, today: str, **data):
    settings.MARKETPLACE_TODAY = date.fromisoformat(today)
    return client.post(SCREENER, data)


@pytest.mark.parametrize(
    ("today", "says_open"),
    [("2026-06-14", True), ("2026-06-15", False)],  # learned + 60, learned + 61
)
def test_the_screener_counts_60_days_from_the_learned_date(client, settings, today, says_open):
    page = _ask(
        client,
        settings,
        today,
        event="newly_lawfully_present",
        event_date="2026-02-01",
        learned_on="2026-04-15",
    )
    html = page.content.decode().split('id="answer"', 1)[1]
    assert "Feb. 1, 2026 to June 14, 2026" in html
    assert ("(open now)" in html) is says_open
    assert 'id="learned-on"' in html and "45 CFR 155.420(c)(5)" in html


def test_a_learned_date_before_the_event_changes_nothing(client, settings):
    html = _ask(
        client,
        settings,
        "2026-03-01",
        event="newly_lawfully_present",
        event_date="2026-02-01",
        learned_on="2026-01-20",
    ).content.decode()
    assert "Feb. 1, 2026 to April 2, 2026" in html
    assert 'id="learned-on"' not in html


def test_a_learned_date_in_the_future_is_refused_naming_the_field(client, settings):
    page = _ask(
        client,
        settings,
        "2026-03-01",
        event="newly_lawfully_present",
        event_date="2026-02-01",
        learned_on="2026-03-02",
    )
    assert page.status_code == 400
    assert f"{LABEL}: the date cannot be in the future." in page.content.decode()


def test_the_screener_refuses_a_learned_date_for_a_claimed_period(client, settings):
    page = _ask(
        client,
        settings,
        "2026-03-01",
        event="domestic_abuse_or_abandonment",
        event_date="2026-02-01",
        learned_on="2026-02-20",
    )
    assert page.status_code == 400
    assert f"{LABEL}: this period does not count from the day you learned" in (
        page.content.decode()
    )


def _report_lost(client, application, **more):
    sam = member(application, "Sam")
    data = {"kind": "coverage_lost", "token": "t1", "event_date": "2026-01-31"}
    return client.post("/changes/report/", {**data, "member": str(sam.public_id), **more})


def test_a_late_notice_of_a_loss_reported_and_used_at_the_edge(client, uninsured):
    """Coverage ended January 31; the person learned of it on April 1: 60 days from then,
    to May 31 (the event's own window closed April 1)."""
    user, application, _ = uninsured
    client.force_login(user)
    form = client.get("/changes/report/?kind=coverage_lost").content.decode()
    assert LABEL in form and "Last day of the old coverage" in form
    assert _report_lost(client, application, learned_on="2026-04-01").status_code == 302
    row = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (row.event, row.opens, row.closes) == (
        "loss_of_coverage",
        date(2025, 12, 2),
        date(2026, 5, 31),
    )
    assert row.learned_on == date(2026, 4, 1)
    assert "155.420(c)(5)" in row.late_notice_reason and "2026-04-01" in row.late_notice_reason
    latest = application.determinations.first()
    with pytest.raises(actions.EnrollmentError):
        checkout(user, latest, on=date(2026, 6, 1))  # learned + 61: out
    enrollment = checkout(user, latest, on=date(2026, 5, 31))  # learned + 60: in
    assert enrollment.coverage_start == date(2026, 6, 1)


def test_the_caseworker_sees_the_learned_date(client, uninsured):
    user, application, _ = uninsured
    client.force_login(user)
    _report_lost(client, application, learned_on="2026-04-01")
    caseworker(client)
    page = client.get(f"/changes/staff/{application.public_id}/").content.decode()
    assert "learned of it on April 1, 2026" in page and "155.420(c)(5)" in page


def test_the_report_form_refuses_a_future_learned_date_by_name(client, uninsured):
    user, application, _ = uninsured
    client.force_login(user)
    page = _report_lost(client, application, learned_on="2026-04-11")
    assert page.status_code == 400
    assert f"{LABEL}: the date cannot be in the future." in page.content.decode()
    assert not SpecialEnrollmentPeriod.objects.filter(application=application).exists()


def test_the_question_is_asked_only_for_the_events_it_applies_to(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    tobacco = client.get("/changes/report/?kind=tobacco").content.decode()
    assert "Uses tobacco now?" in tobacco and LABEL not in tobacco
    assert LABEL in client.get("/changes/report/?kind=immigration").content.decode()


def test_the_question_in_spanish(client, uninsured, settings):
    user, _, _ = uninsured
    client.force_login(user)
    client.cookies["marketplace_language"] = "es"
    form = client.get("/changes/report/?kind=coverage_lost").content.decode()
    assert "la fecha en que se enteró (opcional)" in form
    assert "Último día de la cobertura anterior" in form
    settings.MARKETPLACE_TODAY = date(2026, 5, 1)
    page = client.post(
        SCREENER,
        {"event": "newly_lawfully_present", "event_date": "2026-02-01", "learned_on": "2026-04-15"},
    ).content.decode()
    assert "el día en que se enteró del evento" in page


def test_the_action_refuses_a_future_learned_date_by_field(uninsured):
    _, application, _ = uninsured
    sam = str(member(application, "Sam").public_id)
    with pytest.raises(change_actions.ChangeError) as exc:
        report(application, "coverage_lost", date(2026, 3, 31), member=sam, learned_on="2026-04-11")
    assert exc.value.field == "learned_on"
