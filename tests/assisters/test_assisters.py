"""Navigators, counsellors and brokers acting for households that authorised them (45 CFR
155.210, 155.225, 155.220), through the pages a person uses."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from marketplace.applications.models import Application
from marketplace.assisters import actions
from marketplace.audit.models import AuditEvent
from marketplace.edi.models import OutboundTransaction
from marketplace.edi.serialize import load
from marketplace.enrollment.models import Enrollment
from tests.assisters.conftest import authorise_on_page, consumer, signed_in
from tests.enrollment.conftest import cheapest_silver, determined, sam

pytestmark = pytest.mark.django_db


def test_a_broker_needs_a_well_formed_npn(db):
    with pytest.raises(ValidationError, match="1 to 10 digits"):
        actions.register(
            email="b1@example.org",
            organisation="Agency",
            kind="broker",
            first_name="Bea",
            last_name="Lo",
            npn="12AB",
        )
    with pytest.raises(ValidationError, match="needs a National Producer Number"):
        actions.register(
            email="b2@example.org",
            organisation="Agency",
            kind="broker",
            first_name="Bea",
            last_name="Lo",
        )
    made = actions.register(
        email="b3@example.org",
        organisation="Agency",
        kind="broker",
        first_name="Bea",
        last_name="Lo",
        npn="12345678",
    )
    assert made.channel == "broker" and made.user.role == "assister"


def test_a_household_authorises_a_navigator_who_then_helps_it_apply(navigator):
    sam_user = consumer("sam@example.org")
    authorise_on_page(sam_user, navigator.code)
    helper = signed_in(navigator.user)
    page = helper.get("/assist/")
    assert "sam@example.org" in page.content.decode()
    standing = actions.standing_for(sam_user)
    started = helper.post(f"/assist/clients/{standing.public_id}/start/")
    assert started["Location"] == "/apply/"
    assert "You are helping sam@example.org" in helper.get("/apply/").content.decode()
    helper.post("/apply/start/")
    application = Application.objects.get(owner=sam_user)
    event = AuditEvent.objects.get(action="application.started", object_id=str(application.pk))
    assert event.actor_id == navigator.user.pk
    assert event.detail["channel"] == "assister"
    assert event.detail["on_behalf_of"] == sam_user.pk


def test_an_assister_cannot_reach_a_household_that_did_not_authorise_them(navigator, broker):
    sam_user, determination = determined("sam@example.org", sam())
    ben = consumer("ben@example.org")
    authorise_on_page(ben, navigator.code)
    authorise_on_page(sam_user, broker.code)  # Sam chose the broker, not Nadia
    sams = actions.standing_for(sam_user)
    helper = signed_in(navigator.user)
    assert "sam@example.org" not in helper.get("/assist/").content.decode()
    assert helper.post(f"/assist/clients/{sams.public_id}/start/").status_code == 404
    # Even while she helps Ben, Sam's records answer 404.
    helper.post(f"/assist/clients/{actions.standing_for(ben).public_id}/start/")
    application = determination.application
    assert helper.get(f"/apply/{application.public_id}/review/").status_code == 404
    assert helper.get(f"/enroll/{determination.public_id}/").status_code == 404


def test_withdrawing_ends_the_helpers_access_at_the_next_click(navigator):
    sam_user, determination = determined("sam@example.org", sam())
    client = authorise_on_page(sam_user, navigator.code)
    helper = signed_in(navigator.user)
    standing = actions.standing_for(sam_user)
    helper.post(f"/assist/clients/{standing.public_id}/start/")
    assert helper.get(f"/enroll/{determination.public_id}/").status_code == 200
    response = client.post(f"/assist/helpers/{standing.public_id}/withdraw/")
    assert response.status_code == 302
    assert actions.standing_for(sam_user) is None
    assert helper.get(f"/enroll/{determination.public_id}/").status_code == 404
    assert "sam@example.org" not in helper.get("/assist/").content.decode()
    withdrawn = AuditEvent.objects.get(action="assister.withdrawn")
    assert withdrawn.actor_id == sam_user.pk and withdrawn.detail["by"] == "consumer"


def test_authorising_another_helper_withdraws_the_first(navigator, broker):
    sam_user = consumer("sam@example.org")
    authorise_on_page(sam_user, navigator.code)
    client = authorise_on_page(sam_user, broker.npn)  # a broker may be named by NPN
    assert actions.standing_for(sam_user).assister == broker
    assert not actions.clients(navigator).exists()
    page = client.get("/assist/helpers/").content.decode()
    assert "Bruno Costa" in page and "17439876" in page


def test_an_unknown_helper_id_is_named_on_the_form_and_nothing_is_authorised(db):
    sam_user = consumer("sam@example.org")
    response = signed_in(sam_user).post("/assist/helpers/", {"code": "HZZZZZZZ", "consent": "on"})
    assert response.status_code == 200
    assert "We found no helper with this ID or NPN" in response.content.decode()
    assert actions.standing_for(sam_user) is None


def test_a_broker_enrolls_an_authorised_household_and_the_834_names_the_broker(broker):
    sam_user, determination = determined("sam@example.org", sam())
    authorise_on_page(sam_user, broker.code)
    helper = signed_in(broker.user)
    helper.post(f"/assist/clients/{actions.standing_for(sam_user).public_id}/start/")
    plan_id = cheapest_silver(determination)
    url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
    assert helper.get(url).status_code == 200
    response = helper.post(
        url, {"truthful": "on", "reconcile": "on", "terms": "on", "token": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(owner=sam_user)
    assert (enrollment.broker_name, enrollment.broker_npn) == ("Bruno Costa", "17439876")
    txn = load(OutboundTransaction.objects.get(enrollment=enrollment).payload)
    assert (txn.broker_name, txn.broker_npn) == ("Bruno Costa", "17439876")
    event = AuditEvent.objects.get(action="enrollment.selected")
    assert event.actor_id == broker.user.pk and event.detail["channel"] == "broker"


def test_a_household_enrolling_by_itself_sends_no_broker(broker):
    sam_user, determination = determined("sam@example.org", sam())
    authorise_on_page(sam_user, broker.code)
    plan_id = cheapest_silver(determination)
    url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
    signed_in(sam_user).post(
        url, {"truthful": "on", "reconcile": "on", "terms": "on", "token": str(uuid.uuid4())}
    )
    enrollment = Enrollment.objects.get(owner=sam_user)
    assert enrollment.broker_npn == ""
    assert load(OutboundTransaction.objects.get(enrollment=enrollment).payload).broker_npn is None


def test_the_consumer_pages_speak_spanish(navigator):
    sam_user = consumer("sam@example.org")
    client = signed_in(sam_user)
    page = client.get("/assist/helpers/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Personas que le ayudan" in page


def test_the_exchange_enrols_a_broker_from_the_command_line(db):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "create-assister",
        "bea@example.org",
        organisation="Agency",
        kind="broker",
        first_name="Bea",
        last_name="Lo",
        npn="12345678",
        stdout=out,
    )
    helper = actions.find("12345678")
    assert helper.code in out.getvalue() and helper.user.email_verified
    with pytest.raises(CommandError, match="npn"):
        call_command(
            "create-assister",
            "cy@example.org",
            organisation="Agency",
            kind="broker",
            first_name="Cy",
            last_name="Lo",
            npn="12-3",
            stdout=out,
        )


def test_a_broker_authorised_after_enrolling_becomes_the_agent_of_record(broker):
    sam_user, determination = determined("sam@example.org", sam())
    plan_id = cheapest_silver(determination)
    url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
    signed_in(sam_user).post(
        url, {"truthful": "on", "reconcile": "on", "terms": "on", "token": str(uuid.uuid4())}
    )
    authorise_on_page(sam_user, broker.npn)
    authorise_on_page(sam_user, broker.npn)  # the same broker again: nothing more is sent
    enrollment = Enrollment.objects.get(owner=sam_user)
    assert enrollment.broker_npn == "17439876"
    (change,) = OutboundTransaction.objects.filter(enrollment=enrollment, maintenance_type="001")
    txn = load(change.payload)
    assert txn.additional_maintenance_reason == "AGENT BROKER INFO"
    assert [m.is_subscriber for m in txn.members] == [True]
    assert (txn.broker_name, txn.broker_npn) == ("Bruno Costa", "17439876")


def test_withdrawing_a_broker_removes_them_as_agent_of_record(broker, navigator):
    sam_user, determination = determined("sam@example.org", sam())
    plan_id = cheapest_silver(determination)
    url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
    signed_in(sam_user).post(
        url, {"truthful": "on", "reconcile": "on", "terms": "on", "token": str(uuid.uuid4())}
    )
    client = authorise_on_page(sam_user, broker.npn)
    standing = actions.standing_for(sam_user)
    assert client.post(f"/assist/helpers/{standing.public_id}/withdraw/").status_code == 302
    enrollment = Enrollment.objects.get(owner=sam_user)
    assert (enrollment.broker_name, enrollment.broker_npn) == ("", "")
    _added, removed = OutboundTransaction.objects.filter(
        enrollment=enrollment, maintenance_type="001"
    ).order_by("id")
    txn = load(removed.payload)
    assert txn.additional_maintenance_reason == "AGENT BROKER INFO"
    assert (txn.broker_name, txn.broker_npn) == (None, None)
    # Withdrawing again sends nothing more; a navigator afterwards carries no broker.
    actions.withdraw(standing, by=sam_user)
    authorise_on_page(sam_user, navigator.code)
    assert OutboundTransaction.objects.filter(enrollment=enrollment).count() == 3


def test_switching_from_a_broker_to_a_navigator_removes_the_broker(broker, navigator):
    sam_user, determination = determined("sam@example.org", sam())
    plan_id = cheapest_silver(determination)
    url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
    signed_in(sam_user).post(
        url, {"truthful": "on", "reconcile": "on", "terms": "on", "token": str(uuid.uuid4())}
    )
    authorise_on_page(sam_user, broker.npn)
    authorise_on_page(sam_user, navigator.code)
    assert Enrollment.objects.get(owner=sam_user).broker_npn == ""
