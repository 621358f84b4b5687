"""What edi may do to enrollments (edi/enrollments.py: edi sits below enrollment and calls
these through the hooks registered in `EnrollmentConfig.ready()`)."""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.edi.enrollments import EnrollmentHooks
from marketplace.enrollment import actions, grace, states
from marketplace.enrollment.models import Enrollment, EnrollmentMember

#: Our status -> the status the issuer should show (edi/reconcile.py).
ISSUER_STATUS = {
    states.SELECTED: "pending",  # an addition sent, then a change before the next export
    states.TRANSMITTED: "pending",
    states.EFFECTUATED: "effectuated",
    states.TERMINATED: "terminated",
    states.CANCELLED: "cancelled",
}


def by_policy(policy_id: str) -> Enrollment | None:
    return Enrollment.objects.select_related("issuer").filter(policy_id=policy_id).first()


def report_payment(enrollment: Enrollment, *, delinquent: bool, paid_through, source: str) -> str:
    report = grace.report_delinquent if delinquent else grace.report_paid
    try:
        report(enrollment, paid_through=paid_through, source=source)
    except grace.GraceError as exc:
        return str(exc)
    return ""


def respell(enrollment_id: int, member_id: str, changes: dict) -> None:
    EnrollmentMember.objects.filter(enrollment_id=enrollment_id, member_id=member_id).update(
        **changes
    )


def for_reconciliation(enrollment_ids: Iterable[int]) -> list[dict]:
    return [
        {
            "policy_id": e.policy_id,
            "subscriber_id": e.subscriber_id,
            "plan_id": e.plan_id,
            "status": ISSUER_STATUS[e.status],
            "coverage_start": e.coverage_start,
            "coverage_end": e.coverage_end,
            "premium": e.premium,
            "aptc": e.elected_aptc,
            "member_ids": [m.member_id for m in e.covered_members()],
        }
        for e in Enrollment.objects.filter(pk__in=enrollment_ids).prefetch_related("members")
    ]


HOOKS = EnrollmentHooks(
    by_policy=by_policy,
    effectuate=actions.effectuate,
    issuer_end=actions.issuer_end,
    report_payment=report_payment,
    mark_transmitted=actions.mark_transmitted,
    respell=respell,
    for_reconciliation=for_reconciliation,
)
