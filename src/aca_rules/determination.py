"""Output model: the determination for one household (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class MemberResult:
    """Outcome for one member of the household, with the reasons (citing law)."""

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
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Determination:
    """Everything decided for a household, immutable so it can be stored as issued."""

    year: int
    state: str
    household_size: int
    poverty_guideline: Decimal
    fpl_percent: int
    applicable_percentage: Decimal | None
    expected_contribution: Decimal | None
    benchmark_premium: Decimal | None
    aptc: Decimal | None
    csr: str | None
    state_subsidy: dict[str, Any] | None
    members: tuple[MemberResult, ...]
    explanation: tuple[str, ...]
    rules_version: str
    inputs: dict[str, Any] = field(compare=False)
    medicaid_poverty_guideline: Decimal | None = None
    medicaid_fpl_percent: Decimal | None = None
    medicaid_expansion: bool | None = None
    ptc_eligible: bool = False
    moop: dict[str, Any] | None = None
    rating_area: str | None = None
