"""The engine as it was before it became named steps (docs/adr/0104), kept unchanged only as
the baseline of the rules bench (tests/rules/bench_determinations.py), which measures both
in the same run. Not used by the exchange; delete it once the figures are no longer needed.

The determination: Medicaid/CHIP assessment, QHP, APTC, CSR and state subsidies.

Income is compared with every limit exactly, as the law draws it (ADR 0103): only the
applicable-percentage lookup reads the whole, truncated percent of Form 8962 line 5.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from aca_rules import basic_health
from aca_rules import parameters as P
from aca_rules import values_used as U
from aca_rules.affordability import esi_blocks_ptc
from aca_rules.applicable_percentage import (
    applicable_percentage,
    expected_contribution,
    income_upper_limit,
)
from aca_rules.aptc import monthly_aptc
from aca_rules.benchmark import slcsp
from aca_rules.catalog import Catalog
from aca_rules.catastrophic import catastrophic_eligible, income_hardship
from aca_rules.csr import aian_variant, csr_variant, household_csr, moop
from aca_rules.determination import Determination
from aca_rules.fpl import (
    fpl_percent_exact,
    latest_guideline_year,
    medicaid_target_year,
    poverty_guideline,
    ptc_target_year,
)
from aca_rules.household import Household, Person
from aca_rules.household_dict import household_to_dict
from aca_rules.immigration import medicaid_rule_date, ptc_immigration
from aca_rules.income_limits import below_fpl_exception
from aca_rules.medicaid_chip import (
    MedicaidResult,
    StateLimits,
    annual_current_income,
    assess_member,
    fraction_display,
    has_dependent_child,
    state_limits,
)
from aca_rules.messages import Message
from aca_rules.provenance import UsedValue
from aca_rules.qhp import qhp_eligible
from aca_rules.rating import premium_prepared, prepare_members
from aca_rules.states import ProgramPlan, StateProgram, SubsidyContext, program_for
from aca_rules.tax import filing_status_ok

STATES = frozenset(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)


_APTC_ELIGIBLE = Message("aptc.eligible")
_APTC_MEDICAID_CHIP = Message("aptc.medicaid_chip")
_APTC_OTHER_COVERAGE = Message("aptc.other_coverage")
_APTC_HOUSEHOLD_NOT_ELIGIBLE = Message("aptc.household_not_eligible")
_NO_COVERAGE_FAMILY = Message("aptc.no_coverage_family")
_NO_SILVER_PLAN = Message("benchmark.no_silver_plan")
_BENCHMARK_NOT_COMPUTED = Message("benchmark.not_computed")
_NO_CSR_ABOVE_250 = Message("csr.none_above_250")
#: The silver variants with reduced maximum out-of-pocket limits (45 CFR 156.130(c)).
_REDUCED_MOOP = frozenset(("94", "87", "73"))
#: AI/AN cost-sharing variants (45 CFR 155.350), by the level ``aian_variant`` returns.
_AIAN = {"zero": Message("csr.aian_zero"), "limited": Message("csr.aian_limited")}
_HUNDRED = Decimal(100)
_HUNDREDTH = Decimal("0.01")
CENT = _HUNDREDTH


@dataclass(frozen=True, slots=True)
class MemberResult:
    """The member result of the time (a frozen dataclass; aca_rules.determination now has a
    named tuple with the same fields, cheaper to build)."""

    index: int
    name: str | None
    age: int
    relationship: str
    medicaid: bool
    chip: bool
    qhp: bool
    aptc: bool
    csr: str | None
    catastrophic: bool
    medicaid_program: str | None
    in_coverage_family: bool
    reasons: tuple[Message, ...]


class UnknownState(ValueError):
    """The state code is not one of the 50 states and DC."""


@lru_cache(maxsize=256)
def _require_state_program(year: int, state: str) -> None:
    """A state program's own parameters must have a value in force for the year too."""
    program = program_for(state)
    if program is not None:
        missing = P.missing_for_year(year, tuple(program.parameters))
        if missing:
            raise P.YearNotSupported(year, missing)


