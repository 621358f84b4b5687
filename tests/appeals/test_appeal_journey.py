"""An appeal from request to a carried-out decision (45 CFR 155.505-155.555), through the
pages: Sam asks on line, Carla schedules the hearing, Sue records the decision, Carla carries
it out; a new determination, the change to his policy and its 834, a notice at each step."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from marketplace.appeals import actions
from marketplace.appeals.models import Appeal
from marketplace.applications import actions as application_actions
from marketplace.audit.models import AuditEvent
from marketplace.determinations.models import Cause
from marketplace.edi.models import OutboundTransaction
from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice
from marketplace.notices.render import render_html
from tests.appeals.conftest import signed_in
from tests.appeals.journey_support import ask_for_appeal, notice_steps
from tests.applications.conftest import signed_and_submitted
from tests.enrollment.conftest import IN_OPEN_ENROLLMENT

pytestmark = pytest.mark.django_db


def test_an_appeal_goes_from_request_to_a_carried_out_decision(enrolled_sam, carla, sue):
    user, determination, enrollment = enrolled_sam
    sam = signed_in(user)
    assert "/appeals/new/" in sam.get("/appeals/").content.decode()
    response = ask_for_appeal(sam, determination)
    appeal = Appeal.objects.get(appellant=user)
    assert response["Location"] == f"/appeals/{appeal.public_id}/"
    assert (appeal.status, appeal.channel, appeal.received_on) == (
        "received",
        "online",
        IN_OPEN_ENROLLMENT,
    )
    assert appeal.reason.startswith("My hours were cut")  # stored encrypted
    assert "My hours" not in appeal.reason_encrypted

    caseworker = signed_in(carla)
    assert appeal.number in caseworker.get("/appeals/staff/").content.decode()
    hearing_day = IN_OPEN_ENROLLMENT + timedelta(days=20)
    caseworker.post(
        f"/appeals/staff/{appeal.public_id}/hearing/",
        {"day": hearing_day.isoformat(), "time": "10:00", "mode": "phone"},
    )
    appeal.refresh_from_db()
    assert appeal.status == "hearing_scheduled"

    # Only a supervisor records the decision.
    decision = {
        "outcome": "changed",
        "income": "24000",
        "decision_text": "Pay stubs show the lower hours from October.",
    }
    url = f"/appeals/staff/{appeal.public_id}/decision/"
    assert caseworker.post(url, decision).status_code == 404
    signed_in(sue).post(url, decision)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.corrections) == ("decided", {"income": "24000"})

    caseworker.post(f"/appeals/staff/{appeal.public_id}/implement/")
    appeal.refresh_from_db()
    assert appeal.status == "implemented"
    new = appeal.implemented_determination
    assert new.cause == Cause.APPEAL_DECISION
    assert new.input_snapshot["income"] == 24000
    assert Decimal(str(new.result["aptc"])) > Decimal(str(determination.result["aptc"]))
    # The policy follows: a maintenance 834 for the same policy.
    changes = OutboundTransaction.objects.filter(enrollment=enrollment, maintenance_type="001")
    assert changes.exists()
    enrollment.refresh_from_db()
    assert enrollment.max_aptc == Decimal(str(new.result["aptc"])).quantize(Decimal("0.01"))
    assert notice_steps(user) == ["received", "hearing", "decision", "implemented"]
    # A second click changes nothing.
    caseworker.post(f"/appeals/staff/{appeal.public_id}/implement/")
    assert Notice.objects.filter(user=user, kind="appeal").count() == 4
    assert AuditEvent.objects.filter(action="appeal.implemented").count() == 1
    page = sam.get(f"/appeals/{appeal.public_id}/").content.decode()
    assert "Decision carried out" in page
    for notice in Notice.objects.filter(user=user, kind="appeal"):
        render_notice(notice)  # what the worker does
        notice.refresh_from_db()
        assert notice.status == "rendered", notice.error


def test_the_appeal_notices_print_in_spanish(enrolled_sam):
    user, determination, _ = enrolled_sam
    user.preferred_language = "es"
    user.save()
    appeal = actions.request_appeal(
        appellant=user,
        determination=determination,
        reason="Ingreso equivocado.",
        keep_eligibility=True,
        token="2" * 32,
    )
    notice = Notice.objects.get(user=user, kind="appeal")
    assert notice.language == "es"
    html = render_html(notice.kind, notice.language, notice.context, str(notice.public_id))
    assert "Recibimos su apelación" in html and appeal.number in html
    assert "no hay una elegibilidad anterior" in html  # a first determination: nothing to keep


def test_the_window_closes_90_days_after_the_notice(enrolled_sam, settings):
    user, determination, _ = enrolled_sam
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT + timedelta(days=91)
    sam = signed_in(user)
    assert "You have no decision you can still appeal" in sam.get("/appeals/new/").content.decode()
    with pytest.raises(actions.AppealError) as refused:
        actions.request_appeal(
            appellant=user,
            determination=determination,
            reason="late",
            keep_eligibility=False,
            token="7" * 32,
        )
    assert refused.value.code == "too_late"
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT + timedelta(days=90)
    assert actions.appealable(user) == [determination]


def test_a_caseworker_records_a_request_taken_by_phone(enrolled_sam, carla):
    user, determination, _ = enrolled_sam
    caseworker = signed_in(carla)
    page = caseworker.get("/appeals/staff/new/")
    token = page.context["form"]["token"].value()
    data = {
        "application": str(determination.application.public_id),
        "channel": "phone",
        "received_on": IN_OPEN_ENROLLMENT.isoformat(),
        "reason": "Income was wrong.",
        "token": str(token),
    }
    caseworker.post("/appeals/staff/new/", data)
    caseworker.post("/appeals/staff/new/", data)  # a double submit: one appeal
    appeal = Appeal.objects.get(appellant=user)
    assert (appeal.channel, appeal.entered_by) == ("phone", carla)
    event = AuditEvent.objects.get(action="appeal.requested")
    assert event.actor_id == carla.pk and event.detail["channel_received"] == "phone"


def test_a_late_paper_request_is_named_on_the_form(enrolled_sam, carla, settings):
    _, determination, _ = enrolled_sam
    settings.MARKETPLACE_TODAY = date(2026, 4, 1)
    caseworker = signed_in(carla)
    token = caseworker.get("/appeals/staff/new/").context["form"]["token"].value()
    response = caseworker.post(
        "/appeals/staff/new/",
        {
            "application": str(determination.application.public_id),
            "channel": "paper",
            "received_on": "2026-03-31",
            "reason": "Late.",
            "token": str(token),
        },
    )
    assert response.status_code == 200
    assert "more than 90 days after the notice" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_hearing_is_noticed_at_least_15_days_ahead(enrolled_sam, carla):
    user, determination, _ = enrolled_sam
    appeal = actions.request_appeal(
        appellant=user,
        determination=determination,
        reason="Wrong income.",
        keep_eligibility=False,
        token="1" * 32,
    )
    soon = (IN_OPEN_ENROLLMENT + timedelta(days=10)).isoformat()
    response = signed_in(carla).post(
        f"/appeals/staff/{appeal.public_id}/hearing/",
        {"day": soon, "time": "10:00", "mode": "video"},
    )
    assert "at least 15 days" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "received"


def test_the_appeal_pages_speak_spanish(enrolled_sam):
    user, _, _ = enrolled_sam
    page = signed_in(user).get("/appeals/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sus apelaciones" in page and "Pedir una apelación" in page


def _report_income(determination, yearly: int):
    """Sam reports a raise: the application reopened, his wages changed, signed, submitted."""
    application = determination.application
    owner = application.owner
    application = application_actions.reopen_application(application, actor=owner)
    sam = application.members.get(relationship="self")
    application_actions.save_income(
        application, {sam.pk: {"incomes": [("wages", str(yearly), "yearly")]}}, actor=owner
    )
    return signed_and_submitted(application, owner, "Sam Okafor")


def test_eligibility_is_kept_at_its_earlier_level_while_the_appeal_is_decided(enrolled_sam):
    user, first, _ = enrolled_sam
    second = _report_income(first, 45000)
    assert Decimal(str(second.result["aptc"])) < Decimal(str(first.result["aptc"]))
    response = ask_for_appeal(signed_in(user), second, keep_eligibility="on")
    assert response.status_code == 302
    appeal = Appeal.objects.get(appellant=user)
    kept = appeal.pending_determination
    assert kept.cause == Cause.PENDING_APPEAL
    assert kept.input_snapshot["income"] == first.input_snapshot["income"]
    assert kept.result["aptc"] == first.result["aptc"]
    assert first.application.determinations.first() == kept  # the one in force now
    html = render_html("appeal", "en", Notice.objects.get(kind="appeal").context, "x" * 32)
    assert "You keep the eligibility you had before the decision you appealed" in html
