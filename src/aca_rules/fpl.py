"""Federal poverty line rules."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P

_REGIONS = ("AK", "HI")


def ptc_guideline_year(coverage_year: int) -> int:
    """Guideline year used for APTC/PTC and CSR: the prior year's.

    IRC 36B(d)(3)(B): the poverty line "most recently published ... as of the 1st day of
    the regular enrollment period for coverage during such calendar year" (open enrollment
    starts Nov 1 of the prior year, 45 CFR 155.410(e)); Form 8962 instructions, line 4.
    """
    return coverage_year - 1


@lru_cache(maxsize=1024)
def medicaid_guideline_year(coverage_year: int, on: _dt.date | None = None) -> int:
    """Guideline year used for MAGI Medicaid/CHIP: current monthly income against the
    current guideline (42 CFR 435.603(h); 435.4 'Federal poverty level ... as updated
    annually').

    Without a determination date (``on``): the coverage year's guideline. With one: the
    latest guideline published in the Federal Register on or before that date
    (``poverty_guideline_published``), but never a later one than the coverage year's. So a
    2027 determination made in November 2026 uses the 2026 guideline, the one in effect
    then; the 2027 guideline is published in January 2027. Past the end of that table (its
    null entry) the engine cannot know whether a newer guideline is out and uses the
    coverage year's (which the year check refuses while it is missing). ADR 0102."""
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
def poverty_guideline(guideline_year: int, state: str, size: int) -> Decimal:
    """Poverty guideline for a family of ``size`` in ``state`` (Alaska and Hawaii have
    their own; 42 U.S.C. 9902(2)): base + (size - 1) * increment."""
    table = P.get("poverty_guidelines", guideline_year)
    row = table[state] if state in _REGIONS else table["contiguous"]
    n = max(int(size), 1)
    return row["base"] + (n - 1) * row["increment"]


def fpl_percent(income: Decimal, guideline: Decimal) -> int:
    """Household income as a whole percent of FPL, truncated (Form 8962 line 5 worksheet:
    "Do not round ... drop any numbers after the decimal point"). Negative income counts
    as zero (a household cannot be below 0% FPL)."""
    if income <= 0:
        return 0
    return int((income * 100) // guideline)
