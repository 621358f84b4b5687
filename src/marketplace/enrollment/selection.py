"""From a stored determination to the enrollment group and its priced plans.

The group: household members who asked for coverage and were found eligible for a QHP;
members eligible for Medicaid or CHIP are left out (45 CFR 155.305(a), (c)-(d), 155.350).
Prices come from `catalog.plan_prices.price_plan`, the one net-price function the anonymous
plan list and the API use too, with the determination AS STORED: its maximum APTC, CSR level
and state program (ConnectorCare, Vermont Premium Assistance), never a re-run of today's
rules (docs/architecture.md). A state program's own plans are offered only to its households.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from types import SimpleNamespace

from aca_rules.aptc import monthly_aptc
from aca_rules.benchmark import slcsp
from aca_rules.rating import plan_premium, prepare_members, rating_rules
from aca_rules.states import lowest_plan_among, program_for
from marketplace.applications.models import Member, Relationship
from marketplace.applications.rules_input import ordered_members
from marketplace.catalog.geography import rating_area_for
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.plan_prices import (
    PlanQuote,
    StateHelp,
    offered_to,
    price_plan,
    state_subsidy_on,
    variant_code,
)
from marketplace.catalog.pricing import catalog
from marketplace.determinations.models import Determination

ZERO = Decimal("0.00")

#: Application relationship -> 834 INS02 individual relationship code (TR3 2000 INS02).
X12_RELATIONSHIP = {
    Relationship.SELF: "18",
    Relationship.SPOUSE: "01",
    Relationship.CHILD: "19",
    Relationship.PARENT: "03",
    Relationship.OTHER: "G8",  # "other relationship"
}


class NotEnrollable(Exception):
    """Nobody in the determination can enroll in a QHP, or the plan is not offered."""


@dataclass(frozen=True)
class GroupMember:
    person: Member
    facts: dict  # the rules input as stored (age, tobacco, relationship, ...)
    result: dict  # the stored per-member result (qhp, aptc, csr, medicaid, chip, reasons)


@dataclass(frozen=True)
class Group:
    """Who enrolls together, where, and with what savings (as determined)."""

    key: str
    determination: Determination
    members: tuple[GroupMember, ...]
    excluded: tuple[tuple[str, str], ...]  # (name, why) for members not in the group
    year: int
    state: str
    countyfips: str
    zipcode: str
    max_aptc: Decimal
    csr: str | None
    #: The state program of the stored determination (None when the group has none).
    state_help: StateHelp | None = None
    #: The monthly benchmark (SLCSP) premium of the coverage family that enrolls, when it is
    #: not the determination's (fewer members enroll: `for_enrolled`); None: the
    #: determination's `benchmark_premium` applies (Form 1095-A Part III column B).
    benchmark: Decimal | None = None

    @property
    def facts(self) -> list[dict]:
        return [m.facts for m in self.members]


def enrollment_group(determination: Determination, people: list[Member] | None = None) -> Group:
    """`people`: the application's members in the rules input's order, when at hand."""
    snapshot = determination.input_snapshot
    result = determination.result
    people = ordered_members(determination.application) if people is None else people
    facts = snapshot.get("people", [])
    rows = result.get("members", [])
    if not (len(people) == len(facts) == len(rows)):
        raise NotEnrollable("the application changed since this determination")
    members, excluded = [], []
    for person, fact, row in zip(people, facts, rows, strict=True):
        if not fact.get("seeking_coverage", True):
            excluded.append((person.name, "not_seeking"))
        elif row.get("medicaid") or row.get("chip"):
            excluded.append((person.name, "chip" if row.get("chip") else "medicaid"))
        elif not row.get("qhp"):
            excluded.append((person.name, "not_eligible"))
        else:
            members.append(GroupMember(person, fact, row))
    any_aptc = any(m.result.get("aptc") for m in members)
    max_aptc = Decimal(str(result.get("aptc") or 0)).quantize(Decimal("0.01"))
    return Group(
        key="medical",
        determination=determination,
        members=tuple(members),
        excluded=tuple(excluded),
        year=int(result.get("year") or snapshot["year"]),
        state=str(result.get("state") or snapshot["state"]),
        countyfips=snapshot.get("countyfips") or determination.application.countyfips,
        zipcode=snapshot.get("zipcode") or determination.application.zipcode,
        max_aptc=max_aptc if any_aptc else ZERO,
        csr=result.get("csr"),
        state_help=_state_help(result, any_aptc),
    )


def _in_family(row: dict) -> bool:
    """Whether a stored member result is in the determination's coverage family (26 CFR
    1.36B-3(b)(1)); results stored before the flag: APTC-eligible."""
    return bool(row.get("in_coverage_family", row.get("aptc")))


def for_enrolled(group: Group) -> Group:
    """The group with the maximum APTC of the coverage family that actually enrolls.

    The determination's maximum is for its whole coverage family (the APTC-eligible members
    seeking coverage). When fewer of them enroll (a special enrollment period for some
    members only, 45 CFR 155.420(a)(5)), the credit is that of the members enrolled: the
    benchmark is the second lowest cost silver plan that would cover them (26 CFR
    1.36B-3(b)(1), (f)(1)), less a twelfth of the household's contribution, which does not
    change with who enrolls (1.36B-3(d)(1); IRC 36B(b)(2)); the premium of the plan chosen
    caps it later (`price`, 1.36B-3(d)(1)(i), (j)). Every member of the coverage family
    enrolled, or no credit at all: the group as it is (the stored figures, never re-run)."""
    family = [m for m in group.members if _in_family(m.result)]
    stored = group.determination.result
    whole = sum(1 for row in stored.get("members", []) if _in_family(row))
    if len(family) == whole or group.max_aptc == ZERO:
        return group
    contribution = stored.get("expected_contribution")
    bench = _family_benchmark(group, family)
    if bench is None or contribution is None:
        return group  # no benchmark could be priced: the stored figures stay
    credit = monthly_aptc(bench, Decimal(str(contribution))) if family else ZERO
    credit = min(credit, group.max_aptc)
    help_ = _enrollees_help(group, family, credit, bench)
    return replace(group, max_aptc=credit, benchmark=bench, state_help=help_)


def for_policy(group: Group, members) -> Group:
    """The determination's `group` narrowed to the members on a policy (EnrollmentMember
    rows) who are eligible in it, with the maximum APTC, benchmark and state help of the
    coverage family among them (`for_enrolled`): a policy that covers only some of the
    household keeps the credit of its own members when it is priced again (a redetermination,
    a move, a member who joins; 26 CFR 1.36B-3(d), (f)). A policy with every eligible member
    on it, or none: the group as determined."""
    covered = {m.person_id for m in members}
    kept = tuple(m for m in group.members if m.person.pk in covered)
    if len(kept) == len(group.members) or not kept:
        return group
    return for_enrolled(replace(group, members=kept))


def _people(family: list[GroupMember]) -> list[SimpleNamespace]:
    """The coverage family as the rules rate people (age, tobacco, relationship)."""
    return [
        SimpleNamespace(
            age=int(m.facts.get("age", 0)),
            tobacco=bool(m.facts.get("tobacco")),
            relationship=m.facts.get("relationship", "self"),
        )
        for m in family
    ]


def _enrollees_help(group: Group, family, credit: Decimal, bench: Decimal) -> StateHelp | None:
    """The state's help for the coverage family that enrolls (`family`), whose maximum APTC
    is `credit` and benchmark `bench`: the program's own rule for enrollees
    (`StateProgram.monthly_for_enrollees`: ConnectorCare follows the enrollees, 956 CMR
    12.04(3)(c); Vermont's is the household's, capped at what their benchmark leaves, 33
    V.S.A. 1812(a)(2)). Nobody of the coverage family enrolling: none (both programs are
    for people eligible for the credit, 956 CMR 12.04(3)(a)2; 33 V.S.A. 1812(a)(1))."""
    help_ = group.state_help
    program = program_for(group.state)
    if help_ is None or program is None:
        return help_
    if not family:
        return None
    stored = (group.determination.result or {}).get("state_subsidy") or {}
    plan = lowest_plan_among(
        program, group.state, group.year, list(_offers(group)), _people(family)
    )
    monthly = program.monthly_for_enrollees(
        stored, plan=plan, aptc=credit, benchmark=bench, enrollees=len(family)
    )
    return help_ if monthly is None else replace(help_, monthly=monthly)


def _family_benchmark(group: Group, family: list[GroupMember]) -> Decimal | None:
    """The monthly EHB premium of the second lowest cost silver plan at the group's place
    for `family` (`aca_rules.benchmark.slcsp`, as the engine prices the whole family's); 0
    for nobody."""
    if not family:
        return ZERO
    found = slcsp(list(_offers(group)), _people(family), group.state, group.year)
    return None if found is None else found.premium


def _state_help(result: dict, any_aptc: bool) -> StateHelp | None:
    """The stored determination's state program, for a group with APTC members (the
    programs build on the credit: 956 CMR 12.04(3)(a); 33 V.S.A. 1812(a)(1))."""
    if not any_aptc:
        return None
    return StateHelp.from_result(str(result.get("state")), result.get("state_subsidy"))


def policy_group(
    enrollment,
    members,
    *,
    csr: str | None,
    max_aptc: Decimal | None = None,
    determination: Determination | None = None,
) -> Group:
    """The group of an existing policy's `members` (EnrollmentMember rows, the subscriber
    first), to price it again after a member leaves or for another CSR variant
    (maintenance.remove_member, maintenance.change_csr_variant) with the same `price` as checkout.

    Each person's facts are those of the determination the policy rests on
    (`enrollment.determination`), whoever is eligible in it: a member who lost eligibility
    stays covered until their last day, and is priced until then. The rating age and
    tobacco use are the ones the policy was priced with at checkout (the stored member
    rows), so the people who stay are not re-rated in the middle of the year. The maximum
    APTC is the policy's (`enrollment.max_aptc`, the household's as last determined) unless
    a redetermination gives a new `max_aptc` and its `determination`."""
    determination = determination or enrollment.determination
    people = ordered_members(determination.application)
    facts = determination.input_snapshot.get("people", [])
    rows = determination.result.get("members", [])
    if not (len(people) == len(facts) == len(rows)):
        raise NotEnrollable("the application changed since this determination")
    by_person = {p.pk: (p, f, r) for p, f, r in zip(people, facts, rows, strict=True)}
    chosen = []
    for member in members:
        if member.person_id not in by_person:
            raise NotEnrollable(f"member {member.member_id} is not in the determination")
        person, fact, row = by_person[member.person_id]
        rated = {**fact, "age": member.age, "tobacco": member.tobacco}
        chosen.append(GroupMember(person, rated, row))
    group = Group(
        key=enrollment.group,
        determination=determination,
        members=tuple(chosen),
        excluded=(),
        year=enrollment.coverage_year,
        state=enrollment.state,
        countyfips=enrollment.countyfips,
        zipcode=enrollment.zipcode,
        max_aptc=enrollment.max_aptc if max_aptc is None else max_aptc,
        csr=csr or None,
        state_help=StateHelp.from_result(enrollment.state, _subsidy_of(determination)),
    )
    return _policy_help(group)


def _policy_help(group: Group) -> Group:
    """A policy's group with the state's help of the coverage family on it when that is
    only part of the determination's (`_enrollees_help`, with the policy's maximum APTC):
    ConnectorCare follows the enrollees (956 CMR 12.04(3)(c)). Everyone on it: as stored."""
    if group.state_help is None:
        return group
    family = [m for m in group.members if _in_family(m.result)]
    whole = sum(1 for row in group.determination.result.get("members", []) if _in_family(row))
    if len(family) == whole:
        return group
    bench = _family_benchmark(group, family)
    if bench is None:
        return group
    return replace(group, state_help=_enrollees_help(group, family, group.max_aptc, bench))


def _subsidy_of(determination: Determination) -> dict | None:
    return (determination.result or {}).get("state_subsidy")


def _price_plan(info, offer, group: Group, aptc: Decimal) -> PlanQuote:
    """The plan priced for the group: `catalog.plan_prices.price_plan` with the group's
    stored APTC, CSR level and state program."""
    prepared = prepare_members(group.facts, group.state, group.year)
    return price_plan(info, offer, group.facts, prepared, aptc, group.csr, group.state_help)


def _offers(group: Group):
    return catalog.plans_for_location(group.year, group.state, group.countyfips, group.zipcode)


def quotes(group: Group) -> list[PlanQuote]:
    """Every plan at the group's place, priced with its real APTC and CSR variant."""
    if not group.members:
        return []
    infos = plan_infos(group.state, group.year)
    found = []
    for offer in _offers(group):
        info = infos.get(offer.plan_id[:14])
        if info is not None and offered_to(info, group.state_help):
            found.append(_price_plan(info, offer, group, group.max_aptc))
    found.sort(key=lambda q: (q.premium_after_credit, q.premium, q.plan_id))
    return found


