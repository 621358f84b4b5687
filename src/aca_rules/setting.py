"""What a determination looks up once for its coverage year, state and household size.

The figures read here do not depend on income or on the members, so they are resolved once
and cached (:func:`setting_for`); every step of the engine (aca_rules/engine.py) reads them
from the :class:`Setting` it is given.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from aca_rules import basic_health
from aca_rules import parameters as P
from aca_rules import values_used as U
from aca_rules.applicable_percentage import income_upper_limit
from aca_rules.fpl import latest_guideline_year, poverty_guideline, ptc_target_year
from aca_rules.medicaid_chip import StateLimits, state_limits
from aca_rules.provenance import UsedValue
from aca_rules.states import StateProgram, program_for


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity (it is cached)
class Setting:
    """The figures of one coverage year, state and household size.

    The poverty guidelines: the prior year's for APTC/CSR (IRC 36B(d)(3)(B)); for
    Medicaid/CHIP the current one (42 CFR 435.603(h)) - the coverage year's, or the one in
    effect on the determination date - each the latest one entered while the one asked for
    is not published. Then the PTC income limits (IRC 36B(c)(1)(A)), the MAGI limits, the
    Basic Health Program (ACA 1331), the state program, the arguments of the explanation
    lines that do not depend on income, and the unconfirmed law values every determination
    of this setting reads (ADR 0103)."""

    year: int
    state: str
    size: int
    guideline: Decimal
    guideline_year: int
    upper: int | None
    lower: int
    limits: StateLimits
    medicaid_guideline: Decimal
    medicaid_guideline_pregnant: Decimal
    medicaid_guideline_year: int
    basic_health_program: basic_health.Program | None
    program: StateProgram | None
    unconfirmed: tuple[UsedValue, ...]


@lru_cache(maxsize=4096)
def setting_for(
    year: int,
    state: str,
    size: int,
    medicaid_target: int,
    bhp_on: _dt.date,
    determination_date: _dt.date | None,
) -> Setting:
    """The setting of a determination (cached: a handful per year and state)."""
    target = ptc_target_year(year)
    guideline_year = latest_guideline_year(target)
    medicaid_year = latest_guideline_year(medicaid_target)
    return Setting(
        year=year,
        state=state,
        size=size,
        guideline=poverty_guideline(guideline_year, state, size),
        guideline_year=guideline_year,
        upper=income_upper_limit(year),
        lower=_lower_limit(year),
        limits=state_limits(state, year),
        medicaid_guideline=poverty_guideline(medicaid_year, state, size),
        medicaid_guideline_pregnant=poverty_guideline(medicaid_year, state, size + 1),
        medicaid_guideline_year=medicaid_year,
        basic_health_program=basic_health.program_for(state, bhp_on),
        program=program_for(state),
        unconfirmed=U.core(
            year,
            state,
            (guideline_year, target),
            (medicaid_year, medicaid_target),
            bhp_on,
            determination_date,
        ),
    )


@lru_cache(maxsize=64)
def _lower_limit(year: int) -> int:
    """The PTC income floor, percent of the poverty line (IRC 36B(c)(1)(A): 100)."""
    return int(P.get("income_lower_limit_fpl_percent", year))


@lru_cache(maxsize=256)
def require_state_program(year: int, state: str) -> None:
    """A state program's own parameters must have a value in force for the year too;
    raises :class:`aca_rules.parameters.YearNotSupported` naming those that do not."""
    program = program_for(state)
    if program is not None:
        missing = P.missing_for_year(year, tuple(program.parameters))
        if missing:
            raise P.YearNotSupported(year, missing)
