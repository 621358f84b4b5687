"""Maximum monthly advance premium tax credit (IRC 36B(b)(2); 26 CFR 1.36B-3(d)).

The household's expected contribution (:func:`contribution`, IRC 36B(b)(3)(A)) and the
monthly credit against the benchmark premium (:func:`premium_credit`), each with the
explanation line it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from aca_rules.applicable_percentage import applicable_percentage, expected_contribution
from aca_rules.benchmark import benchmark_for
from aca_rules.catalog import Catalog, PlanOffer
from aca_rules.household import Household, Person
from aca_rules.messages import Message

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
#: No member is in the coverage family (a fact of the members' lines): no credit.
_NO_COVERAGE_FAMILY = Message("aptc.no_coverage_family")


def monthly_aptc(benchmark_monthly: Decimal, contribution_annual: Decimal) -> Decimal:
    """Premium assistance amount for a month: benchmark premium less 1/12 of the annual
    contribution, never negative (IRC 36B(b)(2)(B); 26 CFR 1.36B-3(d)(1)).

    Rounded half-up to cents; the law does not fix cent rounding for the monthly figure
    (ADR 0100).
    """
    value = benchmark_monthly - contribution_annual / 12
    if value <= 0:
        return Decimal("0.00")
    return value.quantize(CENT, ROUND_HALF_UP)


def applied_aptc(max_aptc: Decimal, plan_ehb_premium: Decimal) -> Decimal:
    """APTC applied to a plan never exceeds the plan's premium for essential health
    benefits (IRC 36B(b)(2)(A); 26 CFR 1.36B-3(d)(1), (j))."""
    return min(max_aptc, plan_ehb_premium.quantize(CENT, ROUND_HALF_UP))


class Contribution(NamedTuple):
    """The applicable percentage and the annual expected contribution (None when not
    computed), with the line that states them."""

    applicable_percentage: Decimal | None
    expected_contribution: Decimal | None
    reason: Message | None


_NONE = Contribution(applicable_percentage=None, expected_contribution=None, reason=None)


def contribution(year: int, income: Decimal, reported: int, whole: int) -> Contribution:
    """The applicable percentage, read at the whole percent of the poverty line reported
    (Form 8962 line 5; 26 CFR 1.36B-3(g)), and the contribution, income times it in whole
    dollars (IRC 36B(b)(3)(A); Form 8962 line 8a). None above the income cap."""
    pct = applicable_percentage(year, reported)
    if pct is None:
        return _NONE
    amount = expected_contribution(income, pct)
    reason = Message(
        "aptc.applicable_percentage",
        {"fpl_percent": whole, "percent": pct * 100, "contribution": amount},
    )
    return Contribution(pct, amount, reason)  # field order


def no_contribution() -> Contribution:
    """No applicable percentage: the household is not an applicable taxpayer or no member
    is eligible for APTC."""
    return _NONE


class Credit(NamedTuple):
    """The monthly benchmark premium and APTC (None when the benchmark is not known), the
    rating area, the catalog's offers when read, whether the benchmark was rated from the
    catalog, and the explanation lines."""

    benchmark_premium: Decimal | None
    aptc: Decimal | None
    rating_area: str | None
    offers: Sequence[PlanOffer] | None
    rated: bool
    reasons: tuple[Message, ...]


def premium_credit(
    household: Household,
    catalog: Catalog | None,
    members: list[Person],
    annual_contribution: Decimal | None,
) -> Credit:
    """The maximum monthly credit for the coverage family ``members``: the benchmark
    premium less a twelfth of the contribution (IRC 36B(b)(2); :func:`monthly_aptc`);
    zero with no coverage family or no contribution (the given benchmark is still shown)."""
    if not members or annual_contribution is None:
        reasons = () if members else (_NO_COVERAGE_FAMILY,)
        # In field order: benchmark, APTC, rating area, offers, rated, reasons.
        return Credit(
            household.benchmark_premium, _ZERO, household.rating_area, None, False, reasons
        )
    found = benchmark_for(household, catalog, members)
    benchmark = found.premium
    if benchmark is None:
        aptc, reasons = None, (found.reason,)
    else:
        aptc = monthly_aptc(benchmark, annual_contribution)
        amount = Message(
            "aptc.amount",
            {"benchmark": benchmark, "contribution": annual_contribution, "aptc": aptc},
        )
        reasons = (found.reason, amount)
    rated = household.benchmark_premium is None and catalog is not None
    return Credit(benchmark, aptc, found.rating_area, found.offers, rated, reasons)  # field order
