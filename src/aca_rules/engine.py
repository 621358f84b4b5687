"""The determination: Medicaid/CHIP assessment, QHP, APTC, CSR and state subsidies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.affordability import esi_blocks_ptc
from aca_rules.applicable_percentage import (
    applicable_percentage,
    expected_contribution,
    income_upper_limit,
)
from aca_rules.aptc import monthly_aptc
from aca_rules.benchmark import slcsp
from aca_rules.catalog import Catalog
from aca_rules.conditions import (
    below_fpl_exception,
    catastrophic_eligible,
    filing_status_ok,
    income_hardship,
    medicaid_rule_date,
    ptc_immigration,
    qhp_eligible,
)
from aca_rules.csr import aian_variant, csr_variant, household_csr, moop
from aca_rules.determination import Determination, MemberResult
from aca_rules.fpl import fpl_percent, poverty_guideline, ptc_guideline_year
from aca_rules.household import Household, Person
from aca_rules.household_dict import household_to_dict
from aca_rules.medicaid_chip import (
    MedicaidResult,
    StateLimits,
    annual_current_income,
    assess_member,
    fraction_display,
    has_dependent_child,
    medicaid_guideline_year,
    state_limits,
)
from aca_rules.messages import Message
from aca_rules.rating import premium_prepared, prepare_members
from aca_rules.states import ProgramPlan, StateProgram, SubsidyContext, program_for

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
CENT = Decimal("0.01")
#: AI/AN cost-sharing variants (45 CFR 155.350), by the level ``aian_variant`` returns.
_AIAN = {"zero": Message("csr.aian_zero"), "limited": Message("csr.aian_limited")}


class UnknownState(ValueError):
    """The state code is not one of the 50 states and DC."""


@lru_cache(maxsize=1024)
def _bhp_limit(state: str, year: int) -> int | None:
    param = P.parameters()["basic_health_program"]
    if not param.has_state(state):
        return None
    return int(P.get("basic_health_program", year, state))


def _bhp_eligible(person: Person, fpl_pct: int, limit: int | None) -> bool:
    """Basic Health Program eligibility blocks QHP APTC (ACA 1331(e); 42 CFR 600.305):
    adults 19-64 not eligible for Medicaid with income at or below the BHP limit
    (``limit``, percent of FPL; None where the state has no BHP)."""
    return limit is not None and 19 <= person.age < 65 and fpl_pct <= limit


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


@lru_cache(maxsize=256)
def _require_state_program(year: int, state: str) -> None:
    """A state program's own parameters must be confirmed for the year too."""
    program = program_for(state)
    if program is not None:
        missing = P.missing_for_year(year, tuple(program.parameters))
        if missing:
            raise P.YearNotSupported(year, missing)


def _fpl_exact(income: Decimal, guideline: Decimal) -> Decimal:
    """Household income as a percent of the guideline, unrounded (negative income counts
    as zero). For the bands a law draws on the exact figure (state programs); the
    applicable-percentage lookup uses the truncated whole percent (Form 8962 line 5)."""
    if income <= 0:
        return Decimal(0)
    return income * 100 / guideline


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


@lru_cache(maxsize=64)
def _lower_limit(year: int) -> int:
    return int(P.get("income_lower_limit_fpl_percent", year))


@dataclass(frozen=True, slots=True)
class _Setting:
    """What a determination looks up for one coverage year, state and household size,
    resolved once and cached: the poverty guidelines (prior year for APTC/CSR, IRC
    36B(d)(3)(B); for Medicaid/CHIP the current one, 42 CFR 435.603(h) - the coverage
    year's, or the one in effect on the determination date), the PTC income
    limits, the MAGI limits, the BHP limit, the state program, and the arguments of the
    explanation messages that do not depend on income."""

    guideline: Decimal
    upper: int | None
    lower: int
    limits: StateLimits
    med_guideline: Decimal
    med_guideline_pregnant: Decimal
    bhp_limit: int | None
    program: StateProgram | None
    fpl_args: dict  # "fpl.household" without the income and its FPL percent
    medicaid_message: str  # "medicaid.household" or "medicaid.household_no_expansion"
    medicaid_args: dict  # ... without the Medicaid FPL percent


@lru_cache(maxsize=4096)
def _setting(year: int, state: str, size: int, med_gyear: int) -> _Setting:
    gyear = ptc_guideline_year(year)
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
        bhp_limit=_bhp_limit(state, year),
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
    )


