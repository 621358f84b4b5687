"""Expedited appeals (45 CFR 155.540, 155.545(b)(3)), informal resolution before the hearing
(155.535(a)) and the record of an appeal to HHS (155.520(c)), through the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.appeals import actions, expedited
from marketplace.appeals.models import Appeal
from marketplace.audit.models import AuditEvent
from marketplace.notices.models import Notice
from marketplace.notices.render import render_html
from tests.appeals.conftest import signed_in
from tests.appeals.journey_support import ask_for_appeal, notice_steps, request_by
from tests.enrollment.conftest import IN_OPEN_ENROLLMENT

pytestmark = pytest.mark.django_db


def _html(user, step: str, language: str = "en") -> str:
    notice = Notice.objects.filter(user=user, kind="appeal", context__step=step).get()
    return render_html(notice.kind, language, notice.context, str(notice.public_id))


def test_three_working_days_skip_the_weekend():
    assert expedited.expedited_due(date(2025, 12, 1)) == date(2025, 12, 4)  # Monday
    assert expedited.expedited_due(date(2025, 12, 5)) == date(2025, 12, 10)  # Friday
    assert expedited.expedited_due(date(2025, 12, 6)) == date(2025, 12, 10)  # Saturday


def test_a_granted_expedited_appeal_is_first_in_the_queue_with_its_due_date(
    enrolled_sam, carla, sue
):
    user, determination, _ = enrolled_sam
    older = request_by(user, determination, "3", received_on=IN_OPEN_ENROLLMENT - timedelta(days=5))
    response = ask_for_appeal(signed_in(user), determination, expedited="on")
    assert response.status_code == 302
    appeal = Appeal.objects.get(expedited_requested=True)
    assert appeal.pk != older.pk
    url = f"/appeals/staff/{appeal.public_id}/expedite/"
    assert signed_in(carla).post(url, {"ruling": "grant"}).status_code == 404  # a supervisor rules
    signed_in(sue).post(url, {"ruling": "grant"})
    appeal.refresh_from_db()
    assert (appeal.expedited, appeal.expedited_due) == ("granted", date(2025, 12, 4))
    page = signed_in(carla).get("/appeals/staff/").content.decode()
    assert page.index(appeal.number) < page.index(older.number)
    assert "December 4, 2025" in page or "Dec. 4, 2025" in page
    assert "no later than December 4, 2025" in _html(user, "expedited_granted")
    assert "a más tardar el 4 de diciembre de 2025" in _html(user, "expedited_granted", "es")
    # Ruling twice is refused.
    again = signed_in(sue).post(url, {"ruling": "deny", "reason": "No."}, follow=True)
    assert "No request for an expedited appeal awaits a ruling" in again.content.decode()


def test_a_denied_expedited_appeal_goes_on_the_standard_track_with_a_notice(enrolled_sam, sue):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "4", expedited=True)
    url = f"/appeals/staff/{appeal.public_id}/expedite/"
    refused = signed_in(sue).post(url, {"ruling": "deny"})
    assert "Give the reason for the denial" in refused.content.decode()
    signed_in(sue).post(url, {"ruling": "deny", "reason": "Routine care only."})
    appeal.refresh_from_db()
    assert (appeal.expedited, appeal.expedited_due, appeal.status) == ("denied", None, "received")
    html = _html(user, "expedited_denied")
    assert "Routine care only." in html and "standard process" in html
    assert "within 90 days" in html
    assert "proceso habitual" in _html(user, "expedited_denied", "es")
    assert notice_steps(user) == ["received", "expedited_denied"]


def test_an_accepted_informal_resolution_ends_the_appeal(enrolled_sam, carla):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "5")
    url = f"/appeals/staff/{appeal.public_id}/informal/"
    outcome = "Pay stubs checked; income corrected by a change report."
    signed_in(carla).post(url, {"outcome": outcome, "accepted": "yes"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.informal_outcome, appeal.informal_accepted) == (
        "resolved",
        outcome,
        True,
    )
    assert not appeal.is_open
    assert appeal.number not in signed_in(carla).get("/appeals/staff/").content.decode()
    assert outcome in _html(user, "informal_resolved")
    assert "Su apelación está resuelta" in _html(user, "informal_resolved", "es")
    assert AuditEvent.objects.filter(action="appeal.informal_resolution").count() == 1


def test_a_refused_informal_resolution_goes_to_hearing_and_keeps_the_right(enrolled_sam, carla):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "6")
    url = f"/appeals/staff/{appeal.public_id}/informal/"
    signed_in(carla).post(url, {"outcome": "Offered nothing new.", "accepted": "no"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.informal_accepted) == ("received", False)
    assert "You keep your right to a hearing" in _html(user, "informal_unresolved")
    assert "mantiene su derecho a una audiencia" in _html(user, "informal_unresolved", "es")
    hearing_day = IN_OPEN_ENROLLMENT + timedelta(days=20)
    signed_in(carla).post(
        f"/appeals/staff/{appeal.public_id}/hearing/",
        {"day": hearing_day.isoformat(), "time": "10:00", "mode": "phone"},
    )
    appeal.refresh_from_db()
    assert appeal.status == "hearing_scheduled"


def test_the_decision_notice_names_hhs_and_the_case_records_the_appeal_to_it(
    enrolled_sam, carla, sue, settings
):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "8")
    url = f"/appeals/staff/{appeal.public_id}/hhs/"
    too_soon = signed_in(carla).post(url, {"on": IN_OPEN_ENROLLMENT.isoformat()}, follow=True)
    assert "no decision yet" in too_soon.content.decode()
    actions.decide(appeal, outcome="upheld", text="The income is right.", actor=sue)
    html = _html(user, "decision")
    assert "within 30 days" in html and "tell us the date you asked" in html
    assert "díganos la fecha" in _html(user, "decision", "es")
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT + timedelta(days=12)
    later = (IN_OPEN_ENROLLMENT + timedelta(days=13)).isoformat()
    assert "not after today" in signed_in(carla).post(url, {"on": later}).content.decode()
    on = IN_OPEN_ENROLLMENT + timedelta(days=10)
    signed_in(carla).post(url, {"on": on.isoformat()})
    appeal.refresh_from_db()
    assert appeal.hhs_appeal_on == on
    page = signed_in(carla).get(f"/appeals/staff/{appeal.public_id}/").content.decode()
    assert "Appealed to HHS" in page
    event = AuditEvent.objects.get(action="appeal.hhs_appeal_recorded")
    assert event.detail["within_window"] is True


def test_the_appellant_sees_the_ruling_and_the_hhs_right_in_spanish(enrolled_sam, sue):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "9", expedited=True)
    expedited.rule_on_request(appeal, granted=True, actor=sue)
    actions.decide(appeal, outcome="upheld", text="Right.", actor=sue)
    page = signed_in(user).get(f"/appeals/{appeal.public_id}/", HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Apelación acelerada" in html and "Concedida: la decisión vence el" in html
    assert "dentro de los 30 días siguientes al aviso de decisión" in html
