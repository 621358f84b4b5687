"""Cost-sharing reductions (45 CFR 155.305(g), 155.350; 45 CFR 156.420)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import Person
from aca_rules.messages import Message

#: Least generous first; a policy covering members with different levels gets the least
#: generous one (45 CFR 155.305(g)(3)).
GENEROSITY = {None: 0, "limited": 1, "73": 2, "77": 3, "87": 4, "94": 5, "zero": 6}


@lru_cache(maxsize=64)
def _bands(year: int) -> tuple[tuple[int, int, str], ...]:
    return tuple((int(b["min"]), int(b["max"]), b["variant"]) for b in P.get("csr_bands", year))


def csr_variant(
    year: int, fpl_pct: Decimal | int, below_fpl_exception: bool = False, bands=None
) -> str | None:
    """Silver CSR variant for an APTC-eligible enrollee by household income (45 CFR
    155.305(g)(2): at least 100% and at most 150/200/250% FPL; upper bounds inclusive).
    ``fpl_pct`` is the exact percent (:func:`aca_rules.fpl.fpl_percent_exact`): 150.2% is
    over 150% and gets the 87% variant. Lawfully present people below 100% eligible for
    APTC under IRC 36B(c)(1)(B) are treated as at 100% (45 CFR 155.305(g)(2)(i))."""
    pct = max(fpl_pct, 100) if below_fpl_exception else fpl_pct
    for low, high, variant in bands or _bands(year):
        if low <= pct <= high:
            return variant
    return None


def aian_variant(year: int, fpl_pct: Decimal | int, aptc_eligible: bool) -> str:
    """AI/AN variants: zero cost sharing when APTC-eligible with income 100-300% FPL
    (45 CFR 155.350(a): income that "does not exceed 300 percent"; 156.420(b)(1)),
    otherwise limited cost sharing (155.350(b)). ``fpl_pct`` is the exact percent."""
    top = int(P.get("aian_zero_cost_sharing_max_fpl_percent", year))
    if aptc_eligible and 100 <= fpl_pct <= top:
        return "zero"
    return "limited"


def household_csr(levels: list[str | None]) -> str | None:
    """Level for a policy covering several members: the least generous (45 CFR
    155.305(g)(3))."""
    if not levels:
        return None
    return min(levels, key=GENEROSITY.__getitem__)


def moop(year: int, variant: str | None) -> dict[str, Decimal] | None:
    """Maximum out-of-pocket limits for the variant (45 CFR 156.130; reduced limits
    156.130(c), 156.420(a)), or None when the year's figure for it is not available (not
    published: the reduced 2027 limits are null in ``moop``).

    Nothing the determination decides or pays depends on these figures (a plan's own limit
    comes from the plan catalog), so a missing one is reported, not refused (ADR 0102)."""
    table = _moop_table(year)
    if table is None:
        return None
    return table.get(variant or "standard")


@lru_cache(maxsize=64)
def _moop_table(year: int) -> dict[str, dict[str, Decimal]] | None:
    """The limits in force for the year (None before the first one)."""
    try:
        return P.get("moop", year)
    except KeyError:
        return None


#: The silver variants with reduced maximum out-of-pocket limits (45 CFR 156.130(c)).
_REDUCED_MOOP = frozenset(("94", "87", "73"))
#: AI/AN cost-sharing variants (45 CFR 155.350), by the level :func:`aian_variant` returns.
_AIAN = {"zero": Message("csr.aian_zero"), "limited": Message("csr.aian_limited")}
#: An APTC-eligible member above 250% FPL gets no cost-sharing reduction (155.305(g)(2)).
_NONE_ABOVE_250 = Message("csr.none_above_250")


def member_level(
    year: int,
    person: Person,
    qhp: bool,
    aptc_member: bool,
    household_level: str | None,
    aian_percent: Decimal,
    program_reason: Callable[[str], Message | None] | None,
) -> tuple[str | None, Message | None]:
    """A member's cost-sharing level and its line: the AI/AN variants for an Indian
    eligible for a QHP (45 CFR 155.350, at ``aian_percent``); else the household's silver
    level for an APTC-eligible member (155.305(g)), said by the state program when it has
    its own words for the level (``program_reason``); else none."""
    level = household_level if aptc_member else None
    if person.aian and qhp:
        level = aian_variant(year, aian_percent, aptc_member)
        return level, _AIAN[level]
    if level is not None:
        said = program_reason(level) if program_reason is not None else None
        return level, said or Message("csr.silver", {"level": level})
    if aptc_member:
        return None, _NONE_ABOVE_250
    return None, None


def moop_line(year: int, level: str | None) -> tuple[dict | None, Message | None]:
    """Maximum out-of-pocket limits for the household's level (informational): null, with
    a line saying so, when the year's figure is not published (45 CFR 156.130; ADR 0102)."""
    moop_level = level if level in _REDUCED_MOOP else None
    limits = moop(year, moop_level)
    if limits is None:
        return None, (
            Message("csr.moop_not_available", {"level": moop_level, "year": year})
            if moop_level is not None
            else Message("csr.standard_moop_not_available", {"year": year})
        )
    return dict(limits), None
