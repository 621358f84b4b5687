"""Effects of a reported change on the household's policies, through the enrollment actions
and the 834 outbox (45 CFR 155.330(f), 155.420(b), 155.430).

- Someone leaves the household (divorce, moving out): they leave each policy at the end of
  the month of the event (`maintenance.remove_member`; the others' new premium and APTC as
  a 001 from the first of the next month, or a CIC pair when the subscriber leaves); a
  policy with nobody else on it ends (`actions.end_coverage`).
- A death: the member's last day of coverage is the date of death (155.430(d)(7)), a 024
  with maintenance reason 03 (death); the others' new premium and APTC from the first of
  the next month; a policy with nobody else on it ends that day (`actions.end_for_death`).
- The new determination goes to each policy through `enrollment.redetermination.apply`
  (APTC, CSR variant, members no longer eligible, e.g. moving to Medicaid; effective the
  first of the month after the notice, 155.330(f)(1)(i)).
- Someone joins (birth, adoption, marriage, moving in) and is eligible for a QHP: they are
  added to the policy (`add_member`): a 021 for them from the date of birth or adoption
  (155.420(b)(2)(i)), else from the first of the next month (155.420(b)(2)(iii)), and a 001
  with the policy's new premium and APTC from the first of the month after the event unless
  it falls on a first.
- A move out of the state: nobody is eligible for this exchange's plans (residency, 45 CFR
  155.305(a)(3)): each policy ends through `actions.end_for_ineligibility`.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db import transaction
from django.db.models import Max

from aca_rules import sep
from marketplace.core import clock
from marketplace.edi import build, outbox
from marketplace.enrollment import actions, address, dates, maintenance, policy_writes, states
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.enrollment.selection import NotEnrollable, enrollment_group, for_policy


def _policy_with(enrollments: list[Enrollment], person_pk: int) -> list[tuple]:
    found = []
    for enrollment in enrollments:
        for member in enrollment.covered_members():
            if member.person_id == person_pk:
                found.append((enrollment, member))
    return found


def person_leaves(
    enrollments, person, event_date: date, actor, died: bool = False
) -> tuple[list, list]:
    """Take `person` off each active policy at the end of the event's month; one who `died`
    on the date of death (45 CFR 155.430(d)(7)), with the 834's maintenance reason 03."""
    changes, followups = [], []
    end = event_date if died else dates.end_of_month(event_date)
    reason = "death" if died else "voluntary"
    for enrollment, member in _policy_with(enrollments, person.pk):
        others = [m for m in enrollment.covered_members() if m.pk != member.pk]
        try:
            if others:
                after = maintenance.remove_member(
                    enrollment, member, end_date=end, reason=reason, actor=actor
                )
                member.refresh_from_db()
                change = {
                    "kind": "review",
                    "policy_id": enrollment.policy_id,
                    "names": [member.name],
                    "automated": True,
                    "end": (member.coverage_end or end).isoformat(),
                }
                if after.pk != enrollment.pk:
                    change["new_policy_id"] = after.policy_id
                    change["start"] = after.coverage_start.isoformat()
            else:
                ended = (
                    actions.end_for_death(enrollment, date_of_death=end, actor=actor)
                    if died
                    else actions.end_coverage(enrollment, wanted=end, actor=actor)
                )
                change = {
                    "kind": "cancel" if ended.status == states.CANCELLED else "end",
                    "policy_id": ended.policy_id,
                    "end": ended.coverage_end.isoformat(),
                    "names": [member.name],
                }
        except actions.EnrollmentError as exc:
            followups.append(
                f"Policy {enrollment.policy_id}: {member.name} leaves the household on "
                f"{event_date.isoformat()}; not sent automatically ({exc.code})."
            )
            continue
        changes.append(change)
    return changes, followups


