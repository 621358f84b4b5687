"""Changes to a policy already made, each one function, one transaction, one audit row, and
its 834s queued in the same transaction (docs/architecture.md; docs/puf-and-834.md B.4, B.6):

- `remove_member`: one member leaves a policy that continues for the others (45 CFR
  155.430(b), (d)): their 024 and the others' new premium and APTC as a 001; a subscriber
  who leaves ends the policy and a new one starts for the others with a new subscriber (a
  CIC pair, docs/puf-and-834.md B.6 step 3).
- `change_csr_variant`: the same plan in another cost-sharing variant (45 CFR 156.420,
  155.330(f)), on the same policy: one 001 CSR VARIANT CHANGE (docs/puf-and-834.md B.4), which keeps
  the deductible and out-of-pocket accumulators (45 CFR 156.425(b)).
- `rerate_for_move`: the household moved to another rating area and keeps its plan: the
  same policy rated for the new area with the APTC from the new benchmark, one 001.

Callers: the redetermination after a verification deadline (`redetermination.apply`) and the
casework page (`casework.py`). The operations that start and end a policy are in actions.py.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from marketplace.catalog.models import PlanVariant
from marketplace.catalog.plan_prices import AIAN_VARIANTS, SILVER_CSR_VARIANTS
from marketplace.core import clock
from marketplace.determinations.models import Determination
from marketplace.edi import build, outbox, sequences
from marketplace.enrollment import policy_writes
from marketplace.enrollment.actions import (
    EnrollmentError,
    _ended,
    _lock,
    _members,
    in_force,
)
from marketplace.enrollment.dates import first_of_next_month
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.enrollment.selection import (
    NotEnrollable,
    policy_group,
    price,
)

#: A member's INS02 relationship to a new subscriber, from (the new subscriber's INS02 to
#: the old subscriber, the member's INS02 to the old subscriber). The application records
#: relationships to the primary applicant only, so a child of the old subscriber is taken
#: to be the spouse's child too (19); anything not known is G8 "other relationship".
NEW_SUBSCRIBER_RELATIONSHIP = {
    ("01", "19"): "19",  # the couple's child
    ("01", "03"): "13",  # the old subscriber's parent: the spouse's parent-in-law
    ("19", "19"): "14",  # the old subscriber's children: siblings
}

#: CSR variant -> the household CSR level it serves (the inverse of catalog.plan_prices).
#: A state's own variation (07-99, `Plan.state_variants`) is moved to only by a
#: redetermination, which names the level.
VARIANT_CSR = {
    **{code: level for level, code in SILVER_CSR_VARIANTS.items()},
    "04": "73",
    **{code: level for level, code in AIAN_VARIANTS.items()},
    "01": "",
}


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _repriced(
    enrollment: Enrollment,
    members: list[EnrollmentMember],
    *,
    variant: str,
    csr: str | None,
    elected: Decimal,
    max_aptc: Decimal | None = None,
    determination: Determination | None = None,
):
    """`members` on the policy's plan in `variant`, through checkout's own pricing
    (selection.price): the premium, the EHB premium and the APTC, the election kept when it
    still fits under min(max APTC, EHB premium) (45 CFR 155.310(d)(2); 26 CFR 1.36B-3(j))."""
    try:
        group = policy_group(
            enrollment, members, csr=csr, max_aptc=max_aptc, determination=determination
        )
        priced = price(group, f"{enrollment.plan_id[:14]}{variant}", elected)
    except NotEnrollable as exc:
        raise EnrollmentError("stale_determination", str(exc)) from exc
    if priced.variant_code != variant:
        raise EnrollmentError(
            "variant_not_offered",
            f"{enrollment.plan_id[:14]} has no variant {variant} for CSR level {csr or 'none'}",
        )
    return priced


def remove_member(
    enrollment: Enrollment,
    member: EnrollmentMember,
    *,
    end_date: date,
    reason: str,
    actor=None,
    ip_address=None,
) -> Enrollment:
    """Take `member` off `enrollment` after `end_date` (their last day of coverage); the
    policy continues for the others. Returns the policy the others are on.

    - A dependent: a 024 for them only (INS04/AMRC from `reason`: "not_eligible" 07
      TERM-NLE, "voluntary" 14 TERM; edi/build.py END_REASONS), then the others priced
      again (the shopping pricing, as at checkout) and sent as a 001 FINANCIAL CHANGE with
      the new PRE AMT 1 / PRE AMT TOT / APTC AMT / TOT RES AMT from the day after
      `end_date`, the first of a month (CG §6.11.1: APTC changes on the 1st).
    - The subscriber: the FFE cannot change a subscriber in a 001 (docs/puf-and-834.md B.6 step 3: a
      new subscriber is a CIC pair), so the policy ends on `end_date` (024, TERMCIC) and a
      new policy for the others starts the next day (021/EC, AMRC CIC) with a new
      subscriber (the spouse, else the oldest adult), a new EAPID and EASID, the members'
      EAMIDs kept; see `_replace`.
    - A policy never effectuated (or an `end_date` before coverage begins) has covered
      nothing: the member is cancelled from the begin date (CANCEL / CANCEL-NLE) and the
      others' new amounts apply from the begin date, as `end_for_ineligibility` does.
    - A death (`reason` "death"): the last day is the date of death, any day of a month
      (45 CFR 155.430(d)(7)); the 024 says INS04 03 (death) and the others' new premium and
      APTC apply from the first of the next month. A subscriber who died ends the policy on
      that day and the others' new policy starts the next day (CIC pair; the issuer
      prorates that month, CG §6.11.1).

    Idempotent: a member already taken off returns the policy the others are on, and
    nothing is sent again."""
    ids = sequences.exchange_ids(2) if member.is_subscriber else []
    return _remove_member(enrollment, member, end_date, reason, actor, ip_address, ids)


@transaction.atomic
def _remove_member(enrollment, member, end_date, reason, actor, ip_address, ids) -> Enrollment:
    """`remove_member` in one transaction (45 CFR 155.430(b), (d)): the checks, the member's
    last day (`_member_end`), then a dependent's removal (`_dependent_leaves`) or the
    subscriber's CIC pair (`_new_subscriber`)."""
    if reason not in build.END_REASONS or reason == "replaced":
        raise EnrollmentError("bad_reason", reason)
    locked = _lock(enrollment)
    target = locked.members.filter(pk=member.pk).first()
    if target is None:
        raise EnrollmentError("not_a_member")
    if target.coverage_end is not None:  # already taken off: nothing to send again
        return locked
    if not locked.is_active:
        return _handed_on(locked, target)
    covered = locked.covered_members()
    staying = [m for m in covered if m.pk != target.pk]
    if not staying:
        raise EnrollmentError("last_member", "end the policy instead (end_coverage)")
    cancel, end = _member_end(locked, end_date, reason)
    if target.is_subscriber:
        return _new_subscriber(locked, target, staying, end, cancel, reason, actor, ip_address, ids)
    return _dependent_leaves(locked, target, staying, end, cancel, reason, actor, ip_address)


