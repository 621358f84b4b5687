"""Maximum monthly advance premium tax credit (IRC 36B(b)(2); 26 CFR 1.36B-3(d))."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


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
