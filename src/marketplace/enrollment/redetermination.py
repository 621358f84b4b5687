"""Apply a new determination to an active enrollment, through the enrollment's own actions.

Called inside the transaction that made the determination (today: a verification deadline
passed, verifications/actions.py `expire`), so the determination, the enrollment changes and
their 834s in the outbox commit together or not at all. Every change takes effect on the
first day of the month after the notice (45 CFR 155.330(f)(1)(i)); a member who is no longer
eligible for a QHP stays covered until the last day of the month after the notice's month
(155.430(b)(2)(i), (d)(3)).

- Nobody on the policy is still eligible for a QHP (e.g. citizenship not verified, 45 CFR
  155.315(f)(5)): a policy in force gets the new maximum APTC from the effective date, then
  `actions.end_for_ineligibility` ends it; one never effectuated is only cancelled.
- The household's CSR level now calls for another variant of the plan (a silver plan, or
  AI/AN cost sharing; 45 CFR 156.420): `maintenance.change_csr_variant` moves the same policy
  to the new variant from the effective date, with the new maximum APTC (one 001, AMRC CSR
  VARIANT CHANGE).
- Otherwise: `actions.change_aptc` with the new household maximum (the election is kept
  when it still fits under it); one 001 FINANCIAL CHANGE when APTC AMT changes.
- Then each member who is no longer eligible leaves the policy (`maintenance.remove_member`,
  reason "not_eligible"): a dependent's 024 (07, TERM-NLE) and the others' new premium as a
  001; the subscriber last, through a CIC pair that gives the others a new subscriber.
- What is still not sent by itself is returned as `followups` for casework (recorded by the
  caller): a policy whose only adult leaves (a child-only policy needs its custodial
  parent, 2100F, which this exchange does not send), a removal or variant change an action
  refused (e.g. the plan has no variant for the new level, the application changed since
  the determination), and a change that would take effect after the policy's last day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marketplace.determinations.models import Determination
from marketplace.enrollment import actions, dates, maintenance, policy_writes, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import (
    NotEnrollable,
    enrollment_group,
    for_policy,
    policy_variant,
)

#: Why an action refused, in the caseworkers' words (English, staff-only).
REFUSALS = {
    "child_only_policy": (
        "no adult is left to be the subscriber: a child-only policy needs its custodial "
        "parent (834 loop 2100F), which is not sent automatically"
    ),
    "variant_not_offered": "the plan has no variant for the new cost-sharing level",
    "stale_determination": "the application changed since the determination",
    "ends_with_policy": "the policy ends by then anyway; nothing was sent",
    "plan_year_over": "the change falls after the plan year; nothing was sent",
}


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


def _refused(exc: actions.EnrollmentError) -> str:
    return REFUSALS.get(exc.code, f"refused ({exc.code}: {exc})")


def apply(
    enrollment: Enrollment,
    determination: Determination,
    *,
    notice_date: date,
    actor=None,
    people=None,
) -> Applied:
    """Apply `determination` to `enrollment` as of a notice dated `notice_date`, effective
    the first of the next month (45 CFR 155.330(f)(1)(i)). `people`: the application's
    members in the rules input's order, when the caller has them."""
    applied = Applied(enrollment.policy_id)
    effective = dates.redetermination_effective(notice_date)
    group = _group(applied, enrollment, determination, effective, people)
    if group is None:
        return applied
    eligible = {m.person.pk for m in group.members}
    members = enrollment.covered_members()
    losing = [m for m in members if m.person_id not in eligible]
    everyone = bool(losing) and len(losing) == len(members)
    if everyone and not actions.in_force(enrollment):
        # Never effectuated: cancelled from its start, so no APTC change is worth sending.
        return _ended(applied, enrollment, members, determination, notice_date, actor)
    old_aptc = enrollment.elected_aptc
    current = None
    on_policy = for_policy(group, members)
    variant = policy_variant(group, enrollment.plan_id)
    if not everyone and variant != enrollment.plan_id[14:]:
        current = _change_variant(applied, enrollment, on_policy, variant, effective, actor)
    if current is None:
        current = actions.change_aptc(
            enrollment,
            min(enrollment.elected_aptc, on_policy.max_aptc),
            on=notice_date,
            max_aptc=on_policy.max_aptc,
            determination=determination,
            actor=actor,
            members=members,
            benchmark=on_policy.benchmark,
        )
    _note_aptc(applied, enrollment, old_aptc, current, effective)
    if everyone:
        return _ended(applied, current, members, determination, notice_date, actor)
    end = dates.ineligibility_end(current.coverage_start, notice_date)
    # Dependents first; the subscriber last, whose CIC pair carries the others on.
    for member in sorted(losing, key=lambda m: m.is_subscriber):
        current = _remove(applied, enrollment, current, member, end, actor)
    return applied