def _handed_on(locked: Enrollment, target: EnrollmentMember) -> Enrollment:
    """A policy no longer active: the subscriber already left through a CIC pair
    (docs/puf-and-834.md B.6 step 3), and the policy the others are on is returned;
    otherwise EnrollmentError "not_active"."""
    replacement = locked.replacement
    if (
        replacement is not None
        and not replacement.members.filter(member_id=target.member_id).exists()
    ):
        return replacement
    raise EnrollmentError("not_active")


def _member_end(locked: Enrollment, end_date: date, reason: str) -> tuple[bool, date]:
    """(cancel, the member's last day). A policy never in force, or an `end_date` before
    coverage begins, covered nothing: the member is cancelled from the begin date. Else the
    last day is `end_date`, before the policy's own last day and the end of a month (APTC
    and premiums change on the 1st, CG §6.11.1; 45 CFR 155.430(d)(2)), except after a
    death, any day (155.430(d)(7))."""
    cancel = not in_force(locked) or end_date <= locked.coverage_start
    if cancel:
        return True, locked.coverage_start
    if end_date >= policy_writes.last_day(locked):
        raise EnrollmentError(
            "ends_with_policy", f"the policy ends on {policy_writes.last_day(locked)}"
        )
    if not _month_end(end_date) and reason != "death":
        raise EnrollmentError("end_not_month_end", "APTC and premiums change on the 1st")
    return False, end_date


