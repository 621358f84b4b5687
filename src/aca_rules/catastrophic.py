"""Catastrophic plans (42 U.S.C. 18022(e); 45 CFR 156.155(a)) and the hardship exemption
granted when income alone bars APTC (45 CFR 155.605(d)(1)(iii))."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import Person
from aca_rules.messages import Message

_CATASTROPHIC_HARDSHIP = Message("catastrophic.hardship")
_CATASTROPHIC_INCOME_HARDSHIP = Message("catastrophic.income_hardship")


def catastrophic_eligible(
    person: Person, year: int, income_hardship: bool = False
) -> tuple[bool, Message]:
    """Catastrophic plans: under 30 before the plan year starts, or with a hardship or
    affordability exemption (42 U.S.C. 18022(e)(2); 45 CFR 156.155(a)).

    ``income_hardship``: the household qualifies for the hardship exemption granted to
    people ineligible for APTC because of their projected income (45 CFR
    155.605(d)(1)(iii); CMS guidance of Sept. 4, 2025, plan years from 2026;
    :func:`income_hardship`)."""
    max_age = _catastrophic_age(year)
    if person.age < max_age:
        return True, Message("catastrophic.under_age", {"max_age": max_age})
    if person.hardship_exemption:
        return True, _CATASTROPHIC_HARDSHIP
    if income_hardship:
        return True, _CATASTROPHIC_INCOME_HARDSHIP
    return False, Message("catastrophic.not_eligible", {"age": person.age})


@lru_cache(maxsize=256)
def _income_hardship_rule(year: int) -> tuple[bool, bool, frozenset[str]]:
    rule = P.get("catastrophic_income_hardship", year)
    return (
        bool(rule["below_floor"]),
        bool(rule["above_cap"]),
        frozenset(rule["excluded_states"]),
    )


def income_hardship(
    year: int, state: str, fpl_pct: Decimal | int, lower: int, upper: int | None
) -> bool:
    """Whether household income alone makes the household ineligible for APTC - below the
    PTC floor (``lower``) or above its cap (``upper``; none in 2021-2025) - in a year and
    state where that grants a hardship exemption for a catastrophic plan (45 CFR
    155.605(d)(1)(iii); CMS fact sheet of Sept. 4, 2025; ``catastrophic_income_hardship``).
    ``fpl_pct`` is the exact percent (400.6% is above the cap). Households above 250% FPL
    that only miss CSR are not included (not confirmed)."""
    below, above, excluded = _income_hardship_rule(year)
    if state in excluded:
        return False
    if below and fpl_pct < lower:
        return True
    return above and upper is not None and fpl_pct > upper


@lru_cache(maxsize=64)
def _catastrophic_age(year: int) -> int:
    return int(P.get("catastrophic_max_age", year))
