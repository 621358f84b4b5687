"""The determination: a short pipeline of named steps, each rule in the module named after it.

1. :func:`_setting` - the coverage year and state checked, the figures of the year, state
   and household size (:mod:`aca_rules.setting`);
2. :func:`aca_rules.fpl.household_income` - income against the APTC/CSR poverty line;
3. :func:`aca_rules.medicaid_chip.assess_household` - Medicaid/CHIP for each member;
4. :func:`aca_rules.income_limits.household_ptc` - whether the household is an applicable
   taxpayer;
5. :func:`aca_rules.member.member_eligibility` - each member's QHP, APTC and catastrophic
   eligibility;
6. :func:`aca_rules.aptc.contribution` and :func:`aca_rules.aptc.premium_credit` - the
   expected contribution, the benchmark premium and the APTC;
7. :func:`_cost_sharing` - each member's CSR level and the household's, with the state
   program (:mod:`aca_rules.states`) where the state has one;
8. the state program's ``subsidy`` (:mod:`aca_rules.states`) and the out-of-pocket limits
   (:func:`aca_rules.csr.moop_line`);
9. the :class:`~aca_rules.determination.Determination`, with the unconfirmed values used
   (:func:`aca_rules.values_used.for_determination`).

Income is compared with every limit exactly, as the law draws it (ADR 0103): only the
applicable-percentage lookup reads the whole, truncated percent of Form 8962 line 5.
"""

from __future__ import annotations

from decimal import Decimal

from aca_rules import basic_health
from aca_rules import parameters as P
from aca_rules import values_used as U
from aca_rules.aptc import Contribution, Credit, contribution, no_contribution, premium_credit
from aca_rules.catalog import Catalog
from aca_rules.catastrophic import income_hardship
from aca_rules.csr import csr_variant, household_csr, member_level, moop_line
from aca_rules.determination import Determination, MemberResult
from aca_rules.fpl import HouseholdIncome, household_income, medicaid_target_year
from aca_rules.fpl import poverty_line_reason as fpl_line
from aca_rules.household import Household
from aca_rules.household_dict import household_to_dict
from aca_rules.immigration import medicaid_rule_date
from aca_rules.income_limits import HouseholdPtc, household_ptc
from aca_rules.medicaid_chip import HouseholdMedicaid, assess_household, household_reason
from aca_rules.member import MemberContext, MemberEligibility, any_employer_offer
from aca_rules.member import member_eligibility as _member_eligibility
from aca_rules.setting import Setting, require_state_program, setting_for
from aca_rules.states import SubsidyContext, lowest_program_plan