def _dependent_leaves(locked, target, staying, end, cancel, reason, actor, ip_address):
    """A dependent leaves a policy that continues (45 CFR 155.430(b), (d)): their 024, and
    the others priced again with their election (`_repriced`) from the first of the month
    after the last day (the begin date for a cancellation; after a death, 155.430(d)(7),
    the first of the next month), sent as a 001 when the money changed."""
    effective = locked.coverage_start if cancel else first_of_next_month(end)
    priced = _repriced(
        locked,
        staying,
        variant=locked.plan_id[14:],
        csr=locked.csr_level,
        elected=locked.elected_aptc,
    )
    old, old_premiums = policy_writes.snapshot(locked), [m.premium for m in staying]
    target.coverage_end, target.end_reason = end, reason
    target.save(update_fields=["coverage_end", "end_reason"])
    policy_writes.save_price(locked, priced, staying, "remove_member")
    policy_writes.record(
        "enrollment.member_removed",
        locked,
        actor,
        ip_address,
        member_id=target.member_id,
        reason=reason,
        event="cancel" if cancel else "terminate",
        coverage_end=end.isoformat(),
        effective=effective.isoformat(),
        **policy_writes.before_after(old, locked, "premium", "aptc"),
    )
    now = clock.now()
    outbox.queue(locked, build.member_ending(locked, [target], now, end, reason))
    money_changed = (
        _money(policy_writes.snapshot(locked)) != _money(old)
        or list(priced.member_premiums) != old_premiums
    )
    if money_changed and effective.year == locked.coverage_year:
        outbox.queue(locked, build.financial_change(locked, staying, now, effective))
    return locked


def _money(snapshot: dict) -> tuple:
    """What the 001 FINANCIAL CHANGE carries for the policy: PRE AMT TOT, APTC AMT and the
    state's monthly help."""
    return snapshot["premium"], snapshot["aptc"], snapshot["state"]


def _new_subscriber(
    locked, target, staying, end, cancel, reason, actor, ip_address, ids
) -> Enrollment:
    """The subscriber leaves: the policy ends, a new one carries the others (CIC pair,
    docs/puf-and-834.md B.6 step 3) with the spouse, else the oldest adult, as its
    subscriber (`_successor`)."""
    new_subscriber, relationships = _successor(staying)
    order = [new_subscriber] + [m for m in staying if m.pk != new_subscriber.pk]
    return _replace(
        locked,
        order,
        end=end,
        cancel=cancel,
        subscriber_id=f"S{ids[0]:010d}",
        policy_id=f"P{ids[1]:010d}",
        relationships=relationships,
        actor=actor,
        ip_address=ip_address,
        why={
            "change": "subscriber_removed",
            "member_id": target.member_id,
            "member_reason": reason,
        },
    )


def _successor(staying: list[EnrollmentMember]) -> tuple[EnrollmentMember, dict]:
    """The new subscriber (the spouse, else the oldest adult) and each member's INS02
    relationship to them (`NEW_SUBSCRIBER_RELATIONSHIP`). A child-only policy needs its
    custodial parent (2100F NM1*S3, docs/puf-and-834.md B.2), which this exchange does not
    send: EnrollmentError "child_only_policy"."""
    spouse = [m for m in staying if m.relationship == "01"]
    adults = sorted((m for m in staying if m.age >= 18), key=lambda m: (-m.age, m.position))
    if not (spouse or adults):
        raise EnrollmentError("child_only_policy", "no adult left to be the subscriber")
    new_subscriber = (spouse or adults)[0]
    was = new_subscriber.relationship
    relationships = {
        m.pk: "18"
        if m.pk == new_subscriber.pk
        else NEW_SUBSCRIBER_RELATIONSHIP.get((was, m.relationship), "G8")
        for m in staying
    }
    return new_subscriber, relationships


