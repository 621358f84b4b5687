"""Federal poverty line rules."""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from typing import NamedTuple

from aca_rules import parameters as P
from aca_rules.messages import Message

_REGIONS = ("AK", "HI")


@lru_cache(maxsize=256)
def latest_guideline_year(year: int) -> int:
    """The latest guideline year entered on or before ``year``: the guideline in force until
    the next one is published (ADR 0103). ``KeyError`` before the first one."""
    found = None
    for key, _value in P.parameters()["poverty_guidelines"].values:
        if key <= year:
            found = key
    if found is None:
        raise KeyError(f"poverty_guidelines: no guideline in force for {year}")
    return found


def ptc_target_year(coverage_year: int) -> int:
    """The guideline year the law asks for APTC/PTC and CSR: the prior year's.

    IRC 36B(d)(3)(B): the poverty line "most recently published ... as of the 1st day of
    the regular enrollment period for coverage during such calendar year" (open enrollment
    starts Nov 1 of the prior year, 45 CFR 155.410(e)); Form 8962 instructions, line 4.
    """
    return coverage_year - 1


def ptc_guideline_year(coverage_year: int) -> int:
    """The guideline year used for APTC/PTC and CSR: the prior year's
    (:func:`ptc_target_year`), or the latest one entered before it while it is missing."""
    return latest_guideline_year(ptc_target_year(coverage_year))


@lru_cache(maxsize=1024)
def medicaid_target_year(coverage_year: int, on: _dt.date | None = None) -> int:
    """Guideline year used for MAGI Medicaid/CHIP: current monthly income against the
    current guideline (42 CFR 435.603(h); 435.4 'Federal poverty level ... as updated
    annually').

    Without a determination date (``on``): the coverage year's guideline. With one: the
    latest guideline published in the Federal Register on or before that date
    (``poverty_guideline_published``), but never a later one than the coverage year's. So a
    2027 determination made in November 2026 uses the 2026 guideline, the one in effect
    then; the 2027 guideline is published in January 2027. ADR 0102."""
    if on is None:
        return coverage_year
    try:
        published = P.parameters()["poverty_guideline_published"].at(on)
    except KeyError:  # before the first publication in the table
        published = None
    if published is None:
        return coverage_year
    return min(coverage_year, int(published))


@lru_cache(maxsize=1024)
def medicaid_guideline_year(coverage_year: int, on: _dt.date | None = None) -> int:
    """The guideline year Medicaid/CHIP use (:func:`medicaid_target_year`), or, while that
    guideline is not entered, the latest one before it: the guideline stays in force until
    the next is published (ADR 0103). A 2027 determination without a date therefore uses the
    2026 guideline until the 2027 one is entered, and lists it as not reviewed for 2027."""
    return latest_guideline_year(medicaid_target_year(coverage_year, on))


@lru_cache(maxsize=1024)
def poverty_guideline(guideline_year: int, state: str, size: int) -> Decimal:
    """Poverty guideline for a family of ``size`` in ``state`` (Alaska and Hawaii have
    their own; 42 U.S.C. 9902(2)): base + (size - 1) * increment."""
    table = P.get("poverty_guidelines", guideline_year)
    row = table[state] if state in _REGIONS else table["contiguous"]
    n = max(int(size), 1)
    return row["base"] + (n - 1) * row["increment"]


def fpl_percent(income: Decimal, guideline: Decimal) -> int:
    """Household income as a whole percent of FPL, truncated (Form 8962 line 5 worksheet:
    "Do not round ... drop any numbers after the decimal point"). This whole percent is only
    for reading the applicable percentage table (26 CFR 1.36B-3(g)) and for display; every
    limit is compared with :func:`fpl_percent_exact`. Negative income counts as zero (a
    household cannot be below 0% FPL)."""
    if income <= 0:
        return 0
    return int((income * 100) // guideline)


def fpl_percent_exact(income: Decimal, guideline: Decimal) -> Decimal:
    """Household income as a percent of FPL, unrounded: income / guideline x 100.

    The law compares income with its limits as it is - IRC 36B(c)(1)(A) "does not exceed 400
    percent" (Form 8962 worksheet 2 tests income against 4 times the poverty line in
    dollars), 45 CFR 155.305(g)(2) "does not exceed 150 percent", 42 CFR 600.305(a) "does
    not exceed 200 percent". Negative income counts as zero."""
    if income <= 0:
        return Decimal(0)
    return income * 100 / guideline


_HUNDRED = Decimal(100)
_HUNDREDTH = Decimal("0.01")


class HouseholdIncome(NamedTuple):
    """Household income against the APTC/CSR poverty guideline: the exact percent every
    limit is compared with, the whole percent (Form 8962 line 5) the applicable percentage
    is read at, and the figure reported (one above the cap, as Form 8962 enters 401)."""

    exact: Decimal
    whole: int
    reported: int
    above_cap: bool


def household_income(income: Decimal, guideline: Decimal, upper: int | None) -> HouseholdIncome:
    """IRC 36B(c)(1)(A): income that "does not exceed 400 percent" - compared exactly
    (Form 8962 worksheet 2 tests income against 4 times the poverty line in dollars and
    then enters 401); the whole percent is truncated (line 5: "drop any numbers after the
    decimal point"). ``upper`` is the cap (None while suspended, IRC 36B(c)(1)(E))."""
    if income > 0:  # fpl_percent_exact and fpl_percent, sharing one product
        scaled = income * _HUNDRED
        exact, whole = scaled / guideline, int(scaled // guideline)
    else:
        exact, whole = fpl_percent_exact(income, guideline), 0
    above = upper is not None and exact > upper
    return HouseholdIncome(exact, whole, upper + 1 if above else whole, above)  # field order


def poverty_line_reason(
    size: int,
    state: str,
    guideline_year: int,
    guideline: Decimal,
    year: int,
    income: Decimal,
    measured: HouseholdIncome,
) -> Message:
    """The explanation line of the APTC/CSR poverty line (IRC 36B(d)(3)(B)): the exact
    percent, shown truncated to hundredths, and the whole percent of Form 8962 line 5."""
    return Message(
        "fpl.household_exact",
        {
            "size": size,
            "state": state,
            "guideline_year": guideline_year,
            "guideline": guideline,
            "year": year,
            "income": income,
            "fpl_exact": measured.exact.quantize(_HUNDREDTH, ROUND_DOWN),
            "fpl_percent": measured.whole,
        },
    )
