"""Massachusetts ConnectorCare (956 CMR 12.00): a state wrap on APTC.

A ConnectorCare enrollee pays the plan type's enrollee premium for the lowest-cost
ConnectorCare plan in the region; the state subsidy pays what is left of that plan's premium
after the APTC, and an enrollee who picks a dearer ConnectorCare plan pays the difference
too (956 CMR 12.04(3)(c)). The subsidy is a fixed monthly amount measured against the
lowest-cost ConnectorCare plan, not the second-lowest silver plan, and it is paid only
toward ConnectorCare plans (catalog flag ``ma_connectorcare``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from aca_rules import parameters as P
from aca_rules.messages import Message
from aca_rules.states import ProgramPlan, SubsidyContext

CENT = Decimal("0.01")
PROGRAM_CODE = "ma_connectorcare"


def plan_type(year: int, fpl_exact: Decimal) -> tuple[str | None, bool]:
    """ConnectorCare plan type for household income as an EXACT percent of the FPL
    (prior-year guideline), and whether the type is offered that year.

    956 CMR 12.04(3)(b) draws each band by its top: Plan Type 1 "not in excess of 100%",
    2A "at or below 150%", 2B "over 150% and not over 200%", 3A "at or below 250%", 3B
    "above 250% ... not over 300%", 3C to 400%, 3D to 500%. The exact figure is compared,
    so 150.2% is Plan Type 2B and 100.5% is 2A; nothing is truncated."""
    for row in P.get("ma_connectorcare_plan_types", year):
        if fpl_exact <= Decimal(row["max"]):
            return row["type"], bool(row["operational"])
    return None, False


def state_subsidy_monthly(
    lowest_premium: Decimal, aptc_applied: Decimal, premium_pp: Decimal, members: int
) -> Decimal:
    """State premium subsidy: the lowest-cost ConnectorCare plan's premium less the APTC
    applied to it less the enrollee premium (per person, 956 CMR 12.04(3)(c); Mass. Legal
    Services Advocacy Guide Q25), never negative; cents, half up."""
    value = lowest_premium - aptc_applied - premium_pp * members
    return max(Decimal(0), value).quantize(CENT, ROUND_HALF_UP)


def aptc_on_plan(aptc: Decimal, plan: ProgramPlan) -> Decimal:
    """APTC the lowest-cost plan can take: never more than its EHB premium (IRC 36B(b)(2)(A);
    26 CFR 1.36B-3(j))."""
    return min(aptc, plan.ehb_premium.quantize(CENT, ROUND_HALF_UP))


def _shown(fpl_exact: Decimal) -> Decimal:
    """The exact percent as shown in a reason: two places, never rounded up across a band
    edge (150.004% shows as 150.00%, never 150.01%)."""
    return fpl_exact.quantize(CENT, ROUND_DOWN)


class ConnectorCare:
    code = "MA"
    name = "ConnectorCare"
    program_code = PROGRAM_CODE
    parameters = ("ma_connectorcare_plan_types", "ma_connectorcare_enrollee_premium")
    plan_program = PROGRAM_CODE
    catalog_codes = (PROGRAM_CODE,)

    def cost_sharing_levels(self, year: int) -> tuple[str, ...]:
        """ConnectorCare cost sharing varies by plan type (956 CMR 12.04(3)(b)): a
        ConnectorCare plan has a variation for each plan type."""
        return tuple(row["type"] for row in P.get("ma_connectorcare_plan_types", year))

    def csr(self, ctx: SubsidyContext, federal: str | None) -> str | None:
        """ConnectorCare's cost sharing is the plan type's design on ConnectorCare plans
        (the catalog's variant for the plan type); the federal CSR level is reported
        unchanged for every other plan."""
        return federal

    def csr_reason(self, level: str) -> Message | None:
        """No words of its own for a federal silver level: the federal line is written."""
        return None

    def pays_for(self, plan_program: str | None, metal_level: str) -> bool:
        """The state subsidy is paid only toward ConnectorCare plans (956 CMR 12.04(3))."""
        return plan_program == PROGRAM_CODE

    def monthly_for_enrollees(
        self,
        stored: dict[str, Any],
        *,
        plan: ProgramPlan | None,
        aptc: Decimal,
        benchmark: Decimal,
        enrollees: int,
    ) -> Decimal | None:
        """The subsidy when only `enrollees` of the coverage family enroll. ConnectorCare's
        premiums are the Enrollee's (956 CMR 12.04(3)(c): a plan with no premium "provided
        that the Enrollee chooses to elect the full amount of APTC available to that
        Enrollee"), so the amount follows who enrolls: the lowest-cost ConnectorCare plan
        for them (`plan`) less the APTC available to them on it less the plan type's
        enrollee premium for each of them (`state_subsidy_monthly`). The plan type stays
        the household's (12.04(3)(b): it rests on Household MAGI). None without the
        schedule's premium or a ConnectorCare plan for them."""
        per_person = stored.get("enrollee_premium_per_person")
        if per_person is None or plan is None or enrollees <= 0:
            return None
        return state_subsidy_monthly(
            plan.premium, aptc_on_plan(aptc, plan), Decimal(str(per_person)), enrollees
        )

    def subsidy(self, ctx: SubsidyContext) -> dict[str, Any] | None:
        """Eligible when APTC-eligible (956 CMR 12.04(3)(a)2) with income in a plan type
        offered that year (12.04(3)(b))."""
        if not ctx.ptc_eligible or ctx.coverage_family_size == 0:
            return None
        shown = _shown(ctx.fpl_percent_exact)
        ptype, operational = plan_type(ctx.year, ctx.fpl_percent_exact)
        base: dict[str, Any] = {"program": PROGRAM_CODE, "name": self.name}
        if ptype is None or not operational:
            return {
                **base,
                "eligible": False,
                "plan_type": ptype,
                "reason": Message(
                    "ma_connectorcare.outside_plan_types", {"fpl_percent": str(shown)}
                ),
            }
        result: dict[str, Any] = {
            **base,
            "eligible": True,
            "plan_type": ptype,
            "members": ctx.coverage_family_size,
            "reason": Message(
                "ma_connectorcare.plan_type",
                {"plan_type": ptype, "fpl_percent": str(shown)},
            ),
        }
        schedule = P.get("ma_connectorcare_enrollee_premium", ctx.year)
        if schedule is None or ptype not in schedule:
            result.update(
                monthly=None,
                enrollee_premium_per_person=None,
                note=Message("ma_connectorcare.schedule_not_confirmed", {"year": ctx.year}),
            )
            return result
        premium_pp = Decimal(schedule[ptype])
        enrollee = (premium_pp * ctx.coverage_family_size).quantize(CENT)
        result.update(enrollee_premium_per_person=premium_pp, enrollee_premium=enrollee)
        return self._amount(ctx, result, ptype, premium_pp, enrollee)

    def _amount(self, ctx, result, ptype, premium_pp, enrollee) -> dict[str, Any]:
        plan = ctx.program_plan
        if plan is None or ctx.aptc is None:
            result.update(
                monthly=None,
                note=Message(
                    "ma_connectorcare.no_lowest_plan",
                    {"plan_type": ptype, "enrollee": enrollee},
                ),
            )
            return result
        aptc = aptc_on_plan(ctx.aptc, plan)
        monthly = state_subsidy_monthly(plan.premium, aptc, premium_pp, ctx.coverage_family_size)
        result.update(
            monthly=monthly,
            annual=(monthly * 12).quantize(CENT),
            lowest_plan_id=plan.plan_id,
            lowest_plan_premium=plan.premium,
            note=Message(
                "ma_connectorcare.amount",
                {
                    "monthly": monthly,
                    "premium": plan.premium,
                    "aptc": aptc,
                    "plan_type": ptype,
                    "enrollee": enrollee,
                    "per_person": premium_pp,
                    "members": ctx.coverage_family_size,
                },
            ),
        )
        return result


PROGRAM = ConnectorCare()