def _replace(
    locked: Enrollment,
    members: list[EnrollmentMember],
    *,
    end: date,
    cancel: bool,
    subscriber_id: str,
    policy_id: str,
    relationships: dict,
    actor,
    ip_address,
    why: dict,
) -> Enrollment:
    """A CIC pair (docs/puf-and-834.md B.6 step 3; today only a new subscriber needs one): `locked`
    is cancelled (end = begin) or terminated on `end` with a 024 (INS04 14, CANCELCIC /
    TERMCIC), and a new policy `replaces` it from the begin date or the day after `end`:
    `members` (the new subscriber first), the same plan and variant, priced again, the APTC
    election carried over up to the cap, a new EAPID `policy_id`, the members' EAMIDs kept,
    and its 021/EC with AMRC CIC. Both 834s go in the outbox in this transaction."""
    start = locked.coverage_start if cancel else end + timedelta(days=1)
    if start.year != locked.coverage_year:
        raise EnrollmentError("plan_year_over")
    priced = _repriced(
        locked,
        members,
        variant=locked.plan_id[14:],
        csr=locked.csr_level,
        elected=locked.elected_aptc,
    )
    event = "cancel" if cancel else "terminate"
    _ended(locked, event, end, "replaced", actor=actor, ip_address=ip_address, **why)
    now = clock.now()
    new = Enrollment.objects.create(
        **_continuation(locked, priced, start, subscriber_id, policy_id), selected_at=now
    )
    _carry_members(new, members, priced, relationships)
    policy_writes.record(
        "enrollment.replacement_selected",
        new,
        actor,
        ip_address,
        policy_id=new.policy_id,
        replaces=locked.policy_id,
        plan_id=new.plan_id,
        coverage_start=start.isoformat(),
        elected_aptc=str(new.elected_aptc),
        **why,
    )
    outbox.queue(new, build.addition(new, _members(new), now, amrc=build.CIC))
    return new


#: What a policy that continues another (a CIC pair) keeps of it as it was: the plan, the
#: household's maximum APTC and CSR level, the state program's level, the residence and
#: contact, how it reached us, the attestations, and the agent or broker of record (45 CFR
#: 155.220(c); 834 loop 1000C).
CONTINUED_FIELDS = (
    "owner_id",
    "application_id",
    "determination_id",
    "group",
    "plan_variant_id",
    "issuer_id",
    "plan_id",
    "plan_name",
    "metal_level",
    "coverage_year",
    "state",
    "max_aptc",
    "state_level",
    "csr_level",
    "rating_area",
    "street",
    "city",
    "zipcode",
    "countyfips",
    "phone",
    "email",
    "language",
    "channel",
    "attestations",
    "broker_name",
    "broker_npn",
)


def _continuation(locked, priced, start, subscriber_id, policy_id) -> dict:
    """The fields of the policy that continues `locked` from `start` (`CONTINUED_FIELDS`,
    then the new price, 45 CFR 155.310(d)(2)), with its new EASID and EAPID (docs/puf-and-834.md
    B.5) and a new checkout token."""
    return {
        **{name: getattr(locked, name) for name in CONTINUED_FIELDS},
        **policy_writes.price_values(priced),
        "state_program": locked.state_program if priced.state_subsidy else "",
        "coverage_start": start,
        "subscriber_id": subscriber_id,
        "policy_id": policy_id,
        "checkout_token": uuid.uuid4(),
        "replaces": locked,
    }


#: What a member carried to a continuing policy keeps: the person, their EAMID, names (the
#: insurer's spelling too, docs/adr/0501-names-in-834s.md), DMG birth date and sex, and the
#: age and tobacco use they were rated with (45 CFR 147.102(a)(1)).
CONTINUED_MEMBER_FIELDS = (
    "person_id",
    "member_id",
    "first_name",
    "last_name",
    "insurer_first_name",
    "insurer_last_name",
    "birth_date",
    "sex",
    "age",
    "tobacco",
)


def _carry_members(new: Enrollment, members, priced, relationships: dict) -> None:
    """`members` on the continuing policy `new`, in order (the new subscriber first), each
    with their INS02 relationship to the new subscriber and own new premium."""
    for position, (m, premium) in enumerate(zip(members, priced.member_premiums, strict=True)):
        EnrollmentMember.objects.create(
            **{name: getattr(m, name) for name in CONTINUED_MEMBER_FIELDS},
            enrollment=new,
            position=position,
            is_subscriber=position == 0,
            relationship=relationships[m.pk],
            premium=premium,
        )


