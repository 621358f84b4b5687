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

from marketplace.audit import log as audit
from marketplace.catalog.models import PlanVariant
from marketplace.catalog.plan_prices import AIAN_VARIANTS, SILVER_CSR_VARIANTS
from marketplace.core import clock
from marketplace.determinations.models import Determination
from marketplace.edi import build, outbox, sequences
from marketplace.enrollment import states
from marketplace.enrollment.actions import (
    EnrollmentError,
    _actor_label,
    _lock,
    _members,
    _terminate_event,
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


def _last_day(enrollment: Enrollment) -> date:
    return enrollment.coverage_end or date(enrollment.coverage_year, 12, 31)


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
    if reason not in build.END_REASONS or reason == "replaced":
        raise EnrollmentError("bad_reason", reason)
    locked = _lock(enrollment)
    target = locked.members.filter(pk=member.pk).first()
    if target is None:
        raise EnrollmentError("not_a_member")
    if target.coverage_end is not None:  # already taken off: nothing to send again
        return locked
    if not locked.is_active:
        replacement = locked.replacement
        if (
            replacement is not None
            and not replacement.members.filter(member_id=target.member_id).exists()
        ):  # the subscriber already left through a CIC pair
            return replacement
        raise EnrollmentError("not_active")
    covered = locked.covered_members()
    staying = [m for m in covered if m.pk != target.pk]
    if not staying:
        raise EnrollmentError("last_member", "end the policy instead (end_coverage)")
    cancel = not in_force(locked) or end_date <= locked.coverage_start
    end = locked.coverage_start if cancel else end_date
    if not cancel:
        if end >= _last_day(locked):
            raise EnrollmentError("ends_with_policy", f"the policy ends on {_last_day(locked)}")
        if not _month_end(end) and reason != "death":
            raise EnrollmentError("end_not_month_end", "APTC and premiums change on the 1st")
    if target.is_subscriber:
        return _new_subscriber(
            locked, target, covered, staying, end, cancel, reason, actor, ip_address, ids
        )
    # The others' new amounts from the first of the month after the last day (the day after
    # a month end; after a death, 155.430(d)(7), the first of the next month).
    effective = locked.coverage_start if cancel else first_of_next_month(end)
    priced = _repriced(
        locked,
        staying,
        variant=locked.plan_id[14:],
        csr=locked.csr_level,
        elected=locked.elected_aptc,
    )
    locked.status = states.next_state(locked.status, "remove_member")
    target.coverage_end, target.end_reason = end, reason
    target.save(update_fields=["coverage_end", "end_reason"])
    old = {
        "premium": locked.premium,
        "aptc": locked.elected_aptc,
        "state": locked.state_subsidy,
        "members": [m.premium for m in staying],
    }
    locked.premium, locked.ehb_premium = priced.quote.premium, priced.quote.ehb_premium
    locked.elected_aptc = priced.elected_aptc
    locked.state_subsidy = priced.state_subsidy
    locked.premium_after_credit = priced.premium_after_credit
    locked.save(
        update_fields=[
            "status",
            "premium",
            "ehb_premium",
            "elected_aptc",
            "state_subsidy",
            "premium_after_credit",
            "updated_at",
        ]
    )
    for m, premium in zip(staying, priced.member_premiums, strict=True):
        if m.premium != premium:
            m.premium = premium
            m.save(update_fields=["premium"])
    audit.record(
        "enrollment.member_removed",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        member_id=target.member_id,
        reason=reason,
        event="cancel" if cancel else "terminate",
        coverage_end=end.isoformat(),
        effective=effective.isoformat(),
        old_premium=str(old["premium"]),
        new_premium=str(locked.premium),
        old_aptc=str(old["aptc"]),
        new_aptc=str(locked.elected_aptc),
    )
    now = clock.now()
    outbox.queue(locked, build.member_ending(locked, [target], now, end, reason))
    money_changed = (
        locked.premium,
        locked.elected_aptc,
        locked.state_subsidy,
        list(priced.member_premiums),
    ) != (old["premium"], old["aptc"], old["state"], old["members"])
    if money_changed and effective.year == locked.coverage_year:
        outbox.queue(locked, build.financial_change(locked, staying, now, effective))
    return locked


def _new_subscriber(
    locked, target, covered, staying, end, cancel, reason, actor, ip_address, ids
) -> Enrollment:
    """The subscriber leaves: the policy ends, a new one carries the others (CIC pair)."""
    spouse = [m for m in staying if m.relationship == "01"]
    adults = sorted((m for m in staying if m.age >= 18), key=lambda m: (-m.age, m.position))
    if not (spouse or adults):
        # A child-only policy needs its custodial parent (2100F NM1*S3, docs/puf-and-834.md B.2),
        # which this exchange does not send.
        raise EnrollmentError("child_only_policy", "no adult left to be the subscriber")
    new_subscriber = (spouse or adults)[0]
    was = new_subscriber.relationship
    relationships = {
        m.pk: "18"
        if m.pk == new_subscriber.pk
        else NEW_SUBSCRIBER_RELATIONSHIP.get((was, m.relationship), "G8")
        for m in staying
    }
    order = [new_subscriber] + [m for m in staying if m.pk != new_subscriber.pk]
    return _replace(
        locked,
        order,
        end=end,
        cancel=cancel,
        subscriber_id=f"S{ids[0]:010d}",
        policy_id=f"P{ids[1]:010d}",
        relationships=relationships,
        ending=covered,
        actor=actor,
        ip_address=ip_address,
        why={
            "change": "subscriber_removed",
            "member_id": target.member_id,
            "member_reason": reason,
        },
    )


def _replace(
    locked: Enrollment,
    members: list[EnrollmentMember],
    *,
    end: date,
    cancel: bool,
    subscriber_id: str,
    policy_id: str,
    relationships: dict,
    ending: list[EnrollmentMember],
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
    event = "cancel" if cancel else _terminate_event(locked)
    locked.status = states.next_state(locked.status, event)
    locked.coverage_end = end
    locked.end_reason = "replaced"
    locked.save(update_fields=["status", "coverage_end", "end_reason", "updated_at"])
    audit.record(
        f"enrollment.{'cancelled' if cancel else 'terminated'}",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        coverage_end=end.isoformat(),
        reason="replaced",
        **why,
    )
    now = clock.now()
    outbox.queue(locked, build.ending(locked, ending, now, end, reason="replaced"))
    new = Enrollment.objects.create(
        owner=locked.owner,
        application=locked.application,
        determination=locked.determination,
        group=locked.group,
        plan_variant=locked.plan_variant,
        issuer=locked.issuer,
        plan_id=locked.plan_id,
        plan_name=locked.plan_name,
        metal_level=locked.metal_level,
        coverage_year=locked.coverage_year,
        state=locked.state,
        coverage_start=start,
        premium=priced.quote.premium,
        ehb_premium=priced.quote.ehb_premium,
        max_aptc=locked.max_aptc,
        elected_aptc=priced.elected_aptc,
        state_subsidy=priced.state_subsidy,
        state_program=locked.state_program if priced.state_subsidy else "",
        state_level=locked.state_level,
        premium_after_credit=priced.premium_after_credit,
        csr_level=locked.csr_level,
        rating_area=locked.rating_area,
        subscriber_id=subscriber_id,
        policy_id=policy_id,
        street=locked.street,
        city=locked.city,
        zipcode=locked.zipcode,
        countyfips=locked.countyfips,
        phone=locked.phone,
        email=locked.email,
        language=locked.language,
        channel=locked.channel,
        checkout_token=uuid.uuid4(),
        attestations=locked.attestations,
        replaces=locked,
        selected_at=now,
    )
    for position, (m, premium) in enumerate(zip(members, priced.member_premiums, strict=True)):
        EnrollmentMember.objects.create(
            enrollment=new,
            person=m.person,
            position=position,
            member_id=m.member_id,
            is_subscriber=position == 0,
            relationship=relationships[m.pk],
            first_name=m.first_name,
            last_name=m.last_name,
            birth_date=m.birth_date,
            sex=m.sex,
            age=m.age,
            tobacco=m.tobacco,
            premium=premium,
        )
    audit.record(
        "enrollment.replacement_selected",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=new,
        ip_address=ip_address,
        policy_id=new.policy_id,
        replaces=locked.policy_id,
        plan_id=new.plan_id,
        coverage_start=start.isoformat(),
        elected_aptc=str(new.elected_aptc),
        **why,
    )
    outbox.queue(new, build.addition(new, _members(new), now, amrc=build.CIC))
    return new


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
) -> Enrollment:
    """Move the policy to another cost-sharing variant of the same plan (45 CFR 156.420;
    `new_variant` is the 2-digit variant or the 16-character plan id), from `effective`, a
    first of the month (a redetermination's is the first of the month after its notice,
    45 CFR 155.330(f)(1)(i), `dates.redetermination_effective`). Returns the policy.

    The same policy (same EAPID, subscriber and members) changes in place: its plan id and
    variant, the CSR level, the APTC election kept up to min(max APTC, EHB premium) (45 CFR
    155.310(d)(2); 26 CFR 1.36B-3(j)); the premium is the plan's, whatever the variant. One
    001 on every covered member says so (AMRC CSR VARIANT CHANGE, REF*CE the new 16-character
    id, DTP*303 and DTP*007 the effective date; docs/puf-and-834.md B.4, B.6 step 3: the
    14-character
    plan stays, so no CIC pair), and the issuer carries the deductible and out-of-pocket
    accumulators over to the new variant (45 CFR 156.425(b)). A policy whose coverage
    begins after `effective` changes from its begin date. A redetermination also passes the
    household's new `csr_level`, `max_aptc` and the `determination` they come from.

    Idempotent: a policy already in that variant (or a policy since replaced by a new
    subscriber's, in it) is returned and nothing is sent."""
    code = str(new_variant).replace("-", "")
    if len(code) == 16:
        if code[:14] != enrollment.plan_id[:14]:
            raise EnrollmentError("other_plan", "a CSR change keeps the same plan")
        code = code[14:]
    if code not in VARIANT_CSR and not (csr_level is not None and code.isdigit()):
        raise EnrollmentError("bad_variant", code)
    locked = _lock(enrollment)
    if not locked.is_active:
        replacement = locked.replacement
        if replacement is not None and replacement.plan_id[14:] == code:
            return replacement
        raise EnrollmentError("not_active")
    if locked.plan_id[14:] == code:
        return locked
    if effective.day != 1:
        raise EnrollmentError("effective_not_first", "a CSR variant changes on the 1st")
    if effective > _last_day(locked):
        raise EnrollmentError("plan_year_over")
    effective = max(effective, locked.coverage_start)
    members = locked.covered_members()
    csr = VARIANT_CSR[code] if csr_level is None else (csr_level or "")
    new_max = locked.max_aptc if max_aptc is None else Decimal(max_aptc).quantize(Decimal("0.01"))
    priced = _repriced(
        locked,
        members,
        variant=code,
        csr=csr,
        elected=locked.elected_aptc,
        max_aptc=new_max,
        determination=determination,
    )
    plan_variant = PlanVariant.objects.get(
        plan__year=locked.coverage_year,
        plan__standard_component_id=locked.plan_id[:14],
        variant=code,
    )
    old = {
        "plan_id": locked.plan_id,
        "csr": locked.csr_level,
        "aptc": locked.elected_aptc,
        "max": locked.max_aptc,
        "premium": locked.premium,
    }
    locked.status = states.next_state(locked.status, "change")  # a 001 keeps the state
    locked.plan_variant, locked.plan_id = plan_variant, f"{locked.plan_id[:14]}{code}"
    locked.csr_level = csr
    locked.premium, locked.ehb_premium = priced.quote.premium, priced.quote.ehb_premium
    locked.max_aptc, locked.elected_aptc = new_max, priced.elected_aptc
    locked.state_subsidy = priced.state_subsidy
    locked.premium_after_credit = priced.premium_after_credit
    if determination is not None:
        locked.determination = determination
    locked.save(
        update_fields=[
            "status",
            "plan_variant",
            "plan_id",
            "csr_level",
            "premium",
            "ehb_premium",
            "max_aptc",
            "elected_aptc",
            "state_subsidy",
            "premium_after_credit",
            "determination",
            "updated_at",
        ]
    )
    _save_member_premiums(members, priced.member_premiums)
    audit.record(
        "enrollment.csr_variant_changed",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        policy_id=locked.policy_id,
        old_plan_id=old["plan_id"],
        new_plan_id=locked.plan_id,
        old_csr=old["csr"],
        new_csr=locked.csr_level,
        effective=effective.isoformat(),
        old_aptc=str(old["aptc"]),
        new_aptc=str(locked.elected_aptc),
        old_max=str(old["max"]),
        new_max=str(locked.max_aptc),
        old_premium=str(old["premium"]),
        new_premium=str(locked.premium),
        determination=str(locked.determination.public_id),
    )
    outbox.queue(locked, build.csr_variant_change(locked, members, clock.now(), effective))
    return locked


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
    actor=None,
    ip_address=None,
) -> Enrollment:
    """The household moved to another rating area of the state and keeps its plan, which is
    offered there (45 CFR 155.420(d)(7) lets it choose another instead): from `effective`
    the same policy has the new `address` and is rated for the new area (premiums vary by
    rating area, 45 CFR 147.102(a)(1)(ii), 156.255(b)), with the household's new maximum
    APTC `max_aptc` from `determination`, whose benchmark is the new area's second lowest
    cost silver plan (26 CFR 1.36B-3(f)). `effective` is the first of a month: the start
    date of a plan selection through the move's special enrollment period (155.420(b)(1),
    (b)(2)(iv)), the day the new rate can apply.

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
    if effective.day != 1:
        raise EnrollmentError("effective_not_first", "a new rate starts on the 1st")
    if effective > _last_day(locked):
        raise EnrollmentError("plan_year_over")
    effective = max(effective, locked.coverage_start)
    members = locked.covered_members()
    new_max = Decimal(max_aptc).quantize(Decimal("0.01"))
    took_all = locked.elected_aptc >= min(locked.max_aptc, locked.ehb_premium)
    old = {
        "premium": locked.premium,
        "aptc": locked.elected_aptc,
        "area": locked.rating_area,
        "max": locked.max_aptc,
    }
    for f in ADDRESS_FIELDS:
        setattr(locked, f, address[f])
    try:
        group = policy_group(
            locked, members, csr=locked.csr_level, max_aptc=new_max, determination=determination
        )
        priced = price(group, locked.plan_id, None if took_all else locked.elected_aptc)
    except NotEnrollable as exc:
        raise EnrollmentError("not_offered_there", str(exc)) from exc
    if priced.variant_code != locked.plan_id[14:]:
        raise EnrollmentError("variant_not_offered", locked.plan_id)
    locked.status = states.next_state(locked.status, "change")  # a 001 keeps the state
    locked.premium, locked.ehb_premium = priced.quote.premium, priced.quote.ehb_premium
    locked.max_aptc, locked.elected_aptc = new_max, priced.elected_aptc
    locked.state_subsidy = priced.state_subsidy
    locked.premium_after_credit = priced.premium_after_credit
    locked.rating_area = priced.rating_area
    locked.determination = determination
    locked.save(
        update_fields=[
            *ADDRESS_FIELDS,
            "status",
            "premium",
            "ehb_premium",
            "max_aptc",
            "elected_aptc",
            "state_subsidy",
            "premium_after_credit",
            "rating_area",
            "determination",
            "updated_at",
        ]
    )
    _save_member_premiums(members, priced.member_premiums)
    audit.record(
        "enrollment.rerated_for_move",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        policy_id=locked.policy_id,
        effective=effective.isoformat(),
        old_rating_area=old["area"],
        new_rating_area=locked.rating_area,
        old_premium=str(old["premium"]),
        new_premium=str(locked.premium),
        old_aptc=str(old["aptc"]),
        new_aptc=str(locked.elected_aptc),
        old_max=str(old["max"]),
        new_max=str(new_max),
        determination=str(determination.public_id),
    )
    outbox.queue(locked, build.financial_change(locked, members, clock.now(), effective))
    return locked


def _save_member_premiums(members, premiums) -> None:
    """Each member's premium from the new price, written only where it changed."""
    for m, premium in zip(members, premiums, strict=True):
        if m.premium != premium:
            m.premium = premium
            m.save(update_fields=["premium"])
