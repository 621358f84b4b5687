"""Vermont Premium Assistance and Vermont cost-sharing reductions (33 V.S.A. 1812).

Both are for households eligible for the federal premium tax credit with income "less than
or equal to 300 percent" of the FPL (1812(a)(1), (b)(1)), compared with the exact income
percentage: 300.3% is over the limit. Premium assistance is paid toward the same plans as
the federal credit (1812(a)(3)); cost-sharing reductions are silver plan variations.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from aca_rules import parameters as P
from aca_rules.applicable_percentage import expected_contribution
from aca_rules.messages import Message
from aca_rules.states import ProgramPlan, SubsidyContext

CENT = Decimal("0.01")
PROGRAM_CODE = "vt_premium_assistance"
_ELIGIBLE = Message("vt_premium_assistance.eligible")


def vt_applicable_percentage(federal: Decimal, reduction: Decimal) -> Decimal:
    """Vermont applicable percentage: the federal one less 1.5 points, not below zero
    (33 V.S.A. 1812(a)(2); VHC 2015 worksheet). Equal to interpolating in the reduced bands."""
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
    """Monthly Vermont Premium Assistance, the way Vermont Health Connect computes it:
    household income times the reduction of the applicable percentage (federal less
    Vermont), over 12, in cents ("VPA lowers your monthly health insurance bill by 1.5% of
    your household income"; 33 V.S.A. 1812(a)(2)). Not the difference of the two
    contributions each rounded to whole dollars (that is Form 8962's reconciliation
    arithmetic, and differs by up to 8 cents a month). Capped so APTC and VPA together never
    pay more than the benchmark premium. Returns (monthly, Vermont percentage, Vermont
    yearly contribution in whole dollars, shown for information)."""
    vt_pct = vt_applicable_percentage(federal_pct, reduction)
    base = income if income > 0 else Decimal(0)
    reduction_monthly = base * (federal_pct - vt_pct) / 12
    cap = max(Decimal(0), benchmark - aptc)
    monthly = max(Decimal(0), min(reduction_monthly, cap)).quantize(CENT, ROUND_HALF_UP)
    return monthly, vt_pct, expected_contribution(income, vt_pct)


def vcsr_level(year: int, fpl_exact: Decimal) -> str | None:
    """Vermont cost-sharing reduction level (silver AV) for an exact income percent, or None
    above 300% (33 V.S.A. 1812(b)(2): "at or below 150 percent" 94; 150-200 87; 200-250 77;
    250-300 73)."""
    for band in P.get("vt_cost_sharing_reduction", year):
        if fpl_exact <= Decimal(band["max"]):
            return band["variant"]
    return None


class VermontPremiumAssistance:
    code = "VT"
    name = "Vermont Premium Assistance"
    program_code = PROGRAM_CODE
    parameters = ("vt_premium_assistance", "vt_cost_sharing_reduction")
    plan_program = None
    catalog_codes = ("vt_csr",)

    def cost_sharing_levels(self, year: int) -> tuple[str, ...]:
        """The silver actuarial values of 33 V.S.A. 1812(b)(2): 94, 87, 77, 73."""
        return tuple(band["variant"] for band in P.get("vt_cost_sharing_reduction", year))

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None:
        """Vermont CSR wrap on the federal CSR (33 V.S.A. 1812(b)): 94/87 as federal law,
        77 instead of 73 above 200% through 250%, 73 above 250% through 300%, by the exact
        income percentage; the AI/AN variations (45 CFR 155.350) are kept."""
        if federal in ("zero", "limited"):
            return federal
        level = vcsr_level(ctx.year, ctx.fpl_percent_exact)
        return level if level is not None else federal

    def csr_reason(self, level: str) -> Message | None:
        """The Vermont levels of 33 V.S.A. 1812(b)(2) above 200% (77 and 73) are said as
        Vermont's; the others as the federal silver variations."""
        if level in ("77", "73"):
            return Message("csr.silver_vermont", {"level": level})
        return None

    def pays_for(self, plan_program: str | None, metal_level: str) -> bool:
        """Premium assistance is available for the same plans as the federal premium tax
        credit (33 V.S.A. 1812(a)(3)): every plan but a catastrophic one (IRC 36B(c)(3)(A))."""
        return metal_level != "catastrophic"

    def monthly_for_enrollees(
        self,
        stored: dict[str, Any],
        *,
        plan: ProgramPlan | None,
        aptc: Decimal,
        benchmark: Decimal,
        enrollees: int,
    ) -> Decimal | None:
        """Premium assistance when only some of the household enrolls. By 33 V.S.A.
        1812(a)(2) it lowers the household's contribution (the applicable percentage of
        household income less 1.5 points), which does not change with who enrolls, so the
        household's amount stands (`vpa_monthly`, stored); only its cap follows the
        enrollees: APTC and premium assistance together never pay more than their own
        benchmark (`benchmark` - `aptc`, 26 CFR 1.36B-3(f) for the members enrolled). None
        when the household's amount was not computed."""
        monthly = stored.get("monthly")
        if monthly is None or enrollees <= 0:
            return None
        cap = max(Decimal(0), benchmark - aptc)
        return max(Decimal(0), min(Decimal(str(monthly)), cap)).quantize(CENT, ROUND_HALF_UP)

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None:
        """Premium assistance for PTC-eligible households at or below 300% FPL (exact)."""
        if (
            not ctx.ptc_eligible
            or ctx.applicable_percentage is None
            or ctx.coverage_family_size == 0
        ):
            return None
        params = P.get("vt_premium_assistance", ctx.year)
        limit = Decimal(params["max_fpl_percent"])
        shown = str(ctx.fpl_percent_exact.quantize(CENT, ROUND_DOWN))
        base: dict[str, Any] = {"program": PROGRAM_CODE, "name": self.name}
        if ctx.fpl_percent_exact > limit:
            return {
                **base,
                "eligible": False,
                "reason": Message(
                    "vt_premium_assistance.above_limit",
                    {"fpl_percent": shown, "max_fpl_percent": params["max_fpl_percent"]},
                ),
            }
        result: dict[str, Any] = {**base, "eligible": True, "reason": _ELIGIBLE}
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
            note=Message(
                "vt_premium_assistance.amount",
                {
                    "monthly": monthly,
                    "income": ctx.household.income,
                    "federal": (ctx.applicable_percentage * 100).quantize(CENT),
                    "vermont": (vt_pct * 100).quantize(CENT),
                },
            ),
        )
        return result


PROGRAM = VermontPremiumAssistance()
