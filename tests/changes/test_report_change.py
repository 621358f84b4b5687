"""A reported change: stored dated and encrypted, redetermined through the same engine path
with the earlier determination kept, and carried to the policy through the enrollment
actions and the 834 outbox (45 CFR 155.330(e)-(f), 155.420(b))."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.changes import actions
from marketplace.changes.models import ReportedChange, SpecialEnrollmentPeriod
from marketplace.determinations.models import Determination
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.notices.models import Notice
from tests.changes.conftest import (
    SPRING,
    enrolled,
    last_outbox_id,
    member,
    report,
    report_birth,
    sam,
    sent_after,
)

pytestmark = pytest.mark.django_db
MAY_1 = date(2026, 5, 1)


def test_income_rise_lowers_the_credit_on_the_same_policy_from_the_next_month(okafor):
    _, application, enrollment = okafor
    first = application.determinations.first()
    mark = last_outbox_id()
    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="52000",
    )
    assert change.before == first and change.after != first
    assert Determination.objects.filter(pk=first.pk).exists()  # the earlier one is kept
    assert change.after.cause == "change_reported"
    assert change.after.input_snapshot["income"] == 52000
    assert Decimal(str(change.after.result["aptc"])) < Decimal(str(first.result["aptc"]))
    enrollment.refresh_from_db()
    assert enrollment.policy_id == change.effects[0]["policy_id"]
    assert enrollment.elected_aptc == Decimal(str(change.after.result["aptc"])).quantize(
        Decimal("0.01")
    ) or enrollment.elected_aptc < Decimal(str(first.result["aptc"]))
    sent = sent_after(enrollment, mark)
    assert sent and all(t.maintenance_type == "001" for t in sent)
    assert sent[-1].payload["maintenance_effective_date"] == MAY_1.isoformat()


def test_the_details_are_stored_encrypted(okafor):
    _, application, _ = okafor
    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="52000",
    )
    row = ReportedChange.objects.get(pk=change.pk)
    assert "52000" not in row.details_encrypted and "Sam" not in row.details_encrypted
    assert row.details["annual_income"] == "52000"


def test_the_same_form_twice_is_one_change(okafor):
    _, application, _ = okafor
    token = uuid.uuid4()
    kwargs = dict(
        kind="tobacco",
        event_date=SPRING,
        token=token,
        actor=application.owner,
        details={"member": str(member(application, "Sam").public_id), "tobacco": True},
    )
    one = actions.report_change(application, **kwargs)
    two = actions.report_change(application, **kwargs)
    assert one.pk == two.pk
    assert ReportedChange.objects.count() == 1
    assert application.determinations.count() == 2


def test_a_change_is_audited_and_noticed_in_the_persons_language(okafor):
    user, application, _ = okafor
    user.preferred_language = "es"
    user.save()
    change = report(
        application, "tobacco", member=str(member(application, "Sam").public_id), tobacco=True
    )
    assert AuditEvent.objects.filter(action="change.reported", object_id=str(change.pk)).exists()
    notice = Notice.objects.filter(user=user, kind="eligibility").order_by("-id").first()
    assert notice.language == "es"
    assert notice.context["determination_public_id"] == str(change.after.public_id)


def test_an_income_drop_moves_the_household_to_medicaid_and_ends_the_policy(garcia):
    _, application, enrollment = garcia
    change = report(
        application, "income", member=str(member(application, "Maria").public_id), annual_income="0"
    )
    jose = member(application, "Jose")
    report(application, "income", member=str(jose.public_id), annual_income="0")
    latest = application.determinations.first()
    assert all(m["medicaid"] or m["chip"] for m in latest.result["members"])
    enrollment.refresh_from_db()
    assert enrollment.status == states.TERMINATED
    assert enrollment.coverage_end == date(2026, 5, 31)  # 155.430(d)(3)
    assert change.after.result != change.before.result


def test_birth_is_covered_from_the_date_of_birth(db, settings):
    _, application, enrollment = enrolled("lee@example.org", sam(wages=90000), settings)
    born = date(2026, 4, 3)
    mark = last_outbox_id()
    change = report_birth(application, born)
    assert len(change.after.input_snapshot["people"]) == 2
    enrollment.refresh_from_db()
    ada = enrollment.members.get(first_name="Ada")
    added = [c for c in change.effects if c["kind"] == "added"]
    assert added[0]["start"] == born.isoformat()
    sent = sent_after(enrollment, mark)
    joining = [t for t in sent if t.maintenance_type == "021"]
    assert joining and joining[0].payload["coverage_start"] == born.isoformat()
    assert [m["member_id"] for m in joining[0].payload["members"]] == [ada.member_id]
    assert ada.premium > 0 or enrollment.premium > 0
    assert SpecialEnrollmentPeriod.objects.filter(
        application=application, event="birth_or_adoption", event_date=born
    ).exists()


def test_a_newborn_found_eligible_for_medicaid_or_chip_is_not_added_to_the_plan(okafor):
    _, application, enrollment = okafor
    born = date(2026, 4, 3)
    change = report_birth(application, born)
    baby = change.after.result["members"][1]
    assert baby["medicaid"] or baby["chip"]
    assert not enrollment.members.filter(first_name="Ada").exists()


def test_someone_moving_out_leaves_the_policy_at_the_end_of_the_month(garcia):
    _, application, enrollment = garcia
    jose = member(application, "Jose")
    change = report(application, "move_out", member=str(jose.public_id))
    assert "Jose" not in [p["name"].split()[0] for p in change.after.input_snapshot["people"]]
    enrollment.refresh_from_db()
    left = enrollment.members.get(first_name="Jose")
    assert left.coverage_end == date(2026, 4, 30)
    assert left.person_id is None
    assert [m.first_name for m in enrollment.covered_members()] == ["Maria"]


def test_move_out_of_the_state_ends_the_coverage(okafor):
    _, application, enrollment = okafor
    change = report(application, "address", street="1 Main St", city="Burlington", zipcode="05401")
    assert change.details["address_kind"] == "out_of_state"
    assert change.after is None
    enrollment.refresh_from_db()
    assert enrollment.status == states.TERMINATED
    assert enrollment.end_reason == "not_eligible"
    assert enrollment.coverage_end == date(2026, 5, 31)


def test_a_person_cannot_take_the_applicant_off(okafor):
    _, application, _ = okafor
    with pytest.raises(actions.ChangeError) as exc:
        report(application, "death", member=str(member(application, "Sam").public_id))
    assert exc.value.field == "member"
    assert ReportedChange.objects.count() == 0


def test_a_date_too_far_ahead_is_refused_by_field(okafor):
    _, application, _ = okafor
    with pytest.raises(actions.ChangeError) as exc:
        report(
            application,
            "tobacco",
            event_date=date(2026, 8, 1),
            member=str(member(application, "Sam").public_id),
            tobacco=True,
        )
    assert exc.value.field == "event_date"


def test_losing_coverage_opens_a_special_enrollment_period(okafor):
    _, application, _ = okafor
    report(application, "coverage_lost", member=str(member(application, "Sam").public_id))
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.event == "loss_of_coverage"
    assert (period.opens, period.closes) == (date(2026, 2, 9), date(2026, 6, 9))


def test_policy_count_unchanged_for_a_tobacco_change(okafor):
    _, application, _ = okafor
    report(application, "tobacco", member=str(member(application, "Sam").public_id), tobacco=True)
    assert Enrollment.objects.filter(application=application).count() == 1
