"""The state machine and the person's changes: APTC change, cancel, terminate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from tests.enrollment.conftest import enroll

pytestmark = pytest.mark.django_db


def test_the_transition_table_has_every_documented_path():
    assert states.next_state("selected", "transmit") == "transmitted"
    assert states.next_state("transmitted", "effectuate") == "effectuated"
    assert states.next_state("effectuated", "terminate") == "terminated"
    assert states.next_state("selected", "cancel") == "cancelled"
    assert states.next_state("transmitted", "cancel") == "cancelled"
    assert states.next_state("effectuated", "cancel") == "cancelled"  # before coverage starts
    for state, event in [
        ("cancelled", "effectuate"),
        ("terminated", "cancel"),
        ("selected", "effectuate"),
        ("effectuated", "transmit"),
    ]:
        with pytest.raises(states.TransitionNotAllowed):
            states.next_state(state, event)


def _effectuated(enrollment: Enrollment) -> Enrollment:
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    enrollment.refresh_from_db()
    return enrollment


def test_an_aptc_change_queues_a_financial_change_from_next_month(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination, aptc=Decimal("0"))
    changed = actions.change_aptc(enrollment, Decimal("50"), on=date(2026, 2, 10), actor=user)
    assert changed.elected_aptc == Decimal("50.00")
    row = OutboundTransaction.objects.filter(enrollment=enrollment).last()
    assert (row.kind, row.maintenance_type, row.additional_reason) == (
        "change",
        "001",
        "FINANCIAL CHANGE",
    )
    assert row.payload["maintenance_effective_date"] == "2026-03-01"
    assert row.payload["aptc_amount"] == "50.00"


def test_an_aptc_change_is_capped_at_the_maximum(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination, aptc=Decimal("0"))
    changed = actions.change_aptc(enrollment, Decimal("99999"), on=date(2026, 2, 10))
    assert changed.elected_aptc == min(changed.max_aptc, changed.ehb_premium)


def test_before_coverage_starts_ending_is_a_cancellation(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination)
    ended = actions.end_coverage(enrollment, on=date(2025, 12, 20), actor=user)
    assert ended.status == states.CANCELLED
    assert ended.coverage_end == ended.coverage_start
    row = OutboundTransaction.objects.filter(enrollment=enrollment).last()
    assert (row.kind, row.maintenance_type, row.maintenance_reason, row.additional_reason) == (
        "cancellation",
        "024",
        "14",
        "CANCEL",
    )
    assert len(row.payload["members"]) == 1  # the subscriber only (CG 7.2.5)


def test_a_never_effectuated_enrollment_is_cancelled_even_after_the_start(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination)
    ended = actions.end_coverage(enrollment, on=date(2026, 3, 3))
    assert ended.status == states.CANCELLED


def test_after_effectuation_ending_is_a_termination_at_month_end_with_14_days_notice(garcia):
    user, determination = garcia
    enrollment = _effectuated(enroll(user, determination))
    ended = actions.end_coverage(enrollment, on=date(2026, 3, 20))
    assert ended.status == states.TERMINATED
    assert ended.coverage_end == date(2026, 4, 30)  # Mar 20 + 14 = Apr 3 -> end of April
    row = OutboundTransaction.objects.filter(enrollment=enrollment).last()
    assert (row.kind, row.maintenance_reason, row.additional_reason) == (
        "termination",
        "14",
        "TERM",
    )
    assert row.payload["coverage_end"] == "2026-04-30"


def test_a_requested_later_end_date_is_kept_to_its_month_end(garcia):
    user, determination = garcia
    enrollment = _effectuated(enroll(user, determination))
    ended = actions.end_coverage(enrollment, on=date(2026, 3, 1), wanted=date(2026, 6, 10))
    assert ended.coverage_end == date(2026, 6, 30)


def test_an_ended_enrollment_cannot_change(garcia):
    user, determination = garcia
    enrollment = actions.end_coverage(enroll(user, determination), on=date(2025, 12, 20))
    with pytest.raises(states.TransitionNotAllowed):
        actions.change_aptc(enrollment, Decimal("10"))
    with pytest.raises(states.TransitionNotAllowed):
        actions.end_coverage(enrollment)


def test_after_cancelling_the_person_can_enroll_again(garcia):
    user, determination = garcia
    actions.end_coverage(enroll(user, determination), on=date(2025, 12, 20))
    again = enroll(user, determination)
    assert again.status == states.SELECTED