@transaction.atomic
def add_member(
    enrollment: Enrollment,
    person,
    determination,
    *,
    start: date,
    subsidies_from: date,
    member_id: str,
    actor=None,
) -> Enrollment:
    """Add `person` (found eligible for a QHP in `determination`) to `enrollment` from
    `start`; the policy's new premium and APTC from `subsidies_from` (45 CFR 155.420(b)(2)).
    In one transaction: the member row, the policy priced again for everyone on it with the
    new maximum APTC of the members on it (`selection.for_policy`: a policy that covers only
    some of the household keeps its own coverage family's credit and benchmark, 26 CFR
    1.36B-3(d), (f)) and the election carried over (an enrollee who used all the credit goes
    on using all of it, another keeps the amount they chose, under the new cap: 45 CFR
    155.310(d)(2)), the audit row, and the 834s (`_queue_joining`); a refusal (the plan no
    longer offered to the family) rolls the member row back too. Idempotent: a person
    already on the policy is not added again."""
    locked = actions._lock(enrollment)
    if locked.members.filter(person=person).exists():
        return locked
    if not locked.is_active:
        raise actions.EnrollmentError("not_active")
    start = max(start, locked.coverage_start)
    new = _new_member(locked, person, determination, member_id)
    members = locked.covered_members()
    on_policy = for_policy(enrollment_group(determination), members)
    priced = maintenance._repriced(
        locked,
        members,
        variant=locked.plan_id[14:],
        csr=locked.csr_level,
        elected=policy_writes.carried_election(locked),
        max_aptc=on_policy.max_aptc,
        determination=determination,
    )
    old = policy_writes.snapshot(locked)
    policy_writes.save_price(
        locked,
        priced,
        members,
        max_aptc=on_policy.max_aptc,
        determination=determination,
        benchmark_premium=on_policy.benchmark,
    )
    policy_writes.record(
        "enrollment.member_added",
        locked,
        actor,
        member_id=new.member_id,
        coverage_start=start.isoformat(),
        determination=str(determination.public_id),
        **policy_writes.before_after(old, locked, "premium", "aptc"),
    )
    _queue_joining(locked, new, members, start, subsidies_from)
    return locked


def _new_member(locked: Enrollment, person, determination, member_id: str) -> EnrollmentMember:
    """The person's member row, saved last on the policy, rated with the determination's
    facts about them (45 CFR 147.102(a)(1)); their premium comes with the new price."""
    facts = _facts_of(determination, person)
    position = (locked.members.aggregate(top=Max("position"))["top"] or 0) + 1
    row = policy_writes.member_row(
        locked, person, facts, position=position, member_id=member_id, premium=0, subscriber=False
    )
    row.save()
    return row


def _queue_joining(locked: Enrollment, new, members, start: date, subsidies_from: date) -> None:
    """The 834s of a member who joins, in the caller's transaction: a 021 for them from
    `start` (the date of birth or adoption, 45 CFR 155.420(b)(2)(i), else the first of the
    next month, (b)(2)(iii)), and a 001 with the policy's new premium and APTC from
    `subsidies_from` when that is in the plan year."""
    now = clock.now()
    new.refresh_from_db()
    joining = dataclasses.replace(
        build.addition(locked, [new], now), coverage_start=start, maintenance_effective_date=start
    )
    outbox.queue(locked, joining)
    if subsidies_from.year == locked.coverage_year:
        effective = max(subsidies_from, locked.coverage_start)
        outbox.queue(locked, build.financial_change(locked, members, now, effective))


def _facts_of(determination, person) -> dict:
    for member in enrollment_group(determination).members:
        if member.person.pk == person.pk:
            return member.facts
    raise NotEnrollable(f"{person.name} is not eligible for a QHP in this determination")


