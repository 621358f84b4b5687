"""A caseworker chooses a plan for a household on the telephone through the person's own
checkout action (casework/plan_choice.py): the enrollment is the one the person's own
checkout makes, recorded as entered by the caseworker on the telephone channel."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.casework import plan_choice
from marketplace.casework.models import PlanChoice
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment.models import Enrollment
from tests.enrollment.conftest import ATTESTED, cheapest_silver, determined, enroll, sam

pytestmark = pytest.mark.django_db

SAME = (
    "plan_id",
    "plan_name",
    "metal_level",
    "coverage_year",
    "coverage_start",
    "premium",
    "ehb_premium",
    "max_aptc",
    "elected_aptc",
    "state_subsidy",
    "state_program",
    "premium_after_credit",
    "csr_level",
    "rating_area",
    "status",
    "language",
)


def _facts(enrollment: Enrollment) -> dict:
    members = [
        (m.first_name, m.relationship, m.is_subscriber, m.age, m.premium, m.birth_date)
        for m in enrollment.members.order_by("position")
    ]
    return {**{name: getattr(enrollment, name) for name in SAME}, "members": members}


def test_the_caseworkers_phone_choice_is_the_enrollment_the_persons_checkout_makes(carla):
    online_user, online_determination = determined("sam@example.org", sam())
    phone_user, phone_determination = determined("sam.okafor@example.org", sam())
    plan_id = cheapest_silver(online_determination)
    own = enroll(online_user, online_determination, plan_id=plan_id, aptc=Decimal("150"))

    chosen = plan_choice.choose_plan(
        owner=phone_user,
        determination=phone_determination,
        plan_id=plan_id,
        elected_aptc=Decimal("150"),
        attestations=ATTESTED,
        token=uuid.uuid4(),
        channel="phone",
        by=carla,
    )
    assert _facts(chosen) == _facts(own)
    assert (own.channel, chosen.channel, chosen.owner) == ("online", "phone", phone_user)
    # Recorded as the caseworker's, on the telephone; the 834 goes out as for anyone.
    record = PlanChoice.objects.get(enrollment=chosen)
    assert (record.entered_by, record.channel, record.owner) == (carla, "phone", phone_user)
    selected = AuditEvent.objects.get(action="enrollment.selected", object_id=str(chosen.pk))
    assert selected.actor == carla
    assert AuditEvent.objects.filter(action="casework.plan_chosen", actor=carla).count() == 1
    assert OutboundTransaction.objects.filter(enrollment=chosen).count() == 1


def test_a_caseworker_chooses_a_plan_from_the_household_page(carla, carla_client):
    user, determination = determined("sam@example.org", sam())
    household = carla_client.get(f"/casework/households/{user.pk}/").content.decode()
    address = f"/casework/households/{user.pk}/plan/"
    assert address in household
    page = carla_client.get(address)
    assert page.status_code == 200
    form = page.context["form"]
    plan_id = cheapest_silver(determination)
    assert plan_id in dict(form.fields["plan"].choices)
    data = {
        "plan": plan_id,
        "aptc": "100",
        "channel": "phone",
        "truthful": "on",
        "reconcile": "on",
        "token": form["token"].value(),
    }
    missing = carla_client.post(address, data)  # "terms" not agreed
    assert missing.status_code == 400
    assert "The person must agree to this before the plan is chosen." in missing.content.decode()
    assert not Enrollment.objects.filter(owner=user).exists()
    response = carla_client.post(address, {**data, "terms": "on"})
    assert (
        response.status_code == 302 and response["Location"] == f"/casework/households/{user.pk}/"
    )
    enrollment = Enrollment.objects.get(owner=user)
    assert (enrollment.channel, enrollment.elected_aptc) == ("phone", Decimal("100.00"))
    carla_client.post(address, {**data, "terms": "on"})  # the same form twice: one enrollment
    assert Enrollment.objects.filter(owner=user).count() == 1


def test_only_staff_who_enter_applications_choose_plans_and_never_for_themselves(carla):
    user, determination = determined("sam@example.org", sam())
    plan_id = cheapest_silver(determination)
    with pytest.raises(plan_choice.PlanChoiceError) as refused:
        plan_choice.choose_plan(
            owner=user,
            determination=determination,
            plan_id=plan_id,
            elected_aptc=Decimal("0"),
            attestations=ATTESTED,
            token=uuid.uuid4(),
            channel="phone",
            by=user,
        )
    assert refused.value.code == "not_allowed"
    with pytest.raises(plan_choice.PlanChoiceError) as refused:
        plan_choice.choose_plan(
            owner=carla,
            determination=determination,
            plan_id=plan_id,
            elected_aptc=Decimal("0"),
            attestations=ATTESTED,
            token=uuid.uuid4(),
            channel="phone",
            by=carla,
        )
    assert refused.value.code == "own_case"
    assert not Enrollment.objects.exists()
