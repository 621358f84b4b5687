"""Apply a new determination to an active enrollment, through the enrollment's own actions.

Called inside the transaction that made the determination (today: a verification deadline
passed, verifications/actions.py `expire`), so the determination, the enrollment change and
its 834 in the outbox commit together or not at all.

- Nobody on the policy is still eligible for a QHP (e.g. citizenship not verified, 45 CFR
  155.315(f)(5)): an effectuated policy gets the new maximum APTC from the first of next
  month (155.330(f)(1)(i)), then `actions.end_for_ineligibility` ends it on the last day of
  the month after the notice (155.430(b)(2)(i), (d)(3)); one never effectuated is only
  cancelled.
- Otherwise: `actions.change_aptc` with the new household maximum (the election is kept
  when it still fits under it), from the first day of the month after the notice
  (155.330(f)(1)(i)); one 001 FINANCIAL CHANGE when APTC AMT changes.
- What this exchange cannot yet send by itself is returned as `followups` for casework (and
  recorded by the caller): taking one member off a policy that continues for the others
  (dependent removal, ADR 0800 "not done"), a subscriber who is no longer eligible while the
  others are, and a change of cost-sharing-reduction variant (a plan variant change). The
  APTC part of those changes is still applied, as the law requires from the effective date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marketplace.determinations.models import Determination
from marketplace.enrollment import actions, dates, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import NotEnrollable, enrollment_group


@dataclass
class Applied:
    """What happened to one policy, for the notice and the caller's records."""

    policy_id: str
    changes: list[dict] = field(default_factory=list)  # JSON-ready, for the notice
    followups: list[str] = field(default_factory=list)  # for casework (English, staff-only)


def active_enrollments(application, year: int) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(
            application=application, coverage_year=year, status__in=states.ACTIVE
        ).order_by("id")
    )


def _csr(value) -> str:
    return str(value or "")


def apply(
    enrollment: Enrollment, determination: Determination, *, notice_date: date, actor=None
) -> Applied:
    """Apply `determination` to `enrollment` as of a notice dated `notice_date`."""
    applied = Applied(enrollment.policy_id)
    effective = dates.redetermination_effective(notice_date)
    last_day = enrollment.coverage_end or date(enrollment.coverage_year, 12, 31)
    if effective > last_day:
        applied.followups.append(
            f"Policy {enrollment.policy_id}: the change would take effect on "
            f"{effective.isoformat()}, after the policy's last day; nothing was sent."
        )
        return applied
    try:
        group = enrollment_group(determination)
    except NotEnrollable as exc:
        applied.followups.append(f"Policy {enrollment.policy_id}: not applied ({exc}).")
        return applied
    eligible = {m.person.pk for m in group.members}
    members = list(enrollment.members.all())
    losing = [m for m in members if m.person_id not in eligible]
    everyone = bool(losing) and len(losing) == len(members)
    if everyone and enrollment.status != states.EFFECTUATED:
        # Never effectuated: cancelled from its start, so no APTC change is worth sending.
        return _ended(applied, enrollment, members, determination, notice_date, actor)
    new_max = group.max_aptc
    old_aptc = enrollment.elected_aptc
    changed = actions.change_aptc(
        enrollment, min(enrollment.elected_aptc, new_max), on=notice_date, max_aptc=new_max,
        determination=determination, actor=actor,
    )  # fmt: skip
    if changed.elected_aptc != old_aptc:
        applied.changes.append(
            {
                "kind": "aptc",
                "policy_id": enrollment.policy_id,
                "old": str(old_aptc),
                "new": str(changed.elected_aptc),
                "effective": effective.isoformat(),
            }
        )
    if everyone:
        return _ended(applied, changed, members, determination, notice_date, actor)
    end = dates.ineligibility_end(enrollment.coverage_start, notice_date).isoformat()
    for member in losing:
        if member.is_subscriber:
            what = (
                f"{member.name} (the subscriber, member {member.member_id}) is no longer "
                f"eligible for a QHP: their coverage ends {end} and the others need a new "
                "subscriber on the policy"
            )
        else:
            what = (
                f"{member.name} (a dependent, member {member.member_id}) is no longer eligible "
                f"for a QHP: take them off the policy, last day of coverage {end}"
            )
        applied.followups.append(
            f"Policy {enrollment.policy_id}: {what} (45 CFR 155.430(b)(2)(i), (d)(3)). Not "
            "sent automatically: member removals are not automated yet."
        )
    if losing:
        applied.changes.append(
            {
                "kind": "review",
                "policy_id": enrollment.policy_id,
                "names": [m.name for m in losing],
            }
        )
    if _csr(group.csr) != _csr(enrollment.csr_level):
        applied.followups.append(
            f"Policy {enrollment.policy_id}: cost-sharing reduction level changes from "
            f"{enrollment.csr_level or 'none'} to {group.csr or 'none'} effective "
            f"{effective.isoformat()} (45 CFR 155.330(f)(1)); the plan variant change is not "
            "sent automatically yet."
        )
        applied.changes.append(
            {
                "kind": "csr",
                "policy_id": enrollment.policy_id,
                "old": _csr(enrollment.csr_level),
                "new": _csr(group.csr),
                "effective": effective.isoformat(),
            }
        )
    return applied


def _ended(applied: Applied, enrollment, members, determination, notice_date, actor) -> Applied:
    ended = actions.end_for_ineligibility(
        enrollment, notice_date=notice_date, determination=determination, actor=actor
    )
    applied.changes.append(
        {
            "kind": "cancel" if ended.status == states.CANCELLED else "end",
            "policy_id": ended.policy_id,
            "end": ended.coverage_end.isoformat(),
            "names": [m.name for m in members],
        }
    )
    return applied