@transaction.atomic
def change_csr_variant(
    enrollment: Enrollment,
    new_variant: str,
    *,
    effective: date,
    actor=None,
    ip_address=None,
    csr_level: str | None = None,
    max_aptc: Decimal | None = None,
    determination: Determination | None = None,
    benchmark: Decimal | None = None,
) -> Enrollment:
    """Move the policy to another cost-sharing variant of the same plan (45 CFR 156.420;
    `new_variant` is the 2-digit variant or the 16-character plan id), from `effective`, a
    first of the month (a redetermination's is the first of the month after its notice,
    45 CFR 155.330(f)(1)(i), `dates.redetermination_effective`). Returns the policy.

    The same policy (same EAPID, subscriber and members) changes in place: its plan id and
    variant, the CSR level, the APTC election kept up to min(max APTC, EHB premium) (45 CFR
    155.310(d)(2); 26 CFR 1.36B-3(j)); the premium is the plan's, whatever the variant. One
    001 on every covered member says so (AMRC CSR VARIANT CHANGE, REF*CE the new 16-character
    id, DTP*303 and DTP*007 the effective date; docs/puf-and-834.md B.4, B.6 step 3: the plan
    stays, so no CIC pair), and the issuer carries the deductible and out-of-pocket
    accumulators over to the new variant (45 CFR 156.425(b)). A policy whose coverage
    begins after `effective` changes from its begin date. A redetermination also passes the
    household's new `csr_level`, the `max_aptc` of the members on the policy and the
    `determination` they come from (with the policy's own SLCSP `benchmark` when only some
    of the household is on it, `selection.for_enrolled`).

    Idempotent: a policy already in that variant (or a policy since replaced by a new
    subscriber's, in it) is returned and nothing is sent."""
    code = _variant_code(enrollment, new_variant, csr_level)
    locked = _lock(enrollment)
    done = _already_in(locked, code)
    if done is not None:
        return done
    effective = policy_writes.first_of_month_effective(
        locked, effective, "a CSR variant changes on the 1st"
    )
    members = locked.covered_members()
    csr = VARIANT_CSR[code] if csr_level is None else (csr_level or "")
    new_max = locked.max_aptc if max_aptc is None else policy_writes.cents(max_aptc)
    priced = _repriced(
        locked,
        members,
        variant=code,
        csr=csr,
        elected=locked.elected_aptc,
        max_aptc=new_max,
        determination=determination,
    )
    old = policy_writes.snapshot(locked)
    _save_variant(locked, priced, members, code, csr, new_max, determination, benchmark)
    _variant_audit(locked, old, effective, actor, ip_address)
    outbox.queue(locked, build.csr_variant_change(locked, members, clock.now(), effective))
    return locked


def _variant_audit(locked: Enrollment, old: dict, effective: date, actor, ip_address) -> None:
    """The audit row of a CSR variant change: the plan id, CSR level, APTC, maximum and
    premium before and after, the effective date and the determination it rests on."""
    changed = policy_writes.before_after(old, locked, "plan_id", "csr", "aptc", "max", "premium")
    policy_writes.record(
        "enrollment.csr_variant_changed",
        locked,
        actor,
        ip_address,
        policy_id=locked.policy_id,
        effective=effective.isoformat(),
        determination=str(locked.determination.public_id),
        **changed,
    )


def _already_in(locked: Enrollment, code: str) -> Enrollment | None:
    """The policy in variant `code` when the change is already made (this policy, or the
    one that replaced it through a new subscriber's CIC pair); None when it is still to
    make; EnrollmentError "not_active" for a policy ended otherwise."""
    if locked.is_active:
        return locked if locked.plan_id[14:] == code else None
    replacement = locked.replacement
    if replacement is not None and replacement.plan_id[14:] == code:
        return replacement
    raise EnrollmentError("not_active")


def _variant_code(enrollment: Enrollment, new_variant: str, csr_level: str | None) -> str:
    """The 2-digit variant asked for (`new_variant` is the variant or the 16-character plan
    id, of the same plan: a CSR change keeps the 14-character plan, 45 CFR 156.420); a
    state's own variation (07-99) only with the level a redetermination names."""
    code = str(new_variant).replace("-", "")
    if len(code) == 16:
        if code[:14] != enrollment.plan_id[:14]:
            raise EnrollmentError("other_plan", "a CSR change keeps the same plan")
        code = code[14:]
    if code not in VARIANT_CSR and not (csr_level is not None and code.isdigit()):
        raise EnrollmentError("bad_variant", code)
    return code


def _save_variant(locked, priced, members, code, csr, new_max, determination, benchmark) -> None:
    """The same policy saved in variant `code` of its plan (45 CFR 156.420) with the CSR
    level `csr`, the new maximum APTC and price (45 CFR 155.310(d)(2)), and the
    redetermination it rests on when there is one (45 CFR 155.330(e)); a 001 keeps its
    state."""
    values = {
        "plan_variant": PlanVariant.objects.get(
            plan__year=locked.coverage_year,
            plan__standard_component_id=locked.plan_id[:14],
            variant=code,
        ),
        "plan_id": f"{locked.plan_id[:14]}{code}",
        "csr_level": csr,
        "max_aptc": new_max,
    }
    if determination is not None:
        values["determination"] = determination
        values["benchmark_premium"] = benchmark
    policy_writes.save_price(locked, priced, members, **values)