def offered_plans(group: Group) -> list:
    """The plans at the group's place offered to it (PlanInfo, by plan id), unpriced:
    `quotes` without the prices, for choosing a plan before pricing only that one."""
    if not group.members:
        return []
    infos = plan_infos(group.state, group.year)
    found = {}
    for offer in _offers(group):
        info = infos.get(offer.plan_id[:14])
        if info is not None and offered_to(info, group.state_help):
            found[offer.plan_id[:14]] = info
    return [found[key] for key in sorted(found)]


@dataclass(frozen=True)
class Priced:
    """A plan chosen with an APTC election: what checkout stores and the 834 reports."""

    quote: PlanQuote
    variant_code: str
    elected_aptc: Decimal
    premium_after_credit: Decimal
    member_premiums: tuple[Decimal, ...]
    rating_area: str
    #: The state's monthly help with this election (ConnectorCare, Vermont Premium
    #: Assistance): never more than the premium left after the APTC elected.
    state_subsidy: Decimal = ZERO

    @property
    def max_applicable(self) -> Decimal:
        """The most APTC this plan can take: the household maximum, capped at its EHB
        premium (26 CFR 1.36B-3(j); catalog.plan_prices.price_plan)."""
        return self.quote.aptc_applied


def price(group: Group, plan_id: str, elected: Decimal | None) -> Priced:
    """Price plan `plan_id` (14 or 16 characters) for the group with `elected` APTC (None =
    the most that applies). 45 CFR 155.310(d)(2): any amount from 0 to the maximum."""
    base = plan_id.replace("-", "")[:14]
    offer = next((o for o in _offers(group) if o.plan_id[:14] == base), None)
    info = plan_infos(group.state, group.year).get(base)
    if offer is None or info is None or not group.members:
        raise NotEnrollable(f"plan {base} is not offered to this household")
    if not offered_to(info, group.state_help):
        raise NotEnrollable(f"plan {base} is a {info.state_program} plan: not for this group")
    quote = _price_plan(info, offer, group, group.max_aptc)
    cap = quote.aptc_applied
    # Bounded before rounding: quantize cannot round 1E+28 or more to cents.
    amount = cap if elected is None else min(max(elected, ZERO), cap).quantize(Decimal("0.01"))
    area = rating_area_for(group.year, group.state, group.countyfips, group.zipcode)
    if area is None:
        raise NotEnrollable("no rating area for the household's address")
    state = state_subsidy_on(info, group.state_help, quote.premium, amount)
    return Priced(
        quote=quote,
        variant_code=quote.variant.variant if quote.variant else "01",
        elected_aptc=amount,
        premium_after_credit=quote.premium - amount - state,
        member_premiums=member_premiums(offer, group, quote.premium),
        rating_area=area.edi_code,
        state_subsidy=state,
    )


