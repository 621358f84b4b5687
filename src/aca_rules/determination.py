"""Output model: the determination for one household (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from aca_rules.messages import Message
from aca_rules.provenance import UsedValue


class MemberResult(NamedTuple):
    """Outcome for one member of the household, with the reasons (citing law).

    An immutable named tuple (cheap to build, once per member and determination; ADR 0104).
    Each reason is a :class:`~aca_rules.messages.Message` (a catalog id and its figures);
    ``str(reason)`` is the English sentence, ``reason.render("es")`` the Spanish one."""

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


@dataclass(frozen=True, slots=True)
class Determination:
    """Everything decided for a household, immutable so it can be stored as issued.

    ``explanation`` lines are messages like the members' reasons; so is a state program's
    ``state_subsidy["reason"]`` (and ``["note"]``). ``fpl_percent`` is the whole percent
    reported (Form 8962 line 5; 401 above the cap), ``fpl_percent_exact`` the unrounded one
    every limit was compared with. ``unconfirmed_values`` are the law values used that are
    not confirmed from primary text or not reviewed for the year (ADR 0103)."""

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
    explanation: tuple[Message, ...]
    rules_version: str
    inputs: dict[str, Any] = field(compare=False)
    medicaid_poverty_guideline: Decimal | None = None
    medicaid_fpl_percent: Decimal | None = None
    medicaid_expansion: bool | None = None
    ptc_eligible: bool = False
    moop: dict[str, Any] | None = None
    rating_area: str | None = None
    fpl_percent_exact: Decimal | None = None
    unconfirmed_values: tuple[UsedValue, ...] = ()