def _group(applied: Applied, enrollment, determination, effective: date, people):
    """The determination's enrollment group for the policy, or None with a followup for
    casework: a change that would take effect after the policy's last day is not sent, and
    a determination with nobody eligible for a QHP (45 CFR 155.305(a)) is not applied here."""
    if effective > policy_writes.last_day(enrollment):
        applied.followups.append(
            f"Policy {enrollment.policy_id}: the change would take effect on "
            f"{effective.isoformat()}, after the policy's last day; nothing was sent."
        )
        return None
    try:
        return enrollment_group(determination, people)
    except NotEnrollable as exc:
        applied.followups.append(f"Policy {enrollment.policy_id}: not applied ({exc}).")
        return None


def _note_aptc(applied: Applied, enrollment, old_aptc, current, effective: date) -> None:
    """For the notice: the APTC changed from `old_aptc` (45 CFR 155.330(f)(1)(i))."""
    if current.elected_aptc != old_aptc:
        applied.changes.append(
            {
                "kind": "aptc",
                "policy_id": enrollment.policy_id,
                "old": str(old_aptc),
                "new": str(current.elected_aptc),
                "effective": effective.isoformat(),
            }
        )


def _change_variant(applied: Applied, enrollment, group, variant, effective, actor):
    """The CSR variant change (one 001 on the same policy); None when refused (the APTC
    change is then made on the policy as it is, and casework is asked to look at the
    variant)."""
    old_csr = _csr(enrollment.csr_level)
    change = {
        "kind": "csr",
        "policy_id": enrollment.policy_id,
        "old": old_csr,
        "new": _csr(group.csr),
        "effective": effective.isoformat(),
    }
    try:
        new = maintenance.change_csr_variant(
            enrollment,
            variant,
            effective=effective,
            csr_level=_csr(group.csr),
            max_aptc=group.max_aptc,
            determination=group.determination,
            actor=actor,
            benchmark=group.benchmark,
        )
    except actions.EnrollmentError as exc:
        applied.followups.append(
            f"Policy {enrollment.policy_id}: cost-sharing reduction level changes from "
            f"{old_csr or 'none'} to {group.csr or 'none'} effective {effective.isoformat()} "
            f"(45 CFR 155.330(f)(1)); the plan variant change was not sent: {_refused(exc)}."
        )
        applied.changes.append(change)
        return None
    applied.changes.append({**change, "automated": True, "plan_id": new.plan_id})
    return new


def _remove(applied: Applied, enrollment, current, member, end: date, actor):
    """Take one member who lost eligibility off `current`; returns the policy the others
    are on. A refusal leaves the policy as it is and asks casework to do it."""
    role = "the subscriber" if member.is_subscriber else "a dependent"
    on_policy = current.members.filter(member_id=member.member_id).first() or member
    try:
        after = maintenance.remove_member(
            current, on_policy, end_date=end, reason="not_eligible", actor=actor
        )
    except actions.EnrollmentError as exc:
        applied.followups.append(
            f"Policy {current.policy_id}: {member.name} ({role}, member {member.member_id}) "
            f"is no longer eligible for a QHP; last day of coverage {end.isoformat()} "
            f"(45 CFR 155.430(b)(2)(i), (d)(3)). Not sent automatically: {_refused(exc)}."
        )
        applied.changes.append(
            {"kind": "review", "policy_id": enrollment.policy_id, "names": [member.name]}
        )
        return current
    on_policy.refresh_from_db()
    replaced = after.pk != current.pk  # the subscriber left: the policy ended with them
    last = after.replaces.coverage_end if replaced else on_policy.coverage_end
    change = {
        "kind": "review",
        "policy_id": enrollment.policy_id,
        "names": [member.name],
        "automated": True,
        "end": last.isoformat(),
        # Never in force (or ending by its begin date): the member is cancelled, not ended.
        "cancelled": last <= current.coverage_start,
    }
    if replaced:
        change["new_policy_id"] = after.policy_id
        change["start"] = after.coverage_start.isoformat()
    applied.changes.append(change)
    return after


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