@lru_cache(maxsize=64)
def _lower_limit(year: int) -> int:
    return int(P.get("income_lower_limit_fpl_percent", year))


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity (it is cached)
class _Setting:
    """What a determination looks up for one coverage year, state and household size,
    resolved once and cached: the poverty guidelines (prior year for APTC/CSR, IRC
    36B(d)(3)(B); for Medicaid/CHIP the current one, 42 CFR 435.603(h) - the coverage
    year's, or the one in effect on the determination date; each the latest one entered
    while the one asked for is not published), the PTC income limits, the MAGI limits, the
    Basic Health Program, the state program, the arguments of the explanation messages
    that do not depend on income, and the unconfirmed law values every determination of
    this setting reads."""

    guideline: Decimal
    upper: int | None
    lower: int
    limits: StateLimits
    med_guideline: Decimal
    med_guideline_pregnant: Decimal
    bhp: basic_health.Program | None
    program: StateProgram | None
    fpl_args: dict  # "fpl.household_exact" without the income and its FPL percents
    medicaid_message: str  # "medicaid.household" or "medicaid.household_no_expansion"
    medicaid_args: dict  # ... without the Medicaid FPL percent
    unconfirmed: tuple[UsedValue, ...]
    year: int
    state: str


@lru_cache(maxsize=4096)
def _setting(
    year: int, state: str, size: int, med_target: int, bhp_on: _dt.date, dated: _dt.date | None
) -> _Setting:
    target = ptc_target_year(year)
    gyear = latest_guideline_year(target)
    med_gyear = latest_guideline_year(med_target)
    guideline = poverty_guideline(gyear, state, size)
    limits = state_limits(state, year)
    med_guideline = poverty_guideline(med_gyear, state, size)
    return _Setting(
        guideline=guideline,
        upper=income_upper_limit(year),
        lower=_lower_limit(year),
        limits=limits,
        med_guideline=med_guideline,
        med_guideline_pregnant=poverty_guideline(med_gyear, state, size + 1),
        bhp=basic_health.program_for(state, bhp_on),
        program=program_for(state),
        fpl_args={
            "size": size,
            "state": state,
            "guideline_year": gyear,
            "guideline": guideline,
            "year": year,
        },
        medicaid_message=(
            "medicaid.household" if limits.expansion else "medicaid.household_no_expansion"
        ),
        medicaid_args={
            "guideline_year": med_gyear,
            "guideline": med_guideline,
            "size": size,
            "state": state,
        },
        unconfirmed=U.core(year, state, (gyear, target), (med_gyear, med_target), bhp_on, dated),
        year=year,
        state=state,
    )


@dataclass(frozen=True, slots=True)
class _Income:
    """Household income against the APTC/CSR poverty guideline: the exact percent every
    limit is compared with, the whole percent (Form 8962 line 5) the applicable percentage
    is read at, and the figure reported (401 above the cap, as Form 8962 enters it)."""

    exact: Decimal
    whole: int
    reported: int
    above_cap: bool