def member_premiums(offer, group: Group, total: Decimal) -> tuple[Decimal, ...]:
    """Each member's own rated premium (834 2750 PRE AMT 1), summing to the total.

    45 CFR 147.102(c)(1): only the three oldest children under 21 are charged, so the
    others get 0; in family-tier states the tier amount is not per person, so whatever the
    members' own rates do not account for is carried by the subscriber."""
    rules = rating_rules(group.state, group.year)
    own = [plan_premium(offer, [f], group.state, group.year) for f in group.facts]
    children = sorted(
        (
            i
            for i, f in enumerate(group.facts)
            if f.get("relationship") not in ("self", "spouse")
            and int(f.get("age", 0)) < rules.child_age_limit
        ),
        key=lambda i: -int(group.facts[i].get("age", 0)),
    )
    for index in children[rules.max_children :]:
        own[index] = ZERO
    difference = total - sum(own)
    own[0] = max(own[0] + difference, ZERO)
    if sum(own) != total:  # the subscriber cannot absorb it: all on the subscriber
        own = [total] + [ZERO] * (len(own) - 1)
    return tuple(Decimal(p).quantize(Decimal("0.01")) for p in own)


def policy_state_subsidy(
    enrollment,
    elected: Decimal,
    determination: Determination | None = None,
    max_aptc: Decimal | None = None,
) -> Decimal:
    """The state's monthly help on an existing policy with `elected` APTC: the program of
    the determination it rests on (or a redetermination's), for the members on the policy
    (`policy_group`, whose maximum APTC is `max_aptc` or the policy's: ConnectorCare follows
    the enrollees, 956 CMR 12.04(3)(c)), paid only toward the plans the program pays for,
    never more than the premium left after the APTC (`catalog.plan_prices.state_subsidy_on`)."""
    determination = determination or enrollment.determination
    state_help = StateHelp.from_result(enrollment.state, _subsidy_of(determination))
    if state_help is None:
        return ZERO
    try:
        state_help = policy_group(
            enrollment,
            enrollment.covered_members(),
            csr=enrollment.csr_level,
            max_aptc=max_aptc,
            determination=determination,
        ).state_help
    except NotEnrollable:
        pass  # the application changed since: the household's amount, as stored
    if state_help is None:
        return ZERO
    info = plan_infos(enrollment.state, enrollment.coverage_year).get(enrollment.plan_id[:14])
    if info is None:
        return ZERO
    return state_subsidy_on(info, state_help, enrollment.premium, elected)


def policy_variant(group: Group, plan_id: str) -> str:
    """The variation of plan `plan_id` the group gets (its CSR level and state level: the
    plan's state variations first, `catalog.plan_prices.variant_code`)."""
    info = plan_infos(group.state, group.year).get(plan_id[:14])
    metal = info.metal_level if info is not None else "silver"
    level = group.state_help.level if group.state_help is not None else None
    state_variants = dict(info.state_variants) if info is not None else None
    return variant_code(group.csr, metal, state_variants, level)
