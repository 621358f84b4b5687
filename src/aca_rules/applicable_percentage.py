"""Applicable percentage and the expected contribution (IRC 36B(b)(3))."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from aca_rules import parameters as P

FOUR_PLACES = Decimal("0.0001")
DOLLAR = Decimal("1")


@lru_cache(maxsize=64)
def _table(year: int) -> tuple[tuple[Decimal, Decimal | None, Decimal, Decimal], ...]:
    return tuple(
        (b["low"], b["high"], b["initial"], b["final"])
        for b in P.get("applicable_percentage_table", year)
    )


@lru_cache(maxsize=64)
def income_upper_limit(year: int) -> int | None:
    """Upper income limit for the PTC in percent of FPL, None when suspended
    (IRC 36B(c)(1)(A), 36B(c)(1)(E) for 2021-2025)."""
    value = P.get("income_upper_limit_fpl_percent", year)
    return None if value is None else int(value)


@lru_cache(maxsize=4096)
def applicable_percentage(year: int, fpl_pct: int) -> Decimal | None:
    """Applicable percentage for a whole FPL percent, as a fraction rounded half-up to
    4 places (the nearest one-hundredth of one percent, 26 CFR 1.36B-3(g)(1)).

    Linear interpolation inside a band (IRC 36B(b)(3)(A)(i)); a value on a boundary
    belongs to the band that starts there. None above the income limit (2026: >400%).
    """
    limit = income_upper_limit(year)
    if limit is not None and fpl_pct > limit:
        return None
    pct = Decimal(fpl_pct)
    table = _table(year)
    for low, high, initial, final in table:
        if high is None or pct < high or (high == table[-1][1] and pct <= high):
            if high is None or initial == final:
                value = initial
            else:
                value = initial + (pct - low) / (high - low) * (final - initial)
            return value.quantize(FOUR_PLACES, ROUND_HALF_UP)
    return None


def expected_contribution(income: Decimal, pct: Decimal) -> Decimal:
    """Annual required contribution, rounded to whole dollars half-up (Form 8962 line 8a:
    "Round to nearest whole dollar amount"). Negative income counts as zero."""
    base = income if income > 0 else Decimal(0)
    return (base * pct).quantize(DOLLAR, ROUND_HALF_UP)
