"""State subsidy programs layered on the federal APTC/CSR, keyed by state code.

A state program is one parameter file under ``parameters/states/`` plus one small module
here exposing a :class:`StateProgram`; register it in :data:`REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from aca_rules.household import Household


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
    fpl_percent_exact: Decimal
    ptc_eligible: bool
    applicable_percentage: Decimal | None
    expected_contribution: Decimal | None
    benchmark_premium: Decimal | None
    aptc: Decimal | None
    coverage_family_size: int


class StateProgram(Protocol):
    """Interface of a state program module."""

    code: str
    parameters: tuple[str, ...]

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None: ...

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None: ...


def _registry() -> dict[str, StateProgram]:
    from aca_rules.states import ma_connectorcare, vt_premium_assistance

    return {"MA": ma_connectorcare.PROGRAM, "VT": vt_premium_assistance.PROGRAM}


REGISTRY: dict[str, StateProgram] = _registry()


def program_for(state: str) -> StateProgram | None:
    """The state's program, if it has one."""
    return REGISTRY.get(state)