def _income(income: Decimal, setting: _Setting) -> _Income:
    """IRC 36B(c)(1)(A): income that "does not exceed 400 percent" - compared exactly
    (Form 8962 worksheet 2 tests income against 4 times the poverty line in dollars and
    then enters 401); the whole percent is truncated (line 5: "drop any numbers after the
    decimal point")."""
    if income > 0:  # fpl.fpl_percent_exact and fpl.fpl_percent, sharing one product
        scaled = income * _HUNDRED
        exact, whole = scaled / setting.guideline, int(scaled // setting.guideline)
    else:
        exact, whole = fpl_percent_exact(income, setting.guideline), 0
    upper = setting.upper
    above = upper is not None and exact > upper
    return _Income(exact, whole, upper + 1 if above else whole, above)


def _household_ptc(
    household: Household, year: int, setting: _Setting, inc: _Income, rule_date: _dt.date
) -> tuple[bool, bool, list[Message]]:
    """The household-level PTC conditions: (applicable taxpayer, below-100% exception
    applies, reasons). Filing status (IRC 36B(c)(1)(C)), the 100% floor (36B(c)(1)(A), with
    the lawfully-present exception of 36B(c)(1)(B) while in force) and the cap, each
    compared with the exact income."""
    ptc_ok, fs_reason = filing_status_ok(household)
    reasons: list[Message] = [fs_reason] if fs_reason else []
    lower, upper = setting.lower, setting.upper
    exception = False
    if ptc_ok and inc.exact < lower:
        exception = below_fpl_exception(household, year, rule_date)
        if exception:
            reasons.append(Message("income.below_floor_exception", {"lower": lower}))
        else:
            ptc_ok = False
            reasons.append(
                Message(
                    "income.below_floor"
                    if P.get("below_fpl_lawfully_present_exception", year)
                    else "income.below_floor_exception_repealed",
                    {"fpl_percent": inc.whole, "lower": lower},
                )
            )
    if ptc_ok and inc.above_cap:
        ptc_ok = False
        reasons.append(Message("income.above_limit", {"upper": upper, "year": year}))
    if ptc_ok and upper is None and inc.exact > 400:
        reasons.append(Message("income.no_upper_limit", {"year": year}))
    return ptc_ok, exception, reasons


def _any_employer_offer(people: tuple[Person, ...]) -> bool:
    """Whether any member has an employer offer (IRC 36B(c)(2)(C) only applies then)."""
    for person in people:
        if person.esi_offer is not None:
            return True
    return False


@lru_cache(maxsize=1024)
def _catastrophic(
    age: int, hardship: bool, year: int, income_hardship: bool
) -> tuple[bool, Message]:
    return catastrophic_eligible(
        Person(age=age, hardship_exemption=hardship), year, income_hardship
    )


def _bhp_reason(program: basic_health.Program, state: str) -> Message:
    args = {"program": program.name, "state": state, "limit": program.max_fpl_percent}
    if program.bars_qhp:
        return Message("qhp.basic_health_program", args)
    return Message("aptc.bhp_waiver", args)


def _member(
    household: Household,
    i: int,
    m: MedicaidResult,
    ctx: tuple,
) -> tuple[bool, bool, list[Message], bool, Message]:
    """One member's QHP and APTC eligibility and catastrophic eligibility: (QHP eligible,
    APTC eligible, reasons, catastrophic eligible, its reason). ``ctx`` is (year, state,
    setting, household PTC ok, household reasons, employer offers, income as a fraction of
    the current guideline (BHP), catastrophic income hardship)."""
    year, state, setting, ptc_ok, household_reasons, offers, current, cat_income = ctx
    person = household.people[i]
    qhp, qhp_reason = qhp_eligible(person)
    reasons: list[Message] = [m.reason, qhp_reason]
    aptc_ok = ptc_ok and qhp
    status_ok = True
    if qhp and not person.citizen:
        # Only "eligible aliens" from 2027 (IRC 36B(e)(2); Pub. L. 119-21 71301).
        why = ptc_immigration(person, year)
        if why is not None:
            status_ok = False
            if aptc_ok:
                aptc_ok = False
                reasons.append(why)
    medicaid = m.medicaid or m.chip
    if aptc_ok and medicaid:
        aptc_ok = False
        reasons.append(_APTC_MEDICAID_CHIP)
    if aptc_ok and person.has_mec:
        aptc_ok = False
        reasons.append(_APTC_OTHER_COVERAGE)
    esi_blocked = False
    if offers:  # without any offer nothing is blocked and nothing is said
        esi_blocked, esi_reason = esi_blocks_ptc(household, i, year)
        if esi_reason:
            reasons.append(esi_reason)
        if aptc_ok and esi_blocked:
            aptc_ok = False
    bhp = setting.bhp
    if (
        bhp is not None
        and qhp
        and status_ok
        and not (medicaid or person.has_mec or esi_blocked)
        and basic_health.eligible(person, current * _HUNDRED, bhp)
    ):
        aptc_ok = False
        if bhp.bars_qhp:
            qhp = False
            reasons[1] = _bhp_reason(bhp, state)
        else:
            reasons.append(_bhp_reason(bhp, state))
    if aptc_ok:
        reasons.append(_APTC_ELIGIBLE)
    elif qhp and not ptc_ok and household_reasons:
        reasons.append(_APTC_HOUSEHOLD_NOT_ELIGIBLE)
    cat_ok, cat_reason = _catastrophic(person.age, person.hardship_exemption, year, cat_income)
    return qhp, aptc_ok, reasons, cat_ok and qhp, cat_reason


def _benchmark(
    household: Household,
    catalog: Catalog | None,
    members: list[Person],
    explanation: list[Message],
) -> tuple[Decimal | None, str | None, list | None]:
    """The monthly benchmark premium for the coverage family: given, or the second lowest
    cost silver plan from the catalog (IRC 36B(b)(3)(B); 26 CFR 1.36B-3(f)); the rating
    area; and the catalog's offers when they were read (None otherwise)."""
    rating_area = household.rating_area
    if household.benchmark_premium is not None:
        explanation.append(Message("benchmark.given", {"benchmark": household.benchmark_premium}))
        return household.benchmark_premium, rating_area, None
    if catalog is None:
        explanation.append(_BENCHMARK_NOT_COMPUTED)
        return None, rating_area, None
    year, state = household.year, household.state
    offers = catalog.plans_for_location(year, state, household.countyfips, household.zipcode)
    if rating_area is None:
        rating_area = catalog.rating_area(year, state, household.countyfips, household.zipcode)
    bench = slcsp(offers, members, state, year)
    if bench is None:
        explanation.append(_NO_SILVER_PLAN)
        return None, rating_area, offers
    explanation.append(
        Message(
            "benchmark.slcsp",
            {"plan_id": bench.plan_id, "members": len(members), "benchmark": bench.premium},
        )
    )
    return bench.premium, rating_area, offers


def _program_plan(
    program: StateProgram | None, household: Household, offers, members: list[Person]
) -> ProgramPlan | None:
    """The lowest-cost plan of the state program's own plans (``plan_program``, e.g.
    ConnectorCare) for the coverage family: the input's ``state_program_premium``, else the
    cheapest offer the catalog flags for the program (its premium for the members as rated,
    45 CFR 147.102; ties go to the lower plan id). None when neither is known."""
    if program is None or program.plan_program is None:
        return None
    given = household.state_program_premium
    if given is not None:
        return ProgramPlan(None, given, given)
    if not offers or not members:
        return None
    prepared = prepare_members(members, household.state, household.year)
    best: tuple[Decimal, str, Decimal] | None = None
    for offer in offers:
        if offer.state_program != program.plan_program:
            continue
        premium = premium_prepared(offer.rates, prepared)
        if best is None or (premium, offer.plan_id) < best[:2]:
            best = (premium, offer.plan_id, offer.ehb_share)
    if best is None:
        return None
    premium, plan_id, share = best
    return ProgramPlan(plan_id, premium, (premium * share).quantize(CENT, ROUND_HALF_UP))


def _member_level(
    year: int,
    state: str,
    person: Person,
    result: tuple,
    aptc_level: str | None,
    aian_pct: Decimal,
    aptc_member: bool,
) -> str | None:
    """A member's cost-sharing level, with its reason appended to ``result``'s reasons."""
    qhp, _aptc, reasons, _cat, _why = result
    level = aptc_level if aptc_member else None
    if person.aian and qhp:
        level = aian_variant(year, aian_pct, aptc_member)
        reasons.append(_AIAN[level])
    elif level is not None:
        reasons.append(
            Message(
                "csr.silver_vermont" if state == "VT" and level in ("77", "73") else "csr.silver",
                {"level": level},
            )
        )
    elif aptc_member:
        reasons.append(_NO_CSR_ABOVE_250)
    return level


def _moop_line(year: int, hh_csr: str | None, explanation: list[Message]) -> dict | None:
    """Maximum out-of-pocket limits (informational): null, with a line saying so, when the
    year's figure is not published (45 CFR 156.130; ADR 0102)."""
    moop_level = hh_csr if hh_csr in _REDUCED_MOOP else None
    limits = moop(year, moop_level)
    if limits is None:
        explanation.append(
            Message("csr.moop_not_available", {"level": moop_level, "year": year})
            if moop_level is not None
            else Message("csr.standard_moop_not_available", {"year": year})
        )
        return None
    return dict(limits)


@lru_cache(maxsize=8192)
def _unconfirmed(
    setting: _Setting,
    immigration_on: _dt.date | None,
    flags: tuple[bool, bool, bool, bool],
) -> tuple[UsedValue, ...]:
    """The unconfirmed values a determination used: the setting's, and those of the groups
    that applied - the immigration tables on ``immigration_on`` (a member is not a citizen),
    then by ``flags``: a credit was computed, an employer offer was tested, an AI/AN member,
    the benchmark was rated from the catalog - and the state program's."""
    year, state = setting.year, setting.state
    found = setting.unconfirmed
    if immigration_on is not None:
        found = found + U.immigration(year, immigration_on)
    computed, offers, aian, rated = flags
    if computed:
        found = found + U.one("applicable_percentage_table", year)
    if offers:
        found = found + U.one("affordability_threshold", year)
    if aian:
        found = found + U.one("aian_zero_cost_sharing_max_fpl_percent", year)
    if rated:
        found = found + U.rating(year, state)
    if setting.program is not None:
        found = found + U.state_program(year, state, tuple(setting.program.parameters))
    return found


def determine(household: Household, catalog: Catalog | None = None) -> Determination:
    """Decide eligibility and subsidies for ``household`` in its coverage year.

    Raises :class:`aca_rules.parameters.YearNotSupported` when a needed parameter has no
    value in force for the year and :class:`UnknownState` for an unknown state code.
    """
    on = household.determination_date
    med_target = medicaid_target_year(household.year, on)
    year = P.require_year(household.year, None if med_target == household.year else med_target)
    state = household.state
    if state not in STATES:
        raise UnknownState(f"Unknown state {state!r}: expected one of the 50 states or DC.")
    _require_state_program(year, state)
    people = household.people
    size = len(people)
    setting = _setting(year, state, size, med_target, basic_health.program_date(year, on), on)
    # The Medicaid/CHIP immigration rule of the determination date (or of 1 January).
    rule_date = medicaid_rule_date(year, on)

    # --- Poverty line and FPL percent (IRC 36B(d)(3); Form 8962 line 5) ---------------
    income = household.income
    inc = _income(income, setting)
    args = setting.fpl_args.copy()
    args["income"] = income
    args["fpl_exact"] = inc.exact.quantize(_HUNDREDTH, ROUND_DOWN)  # shown truncated
    args["fpl_percent"] = inc.whole
    explanation: list[Message] = [Message("fpl.household_exact", args)]

    # --- Medicaid / CHIP (current guideline) ------------------------------------------
    limits = setting.limits
    current = annual_current_income(household)
    base_fraction = current / setting.med_guideline
    med_pct = fraction_display(base_fraction)
    dependent_child = has_dependent_child(household, limits)
    med_gyear = setting.medicaid_args["guideline_year"]
    med: list[MedicaidResult] = [
        assess_member(
            p,
            state,
            year,
            current / setting.med_guideline_pregnant,
            limits,
            dependent_child,
            on=rule_date,
            guideline_year=med_gyear,
        )
        if p.pregnant
        else assess_member(
            p, state, year, base_fraction, limits, dependent_child, med_pct, rule_date, med_gyear
        )
        for p in people
    ]
    args = setting.medicaid_args.copy()
    args["income_percent"] = med_pct
    explanation.append(Message(setting.medicaid_message, args))

    # --- Household-level PTC conditions ----------------------------------------------
    ptc_ok, exception, household_reasons = _household_ptc(household, year, setting, inc, rule_date)
    explanation.extend(household_reasons)
    # Hardship exemption for a catastrophic plan when income alone bars APTC (45 CFR
    # 155.605(d)(1)(iii); CMS guidance of Sept. 4, 2025).
    cat_income = income_hardship(year, state, inc.exact, setting.lower, setting.upper)

    # --- Members ---------------------------------------------------------------------
    employer_offers = _any_employer_offer(people)
    ctx = (
        year,
        state,
        setting,
        ptc_ok,
        household_reasons,
        employer_offers,
        base_fraction,
        cat_income,
    )
    results = [_member(household, i, med[i], ctx) for i in range(size)]
    coverage = [i for i, r in enumerate(results) if r[1] and people[i].seeking_coverage]
    any_aptc = any(r[1] for r in results)

    # --- Applicable percentage, contribution (read at the whole percent) --------------
    pct: Decimal | None = None
    contribution: Decimal | None = None
    if ptc_ok and any_aptc:
        pct = applicable_percentage(year, inc.reported)
        if pct is not None:
            contribution = expected_contribution(income, pct)
            explanation.append(
                Message(
                    "aptc.applicable_percentage",
                    {"fpl_percent": inc.whole, "percent": pct * 100, "contribution": contribution},
                )
            )

    # --- Benchmark and APTC -------------------------------------------------------------
    benchmark: Decimal | None = None
    aptc: Decimal | None
    rating_area = household.rating_area
    rated = False
    offers = None
    members = [people[i] for i in coverage]
    if not coverage or contribution is None:
        aptc = Decimal("0.00")
        if household.benchmark_premium is not None:
            benchmark = household.benchmark_premium
        if not coverage:
            explanation.append(_NO_COVERAGE_FAMILY)
    else:
        rated = household.benchmark_premium is None and catalog is not None
        benchmark, rating_area, offers = _benchmark(household, catalog, members, explanation)
        aptc = monthly_aptc(benchmark, contribution) if benchmark is not None else None
        if aptc is not None:
            explanation.append(
                Message(
                    "aptc.amount",
                    {"benchmark": benchmark, "contribution": contribution, "aptc": aptc},
                )
            )

    # --- CSR and state programs ---------------------------------------------------------
    program = setting.program
    ptc_eligible = ptc_ok and any_aptc and pct is not None
    ctx_state: SubsidyContext | None = None
    if program is not None:
        if offers is None and catalog is not None and program.plan_program and ptc_eligible:
            offers = catalog.plans_for_location(
                year, state, household.countyfips, household.zipcode
            )
        ctx_state = SubsidyContext(
            year=year,
            household=household,
            fpl_percent=inc.whole,
            fpl_percent_exact=inc.exact,
            ptc_eligible=ptc_eligible,
            applicable_percentage=pct,
            expected_contribution=contribution,
            benchmark_premium=benchmark,
            aptc=aptc,
            coverage_family_size=len(coverage),
            program_plan=_program_plan(program, household, offers, members)
            if ptc_eligible
            else None,
        )
    # The silver CSR level of an APTC-eligible member depends on the household only.
    aptc_level: str | None = None
    if ptc_eligible:
        aptc_level = csr_variant(year, inc.exact, exception)
        if program is not None:
            aptc_level = program.csr(ctx_state, aptc_level)
    aian_pct = max(inc.exact, _HUNDRED) if exception else inc.exact
    member_results: list[MemberResult] = []
    levels: list[str | None] = []
    any_aian = False
    for i, person in enumerate(people):
        result = results[i]
        qhp, aptc_ok, reasons, cat_ok, cat_reason = result
        m = med[i]
        aptc_member = aptc_ok and pct is not None
        any_aian = any_aian or (person.aian and qhp)
        level = _member_level(year, state, person, result, aptc_level, aian_pct, aptc_member)
        in_coverage = i in coverage
        if in_coverage or (
            person.aian and qhp and person.seeking_coverage and not (m.medicaid or m.chip)
        ):
            levels.append(level)
        if qhp:
            reasons.append(cat_reason)
        member_results.append(
            MemberResult(  # positional, in field order: cheaper than keywords
                i,
                person.name,
                person.age,
                person.relationship,
                m.medicaid,
                m.chip,
                qhp,
                aptc_member,
                level,  # csr
                cat_ok,  # catastrophic
                m.program,  # medicaid_program
                in_coverage and pct is not None,  # in_coverage_family
                tuple(reasons),
            )
        )
    hh_csr = household_csr(levels)
    state_subsidy = program.subsidy(ctx_state) if program is not None else None
    if state_subsidy is not None:
        explanation.append(state_subsidy["reason"])
        if state_subsidy.get("note") is not None:
            explanation.append(state_subsidy["note"])
    limits_moop = _moop_line(year, hh_csr, explanation)
    flags = (pct is not None, employer_offers, any_aian, rated)
    non_citizen = False
    for person in people:
        if not person.citizen:
            non_citizen = True
            break

    return Determination(
        year=year,
        state=state,
        household_size=size,
        poverty_guideline=setting.guideline,
        fpl_percent=inc.reported,
        applicable_percentage=pct,
        expected_contribution=contribution,
        benchmark_premium=benchmark,
        aptc=aptc,
        csr=hh_csr,
        state_subsidy=state_subsidy,
        members=tuple(member_results),
        explanation=tuple(explanation),
        rules_version=P.RULES_VERSION,
        inputs=household_to_dict(household),
        medicaid_poverty_guideline=setting.med_guideline,
        medicaid_fpl_percent=med_pct,
        medicaid_expansion=limits.expansion,
        ptc_eligible=ptc_eligible,
        moop=limits_moop,
        rating_area=rating_area,
        fpl_percent_exact=inc.exact,
        unconfirmed_values=_unconfirmed(setting, rule_date if non_citizen else None, flags),
    )
