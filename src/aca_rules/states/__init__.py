"""State subsidy programs layered on the federal APTC/CSR, keyed by state code.

A state program is one parameter file under ``parameters/states/`` plus one small module
here exposing a :class:`StateProgram`; register it in :data:`REGISTRY`.

Where money is decided (the plan list, checkout, the 834) a program's result is applied to
one plan with :func:`applied_state_subsidy`: the program says which plans it pays for
(:meth:`StateProgram.pays_for`), the amount is never more than what the enrollee would
otherwise pay for that plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from aca_rules.catalog import PlanOffer
from aca_rules.household import Household, Person
from aca_rules.messages import Message
from aca_rules.rating import premium_prepared, prepare_members

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ProgramPlan:
    """The lowest-cost plan of a state program for the coverage family: its monthly
    premium and the part of it for essential health benefits (the most APTC can pay,
    26 CFR 1.36B-3(j)). ``plan_id`` is None when the premium was given as an input."""

    plan_id: str | None
    premium: Decimal
    ehb_premium: Decimal


@dataclass(frozen=True, slots=True)
class SubsidyContext:
    """Federal results a state program builds on.

    ``fpl_percent`` is the whole percent of the poverty line (Form 8962 line 5, truncated;
    for display and the applicable-percentage table only). ``fpl_percent_exact`` is the
    unrounded household income / guideline x 100: compare it with every income limit
    ("over 150%", 956 CMR 12.04(3)(b); "at or below 300%", 33 V.S.A. 1812), so 150.2% is
    over 150% and 300.3% is over 300% (ADR 0103)."""

    year: int
    household: Household
    fpl_percent: int
    #: Household income as a percent of the guideline, unrounded: state bands compare the
    #: exact figure ("over 150%", 956 CMR 12.04(3)(b); "at or below 300 percent",
    #: 33 V.S.A. 1812); only the applicable-percentage lookup truncates (Form 8962 line 5).
    fpl_percent_exact: Decimal
    ptc_eligible: bool
    applicable_percentage: Decimal | None
    expected_contribution: Decimal | None
    benchmark_premium: Decimal | None
    aptc: Decimal | None
    coverage_family_size: int
    #: The program's lowest-cost plan for the coverage family (programs with their own
    #: plans, ``StateProgram.plan_program``), from the catalog or an input; None if unknown.
    program_plan: ProgramPlan | None = None


class StateProgram(Protocol):
    """Interface of a state program module."""

    code: str
    #: The program's own name, as the state writes it ("ConnectorCare").
    name: str
    #: The ``program`` code of its results (``subsidy()["program"]``).
    program_code: str
    parameters: tuple[str, ...]
    #: The catalog flag (``Plan.state_program``) of the program's own plans, or None when
    #: the program pays toward ordinary plans.
    plan_program: str | None
    #: The program codes a state supplement file may name for this state's plans and plan
    #: variations (catalog/puf/state_programs.py).
    catalog_codes: tuple[str, ...]

    def cost_sharing_levels(self, year: int) -> tuple[str, ...]:
        """The household levels a state cost-sharing variation can serve that year."""
        ...

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None: ...

    def csr_reason(self, level: str) -> Message | None:
        """The line for a member's silver level when the program has its own words for it
        (None: the federal line, ``csr.silver``)."""
        ...

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None: ...

    def pays_for(self, plan_program: str | None, metal_level: str) -> bool: ...

    def monthly_for_enrollees(
        self,
        stored: dict[str, Any],
        *,
        plan: ProgramPlan | None,
        aptc: Decimal,
        benchmark: Decimal,
        enrollees: int,
    ) -> Decimal | None:
        """The program's monthly amount when only `enrollees` of the coverage family enroll
        (a special enrollment period for some members only), from the household's `stored`
        result and the enrollees' own `aptc`, `benchmark` and program `plan`; None when it
        cannot be worked out (the stored amount then stands)."""
        ...


def applied_state_subsidy(
    monthly: Decimal | None, premium: Decimal, aptc_applied: Decimal, pays: bool
) -> Decimal:
    """The state's monthly payment toward one plan: the program's amount when it pays for
    that plan (:meth:`StateProgram.pays_for`), never more than the premium left after the
    APTC applied, so the enrollee's share is never negative."""
    if not pays or not monthly or monthly <= 0:
        return ZERO
    return max(ZERO, min(Decimal(monthly), premium - aptc_applied))


def lowest_program_plan(
    program: StateProgram,
    household: Household,
    offers: Sequence[PlanOffer] | None,
    members: list[Person],
) -> ProgramPlan | None:
    """The lowest-cost plan of the state program's own plans (``plan_program``, e.g.
    ConnectorCare) for the coverage family: the input's ``state_program_premium``, else the
    cheapest offer the catalog flags for the program (its premium for the members as rated,
    45 CFR 147.102; ties go to the lower plan id). None when neither is known."""
    if program.plan_program is None:
        return None
    given = household.state_program_premium
    if given is not None:
        return ProgramPlan(None, given, given)
    return lowest_plan_among(program, household.state, household.year, offers, members)


def lowest_plan_among(
    program: StateProgram, state: str, year: int, offers: Sequence[PlanOffer] | None, members
) -> ProgramPlan | None:
    """The cheapest of `offers` the catalog flags as the program's own plan (``plan_program``)
    for `members` as rated (45 CFR 147.102; ties go to the lower plan id); None without one."""
    if program.plan_program is None or not offers or not members:
        return None
    prepared = prepare_members(members, state, year)
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


def _registry() -> dict[str, StateProgram]:
    from aca_rules.states import ma_connectorcare, vt_premium_assistance

    return {"MA": ma_connectorcare.PROGRAM, "VT": vt_premium_assistance.PROGRAM}


REGISTRY: dict[str, StateProgram] = _registry()


def program_for(state: str) -> StateProgram | None:
    """The state's program, if it has one."""
    return REGISTRY.get(state)


def plan_programs() -> dict[str, str]:
    """Catalog flag of every program with its own plans -> its state code."""
    return {p.plan_program: state for state, p in REGISTRY.items() if p.plan_program}


def program_name(program_code: str) -> str:
    """The name of the program whose results carry `program_code` ("" if none does)."""
    for program in REGISTRY.values():
        if program.program_code == program_code:
            return program.name
    return ""