STATES = frozenset(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
_HUNDRED = Decimal(100)


class UnknownState(ValueError):
    """The state code is not one of the 50 states and DC."""


def determine(household: Household, catalog: Catalog | None = None) -> Determination:
    """Decide eligibility and subsidies for ``household`` in its coverage year.

    Raises :class:`aca_rules.parameters.YearNotSupported` when a needed parameter has no
    value in force for the year and :class:`UnknownState` for an unknown state code. The
    Medicaid/CHIP immigration rule is the one of the determination date (or of 1 January).
    """
    setting = _setting(household)
    rule_date = medicaid_rule_date(setting.year, household.determination_date)
    income = household_income(household.income, setting.guideline, setting.upper)
    medicaid = _medicaid(household, setting, rule_date)
    ptc = household_ptc(household, setting.year, setting.lower, setting.upper, income, rule_date)
    employer_offers = any_employer_offer(household.people)
    members = _members(household, setting, income, medicaid, ptc, employer_offers)
    coverage, any_aptc = _coverage_family(household, members)
    paid = _contribution(household, setting, income, ptc, any_aptc)
    coverage_people = [household.people[i] for i in coverage]
    credit = premium_credit(household, catalog, coverage_people, paid.expected_contribution)
    ptc_eligible = ptc.applicable_taxpayer and any_aptc and paid.applicable_percentage is not None
    program_ctx = _state_program_context(
        household, catalog, setting, income, paid, credit, coverage_people, ptc_eligible
    )
    silver = _silver_level(setting, income, ptc, program_ctx, ptc_eligible)
    results, household_level, any_aian = _cost_sharing(
        household, setting, medicaid, members, coverage, paid, silver, _aian_percent(income, ptc)
    )
    state_subsidy = _state_subsidy(setting, program_ctx)
    moop, moop_reason = moop_line(setting.year, household_level)
    explanation = _explanation(household, setting, income, medicaid, ptc, paid, credit)
    explanation.extend(_closing_lines(state_subsidy, moop_reason))
    return Determination(
        year=setting.year,
        state=setting.state,
        household_size=setting.size,
        poverty_guideline=setting.guideline,
        fpl_percent=income.reported,
        applicable_percentage=paid.applicable_percentage,
        expected_contribution=paid.expected_contribution,
        benchmark_premium=credit.benchmark_premium,
        aptc=credit.aptc,
        csr=household_level,
        state_subsidy=state_subsidy,
        members=results,
        explanation=tuple(explanation),
        rules_version=P.RULES_VERSION,
        inputs=household_to_dict(household),
        medicaid_poverty_guideline=setting.medicaid_guideline,
        medicaid_fpl_percent=medicaid.percent,
        medicaid_expansion=setting.limits.expansion,
        ptc_eligible=ptc_eligible,
        moop=moop,
        rating_area=credit.rating_area,
        fpl_percent_exact=income.exact,
        unconfirmed_values=_unconfirmed(
            household, setting, rule_date, paid, credit, employer_offers, any_aian
        ),
    )


def _coverage_family(
    household: Household, members: list[MemberEligibility]
) -> tuple[list[int], bool]:
    """The coverage family - the APTC-eligible members seeking coverage (26 U.S.C.
    36B(b)(2)(A)) - by index, and whether any member is APTC-eligible at all."""
    coverage: list[int] = []
    any_aptc = False
    for i, member in enumerate(members):
        if member.aptc:
            any_aptc = True
            if household.people[i].seeking_coverage:
                coverage.append(i)
    return coverage, any_aptc


def _contribution(
    household: Household,
    setting: Setting,
    income: HouseholdIncome,
    ptc: HouseholdPtc,
    any_aptc: bool,
) -> Contribution:
    """The expected contribution of an applicable taxpayer with an APTC-eligible member (26
    U.S.C. 36B(b)(3)); none otherwise."""
    if ptc.applicable_taxpayer and any_aptc:
        return contribution(setting.year, household.income, income.reported, income.whole)
    return no_contribution()


def _explanation(
    household: Household,
    setting: Setting,
    income: HouseholdIncome,
    medicaid: HouseholdMedicaid,
    ptc: HouseholdPtc,
    paid: Contribution,
    credit: Credit,
) -> list:
    """The household's reason lines, in order: the poverty line (45 CFR 155.300), the
    Medicaid/CHIP line (42 CFR 435.603), the applicable-taxpayer lines, the contribution
    and the credit (26 U.S.C. 36B)."""
    explanation = [
        fpl_line(
            setting.size,
            setting.state,
            setting.guideline_year,
            setting.guideline,
            setting.year,
            household.income,
            income,
        ),
        household_reason(
            setting.limits,
            setting.medicaid_guideline_year,
            setting.medicaid_guideline,
            setting.size,
            setting.state,
            medicaid.percent,
        ),
        *ptc.reasons,
    ]
    if paid.reason is not None:
        explanation.append(paid.reason)
    explanation.extend(credit.reasons)
    return explanation


def _state_subsidy(setting: Setting, program_ctx: SubsidyContext | None) -> dict | None:
    """The state program's own subsidy on top of the federal results (its statute, in
    :mod:`aca_rules.states`); None without a program."""
    program = setting.program
    return program.subsidy(program_ctx) if program is not None else None


def _closing_lines(state_subsidy: dict | None, moop_reason) -> list:
    """The last reason lines: the state program's subsidy and its note, then the
    out-of-pocket limit's line (45 CFR 156.130), each where there is one."""
    lines = []
    if state_subsidy is not None:
        lines.append(state_subsidy["reason"])
        if state_subsidy.get("note") is not None:
            lines.append(state_subsidy["note"])
    if moop_reason is not None:
        lines.append(moop_reason)
    return lines


def _unconfirmed(
    household: Household,
    setting: Setting,
    rule_date,
    paid: Contribution,
    credit: Credit,
    employer_offers: bool,
    any_aian: bool,
) -> U.Unconfirmed:
    """The unconfirmed values the determination used (:mod:`aca_rules.values_used`); the
    immigration tables were read on the Medicaid/CHIP rule date when a member is not a
    citizen (8 U.S.C. 1641; 42 CFR 435.406)."""
    immigration_on = None
    for person in household.people:
        if not person.citizen:
            immigration_on = rule_date
            break
    return U.for_determination(
        setting,
        immigration_on,
        paid.applicable_percentage is not None,
        employer_offers,
        any_aian,
        credit.rated,
    )


def _setting(household: Household) -> Setting:
    """Check the year (every parameter in force, :func:`aca_rules.parameters.require_year`)
    and the state, and resolve the figures of the year, state and household size."""
    on = household.determination_date
    medicaid_target = medicaid_target_year(household.year, on)
    year = P.require_year(
        household.year, None if medicaid_target == household.year else medicaid_target
    )
    state = household.state
    if state not in STATES:
        raise UnknownState(f"Unknown state {state!r}: expected one of the 50 states or DC.")
    require_state_program(year, state)
    return setting_for(
        year,
        state,
        len(household.people),
        medicaid_target,
        basic_health.program_date(year, on),
        on,
    )


def _medicaid(household: Household, setting: Setting, rule_date) -> HouseholdMedicaid:
    """Medicaid/CHIP for each member against the current guideline (42 CFR 435.603(h))."""
    return assess_household(
        household,
        setting.year,
        setting.limits,
        setting.medicaid_guideline,
        setting.medicaid_guideline_pregnant,
        setting.medicaid_guideline_year,
        rule_date,
    )


def _members(
    household: Household,
    setting: Setting,
    income: HouseholdIncome,
    medicaid: HouseholdMedicaid,
    ptc: HouseholdPtc,
    employer_offers: bool,
) -> list[MemberEligibility]:
    """Each member's QHP, APTC and catastrophic eligibility. Income alone grants a
    hardship exemption for a catastrophic plan when it bars APTC (45 CFR
    155.605(d)(1)(iii); CMS guidance of Sept. 4, 2025)."""
    ctx = MemberContext(  # in field order (a named tuple on the hot path)
        setting.year,
        setting.state,
        ptc.applicable_taxpayer,
        bool(ptc.reasons),
        employer_offers,
        setting.basic_health_program,
        medicaid.fraction,
        income_hardship(setting.year, setting.state, income.exact, setting.lower, setting.upper),
    )
    return [
        _member_eligibility(household, i, assessed, ctx)
        for i, assessed in enumerate(medicaid.members)
    ]


def _state_program_context(
    household: Household,
    catalog: Catalog | None,
    setting: Setting,
    income: HouseholdIncome,
    paid: Contribution,
    credit: Credit,
    coverage_people: list,
    ptc_eligible: bool,
) -> SubsidyContext | None:
    """The federal results the state's program builds on (None without a program); the
    program's lowest-cost plan is looked up only for a PTC-eligible household."""
    program = setting.program
    if program is None:
        return None
    plan = None
    if ptc_eligible and program.plan_program is not None:
        offers = credit.offers
        if offers is None and catalog is not None:
            offers = catalog.plans_for_location(
                setting.year, setting.state, household.countyfips, household.zipcode
            )
        plan = lowest_program_plan(program, household, offers, coverage_people)
    return SubsidyContext(
        year=setting.year,
        household=household,
        fpl_percent=income.whole,
        fpl_percent_exact=income.exact,
        ptc_eligible=ptc_eligible,
        applicable_percentage=paid.applicable_percentage,
        expected_contribution=paid.expected_contribution,
        benchmark_premium=credit.benchmark_premium,
        aptc=credit.aptc,
        coverage_family_size=len(coverage_people),
        program_plan=plan,
    )


def _silver_level(
    setting: Setting,
    income: HouseholdIncome,
    ptc: HouseholdPtc,
    program_ctx: SubsidyContext | None,
    ptc_eligible: bool,
) -> str | None:
    """The silver CSR level of an APTC-eligible member, which depends on the household only
    (45 CFR 155.305(g)), with the state program's wrap where it has one."""
    if not ptc_eligible:
        return None
    level = csr_variant(setting.year, income.exact, ptc.below_floor_exception)
    if setting.program is not None:
        level = setting.program.csr(program_ctx, level)
    return level


def _aian_percent(income: HouseholdIncome, ptc: HouseholdPtc) -> Decimal:
    """The income the AI/AN variants are read at: 100% or more under the below-100%
    exception (45 CFR 155.305(g)(2)(i))."""
    return max(income.exact, _HUNDRED) if ptc.below_floor_exception else income.exact


def _cost_sharing(
    household: Household,
    setting: Setting,
    medicaid: HouseholdMedicaid,
    members: list[MemberEligibility],
    coverage: list[int],
    paid: Contribution,
    silver: str | None,
    aian_percent: Decimal,
) -> tuple[tuple[MemberResult, ...], str | None, bool]:
    """Each member's result with its CSR level, the household's level - the least generous
    of the members on the policy (45 CFR 155.305(g)(3)): the coverage family and AI/AN
    members seeking coverage - and whether any AI/AN member is eligible for a QHP."""
    credit_computed = paid.applicable_percentage is not None
    program_reason = setting.program.csr_reason if setting.program is not None else None
    results: list[MemberResult] = []
    on_policy: list[str | None] = []
    any_aian = False
    for i, person in enumerate(household.people):
        eligible = members[i]
        assessed = medicaid.members[i]
        qhp = eligible.qhp
        aptc_member = eligible.aptc and credit_computed
        aian = person.aian and qhp
        any_aian = any_aian or aian
        if aptc_member or aian:
            level, level_reason = member_level(
                setting.year, person, qhp, aptc_member, silver, aian_percent, program_reason
            )
        else:  # no cost-sharing level and no line (csr.member_level)
            level, level_reason = None, None
        in_coverage = i in coverage
        if in_coverage or (
            aian and person.seeking_coverage and not (assessed.medicaid or assessed.chip)
        ):
            on_policy.append(level)
        reasons = eligible.reasons
        if level_reason is not None:
            reasons.append(level_reason)
        if qhp:
            reasons.append(eligible.catastrophic_reason)
        results.append(
            MemberResult(
                index=i,
                name=person.name,
                age=person.age,
                relationship=person.relationship,
                medicaid=assessed.medicaid,
                chip=assessed.chip,
                qhp=qhp,
                aptc=aptc_member,
                csr=level,
                catastrophic=eligible.catastrophic,
                medicaid_program=assessed.program,
                in_coverage_family=in_coverage and credit_computed,
                reasons=tuple(reasons),
            )
        )
    return tuple(results), household_csr(on_policy), any_aian
