"""Massachusetts ConnectorCare (956 CMR 12.00): a state wrap on APTC."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aca_rules import parameters as P
from aca_rules.messages import Message
from aca_rules.states import SubsidyContext

CENT = Decimal("0.01")


def plan_type(year: int, fpl_pct: int) -> tuple[str | None, bool]:
    """ConnectorCare plan type by household income, prior-year FPL (956 CMR 12.04(3)(b)).
    Returns (type, operational)."""
    for row in P.get("ma_connectorcare_plan_types", year):
        if fpl_pct <= int(row["max"]):
            return row["type"], bool(row["operational"])
    return None, False


def state_subsidy_monthly(
    benchmark: Decimal, aptc: Decimal, premium_pp: Decimal, members: int
) -> Decimal:
    """State premium subsidy: benchmark less APTC less the enrollee premium for each member,
    never negative (956 CMR 12.12(9); PolicyEngine ConnectorCare integration tests)."""
    value = benchmark - aptc - premium_pp * members
    return max(Decimal(0), value).quantize(CENT, ROUND_HALF_UP)


class ConnectorCare:
    code = "MA"
    parameters = ("ma_connectorcare_plan_types", "ma_connectorcare_enrollee_premium")

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None:
        """ConnectorCare has its own copay tiers by plan type; the federal CSR level is
        reported unchanged (the plan type is in the state subsidy)."""
        return federal

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None:
        """Eligible when APTC-eligible (956 CMR 12.04(2)) with income in an operational plan
        type band."""
        if not ctx.ptc_eligible or ctx.coverage_family_size == 0:
            return None
        ptype, operational = plan_type(ctx.year, ctx.fpl_percent)
        if ptype is None or not operational:
            return {
                "program": "ma_connectorcare",
                "name": "ConnectorCare",
                "eligible": False,
                "plan_type": ptype,
                "reason": Message(
                    "ma_connectorcare.outside_plan_types", {"fpl_percent": ctx.fpl_percent}
                ),
            }
        schedule = P.get("ma_connectorcare_enrollee_premium", ctx.year)
        result: dict[str, Any] = {
            "program": "ma_connectorcare",
            "name": "ConnectorCare",
            "eligible": True,
            "plan_type": ptype,
            "reason": Message(
                "ma_connectorcare.plan_type", {"plan_type": ptype, "fpl_percent": ctx.fpl_percent}
            ),
        }
        if schedule is None:
            result.update(
                monthly=None,
                enrollee_premium_per_person=None,
                note=Message("ma_connectorcare.schedule_not_confirmed", {"year": ctx.year}),
            )
            return result
        premium_pp = Decimal(schedule.get(ptype, 0))
        if ctx.benchmark_premium is None or ctx.aptc is None:
            result.update(monthly=None, enrollee_premium_per_person=premium_pp)
            return result
        monthly = state_subsidy_monthly(
            ctx.benchmark_premium, ctx.aptc, premium_pp, ctx.coverage_family_size
        )
        result.update(
            monthly=monthly,
            annual=(monthly * 12).quantize(CENT),
            enrollee_premium_per_person=premium_pp,
        )
        return result


PROGRAM = ConnectorCare()
