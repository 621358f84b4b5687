"""Overrides (casework/overrides.py, ADR 1003): a caseworker overrides a verification or the
income a data source reported, with a reason code; where money changes a supervisor approves
before it takes effect; every override is audited and on the household page.

Sam Okafor (single, 30, $30,000 in Boston) is enrolled with all his tax credit; the data
source's income did not match, so an income verification is open."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.casework import overrides
from marketplace.casework.models import Override
from marketplace.determinations.models import Cause, Determination
from marketplace.enrollment.models import Enrollment
from marketplace.notices.models import Notice
from marketplace.verifications.models import VerificationItem
from tests.enrollment.conftest import determined, enroll, sam
from tests.security.conftest import _person

pytestmark = pytest.mark.django_db


def _item(determination, kind: str) -> VerificationItem:
    application = determination.application
    member = application.members.get(relationship="self")
    return VerificationItem.objects.create(
        application=application,
        determination=determination,
        member=member,
        member_name=member.name,
        type=kind,
        detail="The data source reported $41,000.",
        data_income=Decimal("41000") if kind == "income" else None,
        due_date=timezone.localdate() + timedelta(days=90),
    )


@pytest.fixture
def household(db):
    user, determination = determined("sam@example.org", sam())
    enrollment = enroll(user, determination)
    return user, determination, enrollment


@pytest.fixture
def staff(db):
    return {
        "carla": _person("carla@example.org", "caseworker"),
        "cole": _person("cole@example.org", "caseworker"),
        "sue": _person("sue@example.org", "supervisor"),
        "sid": _person("sid@example.org", "supervisor"),
        "ada": _person("ada@example.org", "administrator"),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _income(determination, by, amount="24000") -> Override:
    return overrides.request_override(
        application=determination.application,
        by=by,
        kind="income",
        reason_code="circumstances",
        note="Hours cut in October; pay stubs seen.",
        income=amount,
    )


def test_a_verification_that_changes_no_money_takes_effect_at_once(household, staff):
    user, determination, _enrollment = household
    item = _item(determination, "citizenship")
    done = overrides.request_override(
        application=determination.application,
        by=staff["carla"],
        kind="verified",
        reason_code="document_seen",
        note="U.S. passport seen at the office.",
        item=item,
    )
    item.refresh_from_db()
    assert (done.status, done.needs_approval, item.status) == ("applied", False, "verified")
    assert item.reviewer == staff["carla"]
    assert "passport" not in done.note_encrypted and done.note.startswith("U.S. passport")
    audited = AuditEvent.objects.filter(object_type="Override")
    actions = set(audited.values_list("action", flat=True))
    assert actions == {"casework.override_requested", "casework.override_applied"}
    page = _client(staff["cole"]).get(f"/casework/households/{user.pk}/")
    assert str(done.public_id) in page.content.decode()
    assert "casework.override_applied" in page.content.decode()  # in the audit trail


def test_an_income_override_waits_for_a_supervisor_then_changes_the_tax_credit(household, staff):
    user, determination, enrollment = household
    item = _item(determination, "income")
    determinations = Determination.objects.filter(application=determination.application)
    asked = _income(determination, staff["carla"])
    # Nothing changes until a supervisor approves: same determination, item open, same credit.
    assert (asked.status, asked.needs_approval) == ("pending", True)
    assert determinations.count() == 1
    item.refresh_from_db()
    assert item.status == "open"
    queue = _client(staff["cole"]).get("/casework/queues/overrides/")
    assert f"/casework/overrides/{asked.public_id}/" in queue.content.decode()

    # Caseworkers cannot approve, their own or anyone's.
    for worker in (staff["carla"], staff["cole"]):
        with pytest.raises(overrides.OverrideError) as refused:
            overrides.approve(asked, by=worker)
        assert refused.value.code == "not_allowed"
        response = _client(worker).post(
            f"/casework/overrides/{asked.public_id}/decision/", {"decision": "approve"}
        )
        assert response.status_code == 404
    asked.refresh_from_db()
    assert asked.status == "pending"

    sue = _client(staff["sue"])
    page = sue.get(f"/casework/overrides/{asked.public_id}/")
    assert 'value="approve"' in page.content.decode()
    response = sue.post(f"/casework/overrides/{asked.public_id}/decision/", {"decision": "approve"})
    assert response.status_code == 302
    asked.refresh_from_db()
    new = determinations.first()
    assert (asked.status, asked.decided_by, asked.determination) == ("applied", staff["sue"], new)
    assert new.cause == Cause.OVERRIDE and new.input_snapshot["income"] == 24000
    assert Decimal(str(new.result["aptc"])) > Decimal(str(determination.result["aptc"]))
    item.refresh_from_db()
    assert item.status == "verified"
    # The policy follows through the enrollment's own path (the larger most he may take;
    # what he elects is his), and Sam gets the eligibility notice.
    current = Enrollment.objects.filter(policy_id=enrollment.policy_id).order_by("-id").first()
    assert current.max_aptc == Decimal(str(new.result["aptc"])).quantize(Decimal("0.01"))
    assert current.max_aptc > enrollment.max_aptc
    assert Notice.objects.filter(user=user, kind="eligibility", related_id=str(new.pk)).exists()
    audited = AuditEvent.objects.filter(object_type="Override", object_id=str(asked.pk))
    assert {e.action for e in audited} == {
        "casework.override_requested",
        "casework.override_approved",
        "casework.override_applied",
    }
    # A second approval changes nothing.
    overrides.approve(asked, by=staff["sue"])
    assert determinations.count() == 2


def test_a_supervisor_cannot_approve_their_own_override_another_can(household, staff):
    _user, determination, _enrollment = household
    asked = _income(determination, staff["sue"])
    with pytest.raises(overrides.OverrideError) as refused:
        overrides.approve(asked, by=staff["sue"])
    assert refused.value.code == "own_override"
    page = _client(staff["sue"]).get(f"/casework/overrides/{asked.public_id}/")
    assert 'value="approve"' not in page.content.decode()
    response = _client(staff["sue"]).post(
        f"/casework/overrides/{asked.public_id}/decision/", {"decision": "approve"}, follow=True
    )
    assert "another supervisor must approve" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == "pending"
    assert overrides.approve(asked, by=staff["sid"]).status == "applied"


def test_a_refused_override_changes_nothing(household, staff):
    _user, determination, _enrollment = household
    asked = _income(determination, staff["carla"])
    refused = overrides.reject(asked, by=staff["ada"])
    assert (refused.status, refused.decided_by) == ("rejected", staff["ada"])
    assert Determination.objects.filter(application=determination.application).count() == 1
    with pytest.raises(overrides.OverrideError):
        overrides.approve(asked, by=staff["sue"])


def test_nobody_overrides_their_own_household(staff):
    from marketplace.applications import actions as application_actions
    from marketplace.applications import seeding

    carla = staff["carla"]
    application = application_actions.start_application(carla)
    seeding.fill_application(application, sam(), actor=carla)
    application.refresh_from_db()
    determination = application_actions.submit_application(application, carla, None)
    with pytest.raises(overrides.OverrideError) as refused:
        _income(determination, carla)
    assert refused.value.code == "own_case"
    assert _client(carla).get(f"/casework/households/{carla.pk}/overrides/new/").status_code == 404


def test_the_page_records_an_override_and_names_the_field_it_needs(household, staff):
    user, determination, _enrollment = household
    carla = _client(staff["carla"])
    address = f"/casework/households/{user.pk}/overrides/new/"
    household_page = carla.get(f"/casework/households/{user.pk}/").content.decode()
    assert address in household_page
    target = f"income:{determination.application.public_id}"
    missing = carla.post(
        address,
        {
            "target": target,
            "reason_code": "data_source_wrong",
            "note": "The employer's record is last year's.",
        },
    )
    assert missing.status_code == 400
    assert "Enter the yearly household income you found." in missing.content.decode()
    assert "last year" in missing.content.decode()  # nothing typed is lost
    response = carla.post(
        address,
        {
            "target": target,
            "reason_code": "data_source_wrong",
            "note": "The employer's record is last year's.",
            "income": "26000",
        },
    )
    asked = Override.objects.get(owner=user)
    assert response["Location"] == f"/casework/overrides/{asked.public_id}/"
    assert (asked.status, asked.income, asked.requested_by) == (
        "pending",
        Decimal("26000.00"),
        staff["carla"],
    )


@pytest.mark.parametrize(
    ("role", "new", "page", "decision"),
    [
        ("anonymous", "login", "login", "login"),
        ("consumer", 404, 404, 404),
        ("assister", 404, 404, 404),
        ("caseworker", 200, 200, 404),
        ("supervisor", 200, 200, 302),
        ("administrator", 200, 200, 302),
    ],
)
def test_every_role(household, staff, role, new, page, decision):
    user, determination, _enrollment = household
    asked = _income(determination, staff["carla"])
    client = Client()
    if role != "anonymous":
        client.force_login(_person(f"{role}-x@example.org", role))
    answers = [
        client.get(f"/casework/households/{user.pk}/overrides/new/"),
        client.get(f"/casework/overrides/{asked.public_id}/"),
        client.post(f"/casework/overrides/{asked.public_id}/decision/", {"decision": "approve"}),
    ]
    got = [
        "login" if r.status_code == 302 and "/login" in r["Location"] else r.status_code
        for r in answers
    ]
    assert got == [new, page, decision]
    asked.refresh_from_db()
    assert asked.status == ("applied" if decision == 302 else "pending")