#: The address fields a move changes on the policy (the 834's 2100A N3/N4 of the subscriber).
ADDRESS_FIELDS = ("street", "city", "zipcode", "countyfips")


@transaction.atomic
def rerate_for_move(
    enrollment: Enrollment,
    *,
    address: dict,
    effective: date,
    determination: Determination,
    max_aptc: Decimal,
    benchmark: Decimal | None = None,
    actor=None,
    ip_address=None,
) -> Enrollment:
    """The household moved to another rating area of the state and keeps its plan, which is
    offered there (45 CFR 155.420(d)(7) lets it choose another instead): from `effective`
    the same policy has the new `address` and is rated for the new area (premiums vary by
    rating area, 45 CFR 147.102(a)(1)(ii), 156.255(b)), with the maximum APTC `max_aptc`
    of its members from `determination` (the new area's SLCSP, 26 CFR 1.36B-3(f); their own
    `benchmark` when it covers only some of the household, `selection.for_policy`).
    `effective` is the first of a month: the start date of a plan selection through the
    move's special enrollment period (155.420(b)(1), (b)(2)(iv)), the day the new rate
    can apply.

    The APTC: an enrollee who used all the credit goes on using all of it; another keeps the
    amount they chose, under the new cap (155.310(d)(2); 26 CFR 1.36B-3(j)). One 001
    FINANCIAL CHANGE on every covered member carries the new PRE AMT 1 / PRE AMT TOT /
    APTC AMT / TOT RES AMT, the new RATING AREA and, on the subscriber, the new address
    (docs/puf-and-834.md B.2, B.4). The plan is not offered at the new address:
    EnrollmentError "not_offered_there" (the household chooses a plan through its period).
    Idempotent: a policy already at that address is returned and nothing is sent."""
    locked = _lock(enrollment)
    if not locked.is_active:
        raise EnrollmentError("not_active")
    if all(getattr(locked, f) == address[f] for f in ADDRESS_FIELDS):
        return locked
    effective = policy_writes.first_of_month_effective(
        locked, effective, "a new rate starts on the 1st"
    )
    members = locked.covered_members()
    new_max = policy_writes.cents(max_aptc)
    elected = policy_writes.carried_election(locked)
    old = policy_writes.snapshot(locked)
    for f in ADDRESS_FIELDS:
        setattr(locked, f, address[f])
    priced = _rated_there(locked, members, new_max, determination, elected)
    moved = {**{f: address[f] for f in ADDRESS_FIELDS}, "rating_area": priced.rating_area}
    values = {**moved, "max_aptc": new_max, "benchmark_premium": benchmark}
    policy_writes.save_price(locked, priced, members, **values, determination=determination)
    changed = policy_writes.before_after(old, locked, "rating_area", "premium", "aptc", "max")
    policy_writes.record(
        "enrollment.rerated_for_move",
        locked,
        actor,
        ip_address,
        policy_id=locked.policy_id,
        effective=effective.isoformat(),
        determination=str(determination.public_id),
        **changed,
    )
    outbox.queue(locked, build.financial_change(locked, members, clock.now(), effective))
    return locked


def _rated_there(locked, members, new_max, determination, elected):
    """The policy's plan and variant priced at its new address (premiums vary by rating
    area, 45 CFR 147.102(a)(1)(ii), 156.255(b)) with the new maximum APTC and the election
    carried over (45 CFR 155.310(d)(2)); EnrollmentError "not_offered_there" when the plan is
    not offered there (155.420(d)(7): the household chooses through its period)."""
    try:
        group = policy_group(
            locked, members, csr=locked.csr_level, max_aptc=new_max, determination=determination
        )
        priced = price(group, locked.plan_id, elected)
    except NotEnrollable as exc:
        raise EnrollmentError("not_offered_there", str(exc)) from exc
    if priced.variant_code != locked.plan_id[14:]:
        raise EnrollmentError("variant_not_offered", locked.plan_id)
    return priced