def joins_policies(enrollments, person, determination, *, start, subsidies_from, ids, actor):
    """Add a person who joined the household to the household's policies, when the new
    determination finds them eligible for a QHP."""
    changes, followups = [], []
    try:
        _facts_of(determination, person)
    except NotEnrollable:
        return changes, followups  # e.g. a newborn found eligible for Medicaid or CHIP
    for enrollment, member_id in zip(enrollments, ids, strict=False):
        try:
            after = add_member(
                enrollment,
                person,
                determination,
                start=start,
                subsidies_from=subsidies_from,
                member_id=f"M{member_id:010d}",
                actor=actor,
            )
        except (actions.EnrollmentError, NotEnrollable) as exc:
            followups.append(
                f"Policy {enrollment.policy_id}: {person.name} joins the household; not "
                f"added automatically ({getattr(exc, 'code', exc)})."
            )
            continue
        changes.append(
            {
                "kind": "added",
                "policy_id": after.policy_id,
                "names": [person.name],
                "start": max(start, after.coverage_start).isoformat(),
                "premium": str(after.premium),
                "aptc": str(after.elected_aptc),
            }
        )
    return changes, followups


def new_address(enrollments, application, event_date: date, actor) -> None:
    """A move within the rating area: no premium changes (45 CFR 147.102(a)(1)(ii): rates
    vary by rating area, not by address), but each policy in force takes the new address
    and its issuer an 834 DEMOGRAPHIC CHANGE from the day of the move (enrollment/address.py)."""
    moved_to = {f: getattr(application, f) for f in maintenance.ADDRESS_FIELDS}
    for enrollment in enrollments:
        address.change_address(enrollment, address=moved_to, effective=event_date, actor=actor)


def out_of_state(enrollments, today: date, actor) -> list[dict]:
    changes = []
    for enrollment in enrollments:
        ended = actions.end_for_ineligibility(enrollment, notice_date=today, actor=actor)
        changes.append(
            {
                "kind": "cancel" if ended.status == states.CANCELLED else "end",
                "policy_id": ended.policy_id,
                "end": ended.coverage_end.isoformat(),
                "names": [m.name for m in ended.covered_members()],
            }
        )
    return changes


def moved(
    enrollments, application, determination, event_date: date, today: date, actor
) -> tuple[list, list, list]:
    """The household moved to another rating area of the state (45 CFR 155.420(d)(7)). A
    policy whose plan is offered at the new address is rated again for the new area, with
    the APTC from the new benchmark (`maintenance.rerate_for_move`), from the date a plan
    selection through the move's period would start (155.420(b)(1), (b)(2)(iv): reported
    before the move, the first of the month after it; on or after, the first of the month
    after the report); the household may still choose another plan in that period. A plan
    not offered there is left to the household's choice through the period, and casework
    is told. A policy that covers only some of the household keeps the credit of the members
    on it (`selection.for_policy`: their own benchmark at the new address, 26 CFR
    1.36B-3(d), (f)), not the household's. Returns (the policies as they are now, changes,
    followups)."""
    effective = sep.period("permanent_move", event_date).coverage_start(today)
    address = {f: getattr(application, f) for f in maintenance.ADDRESS_FIELDS}
    changes, followups, now = [], [], []
    try:
        group = enrollment_group(determination)
    except NotEnrollable:
        return enrollments, changes, followups  # nobody eligible: redetermination.apply ends it
    for enrollment in enrollments:
        old = (enrollment.premium, enrollment.elected_aptc, enrollment.rating_area)
        on_policy = for_policy(group, enrollment.covered_members())
        try:
            rated = maintenance.rerate_for_move(
                enrollment,
                address=address,
                effective=effective,
                determination=determination,
                max_aptc=on_policy.max_aptc,
                benchmark=on_policy.benchmark,
                actor=actor,
            )
        except actions.EnrollmentError as exc:
            followups.append(
                f"Policy {enrollment.policy_id}: moved to another rating area; the plan was not "
                f"rated for the new address ({exc.code}). The household may choose a plan "
                "through its special enrollment period (45 CFR 155.420(d)(7))."
            )
            now.append(enrollment)
            continue
        now.append(rated)
        changes.append(
            {
                "kind": "rerated",
                "policy_id": rated.policy_id,
                "effective": max(effective, rated.coverage_start).isoformat(),
                "old_rating_area": old[2],
                "rating_area": rated.rating_area,
                "old_premium": str(old[0]),
                "premium": str(rated.premium),
                "old_aptc": str(old[1]),
                "aptc": str(rated.elected_aptc),
            }
        )
    return now, changes, followups