def determine(household: Household, catalog: Catalog | None = None) -> Determination:
    """Decide eligibility and subsidies for ``household`` in its coverage year.

    Raises :class:`aca_rules.parameters.YearNotSupported` when a needed parameter is not
    confirmed for the year and :class:`UnknownState` for an unknown state code.
    """
    on = household.determination_date
    med_gyear = medicaid_guideline_year(household.year, on)
    year = P.require_year(household.year, None if med_gyear == household.year else med_gyear)
    state = household.state
    if state not in STATES:
        raise UnknownState(f"Unknown state {state!r}: expected one of the 50 states or DC.")
    _require_state_program(year, state)
    people = household.people
    size = len(people)
    setting = _setting(year, state, size, med_gyear)
    # The Medicaid/CHIP immigration rule of the determination date (or of 1 January).
    rule_date = medicaid_rule_date(year, on)

    # --- Poverty line and FPL percent (IRC 36B(d)(3); Form 8962 line 5) ---------------
    guideline = setting.guideline
    income = household.income
    fpl_pct = fpl_percent(income, guideline)
    upper = setting.upper
    lower = setting.lower
    display_pct = upper + 1 if upper is not None and fpl_pct > upper else fpl_pct
    args = setting.fpl_args.copy()
    args["income"] = income
    args["fpl_percent"] = fpl_pct
    explanation: list[Message] = [Message("fpl.household", args)]

    # --- Medicaid / CHIP (current-year guideline) -------------------------------------
    limits = setting.limits
    med_guideline = setting.med_guideline
    current = annual_current_income(household)
    base_fraction = current / med_guideline
    med_pct = fraction_display(base_fraction)
    dependent_child = has_dependent_child(household, limits)
    med: list[MedicaidResult] = [
        assess_member(
            p,
            state,
            year,
            current / setting.med_guideline_pregnant,
            limits,
            dependent_child,
            on=rule_date,
        )
        if p.pregnant
        else assess_member(
            p, state, year, base_fraction, limits, dependent_child, med_pct, rule_date
        )
        for p in people
    ]
    args = setting.medicaid_args.copy()
    args["income_percent"] = med_pct
    explanation.append(Message(setting.medicaid_message, args))

    # --- Household-level PTC conditions ----------------------------------------------
    ptc_ok, fs_reason = filing_status_ok(household)
    household_reasons: list[Message] = [fs_reason] if fs_reason else []
    exception = False
    if ptc_ok and fpl_pct < lower:
        exception = below_fpl_exception(household, year, rule_date)
        if exception:
            household_reasons.append(Message("income.below_floor_exception", {"lower": lower}))
        else:
            ptc_ok = False
            household_reasons.append(
                Message(
                    "income.below_floor"
                    if P.get("below_fpl_lawfully_present_exception", year)
                    else "income.below_floor_exception_repealed",
                    {"fpl_percent": fpl_pct, "lower": lower},
                )
            )
    if ptc_ok and upper is not None and fpl_pct > upper:
        ptc_ok = False
        household_reasons.append(Message("income.above_limit", {"upper": upper, "year": year}))
    if ptc_ok and upper is None and fpl_pct > 400:
        household_reasons.append(Message("income.no_upper_limit", {"year": year}))
    explanation.extend(household_reasons)
    # Hardship exemption for a catastrophic plan when income alone bars APTC (45 CFR
    # 155.605(d)(1)(iii); CMS guidance of Sept. 4, 2025).
    cat_income = income_hardship(year, state, fpl_pct, lower, upper)

    # --- Members ---------------------------------------------------------------------
    # Per member: (QHP eligible, APTC eligible, reasons, catastrophic eligible, reason).
    results: list[tuple[bool, bool, list[Message], bool, Message]] = []
    employer_offers = _any_employer_offer(people)
    for i, person in enumerate(people):
        m = med[i]
        qhp, qhp_reason = qhp_eligible(person)
        reasons: list[Message] = [m.reason, qhp_reason]
        aptc_ok = ptc_ok and qhp
        if aptc_ok and not person.citizen:
            # Only "eligible aliens" from 2027 (IRC 36B(e)(2); Pub. L. 119-21 71301).
            why = ptc_immigration(person, year)
            if why is not None:
                aptc_ok = False
                reasons.append(why)
        if aptc_ok and (m.medicaid or m.chip):
            aptc_ok = False
            reasons.append(_APTC_MEDICAID_CHIP)
        if aptc_ok and person.has_mec:
            aptc_ok = False
            reasons.append(_APTC_OTHER_COVERAGE)
        if employer_offers:  # without any offer nothing is blocked and nothing is said
            blocked, esi_reason = esi_blocks_ptc(household, i, year)
            if esi_reason:
                reasons.append(esi_reason)
            if aptc_ok and blocked:
                aptc_ok = False
        if aptc_ok and _bhp_eligible(person, fpl_pct, setting.bhp_limit):
            aptc_ok = False
            reasons.append(Message("aptc.basic_health_program", {"state": state}))
        if aptc_ok:
            reasons.append(_APTC_ELIGIBLE)
        elif qhp and not ptc_ok and household_reasons:
            reasons.append(_APTC_HOUSEHOLD_NOT_ELIGIBLE)
        cat_ok, cat_reason = _catastrophic(person.age, person.hardship_exemption, year, cat_income)
        results.append((qhp, aptc_ok, reasons, cat_ok and qhp, cat_reason))

    coverage = [i for i, r in enumerate(results) if r[1] and people[i].seeking_coverage]
    any_aptc = any(r[1] for r in results)

    # --- Applicable percentage, contribution -------------------------------------------
    pct: Decimal | None = None
    contribution: Decimal | None = None
    if ptc_ok and any_aptc:
        pct = applicable_percentage(year, fpl_pct)
        if pct is not None:
            contribution = expected_contribution(income, pct)
            explanation.append(
                Message(
                    "aptc.applicable_percentage",
                    {"fpl_percent": fpl_pct, "percent": pct * 100, "contribution": contribution},
                )
            )

    # --- Benchmark and APTC -------------------------------------------------------------
    benchmark: Decimal | None = None
    aptc: Decimal | None
    rating_area = household.rating_area
    offers = None
    members = [people[i] for i in coverage]
    if not coverage or contribution is None:
        aptc = Decimal("0.00")
        if household.benchmark_premium is not None:
            benchmark = household.benchmark_premium
        if not coverage:
            explanation.append(_NO_COVERAGE_FAMILY)
    else:
        if household.benchmark_premium is not None:
            benchmark = household.benchmark_premium
            explanation.append(Message("benchmark.given", {"benchmark": benchmark}))
        elif catalog is not None:
            offers = catalog.plans_for_location(
                year, state, household.countyfips, household.zipcode
            )
            if rating_area is None:
                rating_area = catalog.rating_area(
                    year, state, household.countyfips, household.zipcode
                )
            bench = slcsp(offers, members, state, year)
            if bench is not None:
                benchmark = bench.premium
                explanation.append(
                    Message(
                        "benchmark.slcsp",
                        {"plan_id": bench.plan_id, "members": len(members), "benchmark": benchmark},
                    )
                )
            else:
                explanation.append(_NO_SILVER_PLAN)
        else:
            explanation.append(_BENCHMARK_NOT_COMPUTED)
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
    ctx: SubsidyContext | None = None
    if program is not None:
        if offers is None and catalog is not None and program.plan_program and ptc_eligible:
            offers = catalog.plans_for_location(
                year, state, household.countyfips, household.zipcode
            )
        ctx = SubsidyContext(
            year=year,
            household=household,
            fpl_percent=fpl_pct,
            fpl_percent_exact=_fpl_exact(income, guideline),
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
        aptc_level = csr_variant(year, fpl_pct, exception)
        if program is not None:
            aptc_level = program.csr(ctx, aptc_level)
    member_results: list[MemberResult] = []
    levels: list[str | None] = []
    for i, person in enumerate(people):
        qhp, aptc_ok, reasons, cat_ok, cat_reason = results[i]
        m = med[i]
        aptc_member = aptc_ok and pct is not None
        level = aptc_level if aptc_member else None
        if person.aian and qhp:
            level = aian_variant(year, max(fpl_pct, 100) if exception else fpl_pct, aptc_member)
            reasons.append(_AIAN[level])
        elif level is not None:
            reasons.append(
                Message(
                    "csr.silver_vermont"
                    if state == "VT" and level in ("77", "73")
                    else "csr.silver",
                    {"level": level},
                )
            )
        elif aptc_member:
            reasons.append(_NO_CSR_ABOVE_250)
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
    state_subsidy = program.subsidy(ctx) if program is not None else None
    if state_subsidy is not None:
        explanation.append(state_subsidy["reason"])
        if state_subsidy.get("note") is not None:
            explanation.append(state_subsidy["note"])
    # Maximum out-of-pocket limits (informational): null, with a line saying so, when the
    # year's figure is not available (45 CFR 156.130; ADR 0102).
    moop_level = hh_csr if hh_csr in _REDUCED_MOOP else None
    limits_moop = moop(year, moop_level)
    if limits_moop is None:
        explanation.append(
            Message("csr.moop_not_available", {"level": moop_level, "year": year})
            if moop_level is not None
            else Message("csr.standard_moop_not_available", {"year": year})
        )

    return Determination(
        year=year,
        state=state,
        household_size=size,
        poverty_guideline=guideline,
        fpl_percent=display_pct,
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
        medicaid_poverty_guideline=med_guideline,
        medicaid_fpl_percent=med_pct,
        medicaid_expansion=limits.expansion,
        ptc_eligible=ptc_eligible,
        moop=None if limits_moop is None else dict(limits_moop),
        rating_area=rating_area,
    )
