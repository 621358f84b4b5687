"""The pieces every write to a policy is made of, written once (enrollment/actions.py,
enrollment/maintenance.py, enrollment/reenrollment.py, changes/effects.py):

- the policy's money fields from a price (`price_values`) and the save of a policy
  repriced in place with its members' premiums (`save_price`, `save_changes`);
- the APTC election carried over to a new price (`carried_election`, 45 CFR 155.310(d)(2));
- the first-of-the-month effective dates of a change (`next_month_effective`,
  `first_of_month_effective`) and the policy's `last_day`;
- the audit row of a policy change (`record`; `snapshot` and `before_after` for its old
  and new values);
- a new policy's fields from a selection (`selection_values`, `variant_of`) and its member
  rows (`member_row`, `group_rows`).

Each caller still runs its write in one transaction with its audit row and its 834s queued
in the outbox (docs/architecture.md); nothing here opens a transaction of its own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from marketplace.audit import log as audit
from marketplace.catalog.models import PlanVariant
from marketplace.core import bulk, clock
from marketplace.enrollment import dates, states
from marketplace.enrollment.errors import EnrollmentError
from marketplace.enrollment.models import Enrollment, EnrollmentMember
from marketplace.enrollment.selection import X12_RELATIONSHIP


def price_values(priced) -> dict:
    """The policy's fields a `selection.price` result sets: PRE AMT TOT, the EHB premium
    (the cap on APTC, 26 CFR 1.36B-3(j)), APTC AMT, the state's monthly help and TOT RES AMT
    (docs/puf-and-834.md B.2)."""
    return {
        "premium": priced.quote.premium,
        "ehb_premium": priced.quote.ehb_premium,
        "elected_aptc": priced.elected_aptc,
        "state_subsidy": priced.state_subsidy,
        "premium_after_credit": priced.premium_after_credit,
    }


def cents(amount) -> Decimal:
    """A dollar amount to the cent, as the policy stores it."""
    return Decimal(amount).quantize(Decimal("0.01"))


def carried_election(enrollment: Enrollment) -> Decimal | None:
    """The APTC election a new price carries over (45 CFR 155.310(d)(2): any amount up to
    the maximum; 26 CFR 1.36B-3(j): never above the EHB premium): None, all the credit the
    new price allows, when the enrollee took all the old one could; else the same amount,
    which the new price caps."""
    taken_all = min(enrollment.max_aptc, enrollment.ehb_premium, enrollment.premium)
    if enrollment.elected_aptc >= taken_all:
        return None
    return enrollment.elected_aptc


def save_changes(locked: Enrollment, event: str, values: dict) -> None:
    """Set `values` on `locked` and its status to the state machine's next for `event`
    (enrollment/states.py; a 001 keeps the state), and save only those fields."""
    locked.status = states.next_state(locked.status, event)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *values, "updated_at"])


def save_price(locked: Enrollment, priced, members, event: str = "change", **values) -> None:
    """`locked` repriced in place: its `price_values` from `priced`, the other `values`
    given, saved (`save_changes`), and each of `members` with their own premium (PRE AMT 1,
    45 CFR 147.102(c)) where it changed."""
    save_changes(locked, event, {**price_values(priced), **values})
    save_member_premiums(members, priced.member_premiums)


def save_member_premiums(members, premiums) -> None:
    """Each member's premium from the new price, written only where it changed."""
    for m, premium in zip(members, premiums, strict=True):
        if m.premium != premium:
            m.premium = premium
            m.save(update_fields=["premium"])


def last_day(enrollment: Enrollment) -> date:
    """The policy's last day of coverage: its end, else December 31 of its plan year."""
    return enrollment.coverage_end or date(enrollment.coverage_year, 12, 31)


def next_month_effective(enrollment: Enrollment, on: date) -> date:
    """A change made `on` a day takes effect the first of the next month (CG §6.11.1: APTC
    changes on the 1st; 45 CFR 155.330(f)(1)(i) for a redetermination), or when the policy
    begins if later; EnrollmentError "plan_year_over" when that falls in another year."""
    effective = max(dates.first_of_next_month(on), enrollment.coverage_start)
    if effective.year != enrollment.coverage_year:
        raise EnrollmentError("plan_year_over")
    return effective


def first_of_month_effective(enrollment: Enrollment, effective: date, why: str) -> date:
    """A change given its `effective` date, which must be a first of the month (`why` says
    what changes on the 1st; 45 CFR 155.330(f)(1)(i), 155.420(b)(1)) within the policy:
    from its begin date when that is later."""
    if effective.day != 1:
        raise EnrollmentError("effective_not_first", why)
    if effective > last_day(enrollment):
        raise EnrollmentError("plan_year_over")
    return max(effective, enrollment.coverage_start)


