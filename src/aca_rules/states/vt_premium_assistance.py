"""Vermont Premium Assistance and Vermont cost-sharing reductions (33 V.S.A. 1812)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aca_rules import parameters as P
from aca_rules.applicable_percentage import expected_contribution
from aca_rules.messages import Message
from aca_rules.states import SubsidyContext

CENT = Decimal("0.01")
_ELIGIBLE = Message("vt_premium_assistance.eligible")


def vt_applicable_percentage(federal: Decimal, reduction: Decimal) -> Decimal:
    """Vermont applicable percentage: the federal one less 1.5 points, not below zero
    (33 V.S.A. 1812(a); VHC 2015 worksheet). Equal to interpolating in the reduced bands."""
    return max(Decimal(0), federal - reduction)


def vt_percentage_from_band(
    fpl_pct: int, low: int, high: int, initial: Decimal, final: Decimal, reduction: Decimal
) -> Decimal:
    """Method of the VHC worksheet: reduce both ends of the federal band, interpolate,
    round half-up to a hundredth of a percent."""
    lo, hi = initial - reduction, final - reduction
    value = lo + (Decimal(fpl_pct - low) / Decimal(high - low)) * (hi - lo)
    return max(Decimal(0), value).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def vpa_monthly(
    income: Decimal, federal_pct: Decimal, reduction: Decimal, benchmark: Decimal, aptc: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """Monthly VPA = (federal contribution - Vermont contribution) / 12, capped at the
    benchmark less APTC. Returns (monthly, vt_pct, vt_contribution)."""
    vt_pct = vt_applicable_percentage(federal_pct, reduction)
    fed_c = expected_contribution(income, federal_pct)
    vt_c = expected_contribution(income, vt_pct)
    cap = max(Decimal(0), benchmark - aptc)
    monthly = min((fed_c - vt_c) / 12, cap)
    return max(Decimal(0), monthly).quantize(CENT, ROUND_HALF_UP), vt_pct, vt_c


class VermontPremiumAssistance:
    code = "VT"
    parameters = ("vt_premium_assistance", "vt_cost_sharing_reduction")

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None:
        """Vermont CSR wrap: 77% AV for 200-250% and 73% AV for 250-300% FPL on silver
        plans (33 V.S.A. 1812(b)); federal levels otherwise."""
        if federal in ("94", "87", "zero", "limited"):
            return federal
        for band in P.get("vt_cost_sharing_reduction", ctx.year):
            if int(band["min"]) <= ctx.fpl_percent <= int(band["max"]):
                return band["variant"]
        return federal

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None:
        """Premium assistance for PTC-eligible households at or below 300% FPL."""
        if (
            not ctx.ptc_eligible
            or ctx.applicable_percentage is None
            or ctx.coverage_family_size == 0
        ):
            return None
        params = P.get("vt_premium_assistance", ctx.year)
        if ctx.fpl_percent > int(params["max_fpl_percent"]):
            return {
                "program": "vt_premium_assistance",
                "name": "Vermont Premium Assistance",
                "eligible": False,
                "reason": Message(
                    "vt_premium_assistance.above_limit",
                    {"fpl_percent": ctx.fpl_percent, "max_fpl_percent": params["max_fpl_percent"]},
                ),
            }
        result: dict[str, Any] = {
            "program": "vt_premium_assistance",
            "name": "Vermont Premium Assistance",
            "eligible": True,
            "reason": _ELIGIBLE,
        }
        if ctx.benchmark_premium is None or ctx.aptc is None:
            result["monthly"] = None
            return result
        monthly, vt_pct, vt_c = vpa_monthly(
            ctx.household.income,
            ctx.applicable_percentage,
            params["reduction"],
            ctx.benchmark_premium,
            ctx.aptc,
        )
        result.update(
            monthly=monthly,
            annual=(monthly * 12).quantize(CENT),
            applicable_percentage=vt_pct,
            expected_contribution=vt_c,
        )
        return result


PROGRAM = VermontPremiumAssistance()
