"""The pages: a signed-in person reports a change by following links from My coverage and
sees what changed with the arithmetic; a caseworker reports one for a household and grants
a special enrollment period for exceptional circumstances; anyone checks which periods they
have. Bad input names the field and keeps what was typed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.changes.models import ReportedChange, SpecialEnrollmentPeriod
from tests.changes.conftest import member
from tests.staff import caseworker

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _follow(client, page: str, text_part: str) -> str:
    html = client.get(page).content.decode()
    for href in _links(html):
        if text_part in href:
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link with {text_part!r} on {page}")


def test_a_person_reports_an_income_change_from_my_coverage(client, okafor):
    user, application, enrollment = okafor
    client.force_login(user)
    index = _follow(client, "/enroll/coverage/", "/changes/")
    report = _follow(client, index, "kind=income")
    page = client.get(report)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    sam = member(application, "Sam")
    answer = client.post(
        report,
        {
            "kind": "income",
            "token": token,
            "event_date": "2026-04-01",
            "member": str(sam.public_id),
            "annual_income": "52,000",
            "income_source": "wages",
        },
    )
    assert answer.status_code == 302
    result = client.get(answer["Location"]).content.decode()
    assert 'data-figure="aptc"' in result and 'data-figure="expected_contribution"' in result
    assert "$52,000" in result
    enrollment.refresh_from_db()
    assert f"{enrollment.premium_after_credit:,.2f}" in result


def test_a_change_page_names_the_bad_field_and_keeps_what_was_typed(client, okafor):
    user, _application, _ = okafor
    client.force_login(user)
    answer = client.post(
        "/changes/report/",
        {
            "kind": "income",
            "token": "x",
            "event_date": "2026-04-01",
            "annual_income": "lots",
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Who is this about?: please answer this question." in html
    assert 'value="lots"' in html
    assert ReportedChange.objects.count() == 0


def test_someone_elses_change_is_not_found(client, okafor, db):
    from tests.applications.conftest import make_user

    _user, application, _ = okafor
    change = ReportedChange.objects.create(
        application=application,
        kind="tobacco",
        event_date=date(2026, 4, 1),
        reported_on=date(2026, 4, 1),
        token="00000000-0000-0000-0000-000000000001",
    )
    client.force_login(make_user("ben@example.org"))
    assert client.get(f"/changes/{change.public_id}/").status_code == 404


def test_the_screener_tells_anyone_the_window_and_start_date(client, okafor):
    page = client.post(
        "/changes/periods/", {"event": "loss_of_coverage", "event_date": "2026-04-30"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "45 CFR 155.420(d)(1)" in html
    assert "May 1, 2026" in html  # chosen on April 10, before the loss: the day after


def test_the_screener_asks_by_post_so_the_event_never_sits_in_an_address(client, db):
    page = client.get("/changes/periods/")
    assert 'method="post"' in page.content.decode()
    query = {"event": "domestic_abuse_or_abandonment", "event_date": "2026-04-30"}
    linked = client.get("/changes/periods/", query)  # an old bookmark: asked nothing
    assert linked.status_code == 200 and 'id="answer"' not in linked.content.decode()
    assert 'id="answer"' in client.post("/changes/periods/", query).content.decode()


def test_the_screener_refuses_a_missing_date_by_name(client, db):
    page = client.post("/changes/periods/", {"event": "marriage", "event_date": ""})
    assert page.status_code == 400
    assert "When did it happen" in page.content.decode()


def test_a_caseworker_reports_a_change_and_grants_exceptional_circumstances(client, okafor):
    _, application, _ = okafor
    carla = caseworker(client)
    case = f"/changes/staff/{application.public_id}/"
    assert client.get(case).status_code == 200
    report = _follow(client, case, "kind=tobacco")
    sam = member(application, "Sam")
    answer = client.post(
        report,
        {
            "kind": "tobacco",
            "token": "t",
            "event_date": "2026-04-01",
            "member": str(sam.public_id),
            "tobacco": "yes",
        },
    )
    assert answer.status_code == 302
    change = ReportedChange.objects.get()
    assert change.by_caseworker and change.reported_by == carla
    grant = _follow(client, case, "/grant/")
    chosen = {"event": "exceptional_circumstances", "event_date": "2026-04-05"}
    missing = client.post(grant, {**chosen, "reason": ""})
    assert missing.status_code == 400 and "Reason: please answer" in missing.content.decode()
    client.post(grant, {**chosen, "reason": "Hospitalised during OE"})
    period = SpecialEnrollmentPeriod.objects.get(event="exceptional_circumstances")
    assert period.granted_by == carla and period.reason == "Hospitalised during OE"
    assert AuditEvent.objects.filter(action="sep.granted").exists()


def test_the_staff_pages_are_not_found_for_a_consumer(client, okafor):
    user, application, _ = okafor
    client.force_login(user)
    assert client.get(f"/changes/staff/{application.public_id}/").status_code == 404


def test_the_screener_tells_the_metal_levels_a_change_in_cost_sharing_allows(client, db):
    """155.420(a)(4)(ii)(A)-(B): more than the same metal level for this period."""
    page = client.post(
        "/changes/periods/", {"event": "subsidy_eligibility_change", "event_date": "2026-04-01"}
    )
    html = page.content.decode()
    assert "you may also change to a silver plan" in html
    assert "one metal level up or down" in html
    other = client.post("/changes/periods/", {"event": "marriage", "event_date": "2026-04-01"})
    assert "one metal level up or down" not in other.content.decode()


def test_dates_at_the_ends_of_the_calendar_are_refused_by_name(client, okafor):
    """A period's window is counted from its event: a date near year 1 or 9999 cannot be
    counted from and is no real event, so the grant page, the change form and the screener
    refuse it by the field's name instead of failing."""
    _, application, _ = okafor
    caseworker(client)
    case = f"/changes/staff/{application.public_id}/"
    grant = _follow(client, case, "/grant/")
    for far in ("9999-12-31", "0001-01-01"):
        answer = client.post(grant, {"event_date": far, "reason": "Hospitalised during OE"})
        assert answer.status_code == 400
        assert "Enter a date between 1900 and" in answer.content.decode()
        screener = client.post("/changes/periods/", {"event": "marriage", "event_date": far})
        assert screener.status_code == 400, far
    assert not SpecialEnrollmentPeriod.objects.exists()