def actor_label(actor) -> str:
    """The audit row's label: blank for a signed-in person (the row names them), else
    "system"."""
    return "" if getattr(actor, "is_authenticated", False) else "system"


def record(action: str, enrollment: Enrollment, actor, ip_address=None, **detail) -> None:
    """The audit row of a change to `enrollment`, written in the change's transaction."""
    audit.record(
        action,
        actor=actor,
        actor_label=actor_label(actor),
        obj=enrollment,
        ip_address=ip_address,
        **detail,
    )


def snapshot(enrollment: Enrollment) -> dict:
    """What a change's audit row compares before and after, by the audit's short names."""
    return {
        "plan_id": enrollment.plan_id,
        "csr": enrollment.csr_level,
        "rating_area": enrollment.rating_area,
        "premium": enrollment.premium,
        "aptc": enrollment.elected_aptc,
        "max": enrollment.max_aptc,
        "state": enrollment.state_subsidy,
    }


def before_after(old: dict, enrollment: Enrollment, *names: str) -> dict:
    """Audit detail for `names` of a `snapshot`: `old_<name>` from `old`, `new_<name>` from
    `enrollment` as it is now, as text."""
    new = snapshot(enrollment)
    detail = {}
    for name in names:
        detail[f"old_{name}"] = str(old[name])
        detail[f"new_{name}"] = str(new[name])
    return detail


def member_row(
    enrollment: Enrollment,
    person,
    facts: dict,
    *,
    position: int,
    member_id: str,
    premium,
    subscriber: bool,
) -> EnrollmentMember:
    """A member of `enrollment` (not saved) from the application's `person` and the rules'
    `facts` about them: the 834's INS02 relationship (18 for the subscriber, else to the
    primary applicant), names, DMG birth date and sex, age and tobacco use as rated (45 CFR
    147.102(a)(1)), and their own premium (PRE AMT 1)."""
    return bulk.new(
        EnrollmentMember,
        enrollment=enrollment,
        person=person,
        position=position,
        member_id=member_id,
        is_subscriber=subscriber,
        relationship="18" if subscriber else X12_RELATIONSHIP.get(person.relationship, "G8"),
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.date_of_birth,
        sex="F" if person.sex == "female" else "M",
        age=int(facts.get("age", 0)),
        tobacco=bool(facts.get("tobacco")),
        premium=premium,
    )


def group_rows(enrollment: Enrollment, group, priced, member_ids: list[str]) -> list:
    """The members of a new policy for `group` (subscriber first, 834 INS01 Y), not saved,
    each with their `member_ids` EAMID and own premium from `priced`."""
    return [
        member_row(
            enrollment,
            member.person,
            member.facts,
            position=position,
            member_id=member_id,
            premium=premium,
            subscriber=position == 0,
        )
        for position, (member, premium, member_id) in enumerate(
            zip(group.members, priced.member_premiums, member_ids, strict=True)
        )
    ]


def selection_values(application, group, priced, variant, start: date) -> dict:
    """The fields of a new policy for `group` in the plan `variant` as `priced`, from
    `start`, that a checkout and an automatic re-enrollment share (45 CFR 155.400, 155.335(j)):
    the plan, the price (`price_values`), the maximum APTC (and benchmark) of the members
    enrolling, the household's CSR level, the state program that pays toward it, the rating
    area and the residence (2100A N3/N4)."""
    help_ = group.state_help
    return {
        **price_values(priced),
        "application": application,
        "determination": group.determination,
        "group": group.key,
        "plan_variant": variant,
        "issuer": variant.plan.issuer,
        "plan_id": f"{priced.quote.plan_id}{priced.variant_code}",
        "plan_name": variant.plan.name,
        "metal_level": variant.plan.metal_level,
        "coverage_year": group.year,
        "state": group.state,
        "coverage_start": start,
        "max_aptc": group.max_aptc,
        "benchmark_premium": group.benchmark,
        "state_program": help_.program if priced.state_subsidy else "",
        "state_level": (help_.level or "") if help_ else "",
        "csr_level": group.csr or "",
        "rating_area": priced.rating_area,
        "street": application.street,
        "city": application.city,
        "zipcode": group.zipcode,
        "countyfips": group.countyfips,
        "phone": application.phone,
        "selected_at": clock.now(),
    }


def variant_of(year: int, priced) -> PlanVariant:
    """The plan variant `priced` is for, in the plan year `year` (with its issuer)."""
    return PlanVariant.objects.select_related("plan__issuer").get(
        plan__year=year,
        plan__standard_component_id=priced.quote.plan_id,
        variant=priced.variant_code,
    )
