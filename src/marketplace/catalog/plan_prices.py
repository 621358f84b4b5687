"""What one plan costs one household: the one place a net price is computed.

The anonymous plan list (shopping), the enrollment plan list, plan page and checkout
(enrollment) and the API's plan prices all call :func:`price_plan`, so the figure a person
sees while shopping is the figure checkout stores and the 834 sends (ADR 0801):

- the premium for the members as rated (`aca_rules.rating`, 45 CFR 147.102);
- the APTC applied, never more than the plan's EHB premium (`aca_rules.aptc.applied_aptc`;
  26 CFR 1.36B-3(j)), none on a catastrophic plan;
- the state's help (`StateHelp`): ConnectorCare's subsidy on ConnectorCare plans only,
  Vermont Premium Assistance on any plan the credit applies to, never more than the premium
  left after the APTC (`aca_rules.states.applied_state_subsidy`);
- the cost-sharing variation the household gets on the plan (`variant_code`): AI/AN,
  then the plan's state variation for the household's state level (a ConnectorCare plan
  type, Vermont's 77% AV), then the federal silver CSR variations.

A state program's own plans (ConnectorCare) are offered only to households that program
covers (`offered_to`; 956 CMR 12.04(3)).

Estimated total yearly cost (docs/adr/0400-shopping-and-api.md) is deliberately simple:
12 x the premium after the credit and the state's help, plus the expected out-of-pocket
cost of each enrolled person for a use level (allowed charges of $500 low, $4,000 medium,
$20,000 high a year): the deductible, then a coinsurance share by metal level (CSR variant
when there is one), capped at the person's out-of-pocket maximum and the family's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aca_rules.aptc import applied_aptc
from aca_rules.rating import PreparedMembers, premium_prepared
from aca_rules.states import applied_state_subsidy, program_for
from marketplace.catalog.plan_data import PlanInfo, VariantInfo
from marketplace.catalog.versioning import versioned_cache

CENT = Decimal("0.01")
DOLLAR = Decimal("1")
ZERO = Decimal("0")

#: Household CSR level -> the plan variant (45 CFR 156.420; CMS 834 Companion Guide 6.1).
#: Vermont's 77% AV level takes the plan's own state variation (`PlanInfo.state_variants`);
#: a plan that files none gets its 73% AV variation, the nearest federal design.
SILVER_CSR_VARIANTS = {"73": "04", "77": "04", "87": "05", "94": "06"}
AIAN_VARIANTS = {"zero": "02", "limited": "03"}

#: Allowed charges a year for one enrolled person, by use level (docs/adr/0400).
USE_LEVELS: dict[str, Decimal] = {
    "low": Decimal("500"),
    "medium": Decimal("4000"),
    "high": Decimal("20000"),
}
#: The enrollee's share after the deductible, by metal level and by CSR variant.
COINSURANCE_BY_METAL = {
    "catastrophic": Decimal("0"),
    "expanded_bronze": Decimal("0.40"),
    "bronze": Decimal("0.40"),
    "silver": Decimal("0.30"),
    "gold": Decimal("0.20"),
    "platinum": Decimal("0.10"),
}
COINSURANCE_BY_VARIANT = {
    "02": Decimal("0"),
    "04": Decimal("0.25"),
    "05": Decimal("0.15"),
    "06": Decimal("0.05"),
}


@dataclass(frozen=True, slots=True)
class StateHelp:
    """A household's state program, as the stored determination decided it, for pricing.

    `monthly` is the program's monthly amount (0 when eligible but not computed); `level`
    the state cost-sharing level it gives (a ConnectorCare plan type), if any."""

    state: str
    program: str
    name: str
    monthly: Decimal
    level: str | None

    @classmethod
    def from_result(cls, state: str, subsidy: dict | None) -> StateHelp | None:
        """From a determination's `state_subsidy` (the rules' dict or its stored JSON);
        None when the household is not eligible."""
        if not isinstance(subsidy, dict) or not subsidy.get("eligible"):
            return None
        monthly = Decimal(str(subsidy.get("monthly") or 0)).quantize(CENT)
        name = subsidy.get("name") or ""
        return cls(state, subsidy["program"], name, monthly, subsidy.get("plan_type"))

    @property
    def plan_program(self) -> str | None:
        """The catalog flag of the program's own plans (ConnectorCare), if it has any."""
        program = program_for(self.state)
        return program.plan_program if program is not None else None

    def pays_for(self, info: PlanInfo) -> bool:
        program = program_for(self.state)
        if program is None:
            return False
        return program.pays_for(info.state_program or None, info.metal_level)


def offered_to(info: PlanInfo, state_help: StateHelp | None) -> bool:
    """Whether the household may buy the plan: a state program's own plan only when the
    household's determination puts it in that program (956 CMR 12.04(3))."""
    if not info.state_program:
        return True
    return state_help is not None and state_help.plan_program == info.state_program


@dataclass(frozen=True, slots=True)
class PlanQuote:
    """One plan priced for one household. `premium_after_credit` is what the household
    pays a month: the premium less the APTC applied and the state's help."""

    info: PlanInfo
    variant: VariantInfo | None
    premium: Decimal
    ehb_premium: Decimal
    aptc_applied: Decimal
    premium_after_credit: Decimal
    deductible: Decimal | None
    moop: Decimal | None
    yearly_costs: dict[str, Decimal]
    state_subsidy: Decimal = ZERO
    state_help: StateHelp | None = None

    @property
    def plan_id(self) -> str:
        return self.info.plan_id

    @property
    def variant_id(self) -> str:
        """The 16-character plan id with the variant the household would get."""
        return f"{self.info.plan_id}-{self.variant.variant if self.variant else '01'}"

    @property
    def state_program_name(self) -> str:
        """The name of the state program paying toward this plan ("" when none does)."""
        return self.state_help.name if self.state_help and self.state_subsidy else ""


def variant_code(
    csr: str | None,
    metal_level: str,
    state_variants: dict[str, str] | None = None,
    state_level: str | None = None,
) -> str:
    """The variation a household with CSR level `csr` (and state cost-sharing level
    `state_level`, a ConnectorCare plan type) gets on a plan of `metal_level` whose state
    variations are `state_variants`: AI/AN first (45 CFR 156.420(b)), then the plan's state
    variation for the level (956 CMR 12.04(3)(b); 33 V.S.A. 1812(b)), then the federal
    silver variations (45 CFR 156.420(a)); otherwise the standard plan."""
    if metal_level == "catastrophic":
        return "01"
    if csr in AIAN_VARIANTS:
        return AIAN_VARIANTS[csr]
    if state_variants:
        for level in (state_level, csr):
            if level and level in state_variants:
                return state_variants[level]
    if metal_level == "silver" and csr in SILVER_CSR_VARIANTS:
        return SILVER_CSR_VARIANTS[csr]
    return "01"


def expected_out_of_pocket(
    variant: VariantInfo | None, metal_level: str, people: int, spend: Decimal
) -> Decimal:
    """Expected yearly out-of-pocket cost for `people` each with `spend` allowed charges."""
    if variant is None:
        return ZERO
    deductible = variant.deductible_individual or ZERO
    share = COINSURANCE_BY_VARIANT.get(variant.variant, COINSURANCE_BY_METAL.get(metal_level))
    share = ZERO if share is None else share
    per_person = min(spend, deductible) + share * max(spend - deductible, ZERO)
    if variant.moop_individual is not None:
        per_person = min(per_person, variant.moop_individual)
    total = per_person * people
    if people > 1 and variant.moop_family is not None:
        total = min(total, variant.moop_family)
    return total


@functools.lru_cache(maxsize=8192)
def _out_of_pocket_by_use(
    variant: VariantInfo | None, metal_level: str, people: int
) -> tuple[tuple[str, Decimal], ...]:
    """`expected_out_of_pocket` at each use level of USE_LEVELS, worked out once per
    variation and household size (a plan search prices every plan at three levels; the
    variations are few and never change while a catalog is loaded: VariantInfo is frozen)."""
    return tuple(
        (level, expected_out_of_pocket(variant, metal_level, people, spend))
        for level, spend in USE_LEVELS.items()
    )


def state_subsidy_on(
    info: PlanInfo, state_help: StateHelp | None, premium: Decimal, aptc: Decimal
) -> Decimal:
    """The state's monthly help on this plan with `aptc` applied (0 when none)."""
    if state_help is None:
        return ZERO
    pays = state_help.pays_for(info)
    return applied_state_subsidy(state_help.monthly, premium, aptc, pays)


@dataclass(frozen=True, slots=True)
class CostSharing:
    """The cost-sharing variation a household gets on a plan (`variant_code`), its
    deductible and out-of-pocket maximum for the household's size, and its expected yearly
    out-of-pocket cost at each use level."""

    variant: VariantInfo | None
    deductible: Decimal | None
    moop: Decimal | None
    out_of_pocket: tuple[tuple[str, Decimal], ...]


#: Cost sharing by (plan, year, members, CSR level, state level): catalog data, unchanged
#: while a plan year's import is loaded; emptied when an import lands (ADR 1702).
_cost_sharing: dict = versioned_cache()
COST_SHARING_CACHE_SIZE = 50_000


def cost_sharing(info: PlanInfo, count: int, csr: str | None, level: str | None) -> CostSharing:
    """What `count` members with CSR level `csr` and state level `level` share on the plan:
    the variation (45 CFR 156.420; `variant_code`), family amounts for more than one."""
    key = (info.plan_id, info.year, count, csr, level)
    found = _cost_sharing.get(key)
    if found is not None:
        return found
    variant = info.variant_for(variant_code(csr, info.metal_level, info.state_variants, level))
    deductible = moop = None
    if variant is not None:
        family = count > 1
        deductible = variant.deductible_family if family else variant.deductible_individual
        moop = variant.moop_family if family else variant.moop_individual
    found = CostSharing(
        variant, deductible, moop, _out_of_pocket_by_use(variant, info.metal_level, count)
    )
    if len(_cost_sharing) >= COST_SHARING_CACHE_SIZE:
        _cost_sharing.clear()
    _cost_sharing[key] = found
    return found


def clear_cache() -> None:
    """Forget the cached cost sharing (tests; an import empties it by itself)."""
    _cost_sharing.clear()


def rated_premium(offer, prepared: PreparedMembers) -> tuple[Decimal, Decimal]:
    """The plan's monthly premium for the members as rated (45 CFR 147.102) and its EHB
    share (the part the APTC may pay, 26 CFR 1.36B-3(j))."""
    premium = premium_prepared(offer.rates, prepared)
    return premium, (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)


def priced(
    info: PlanInfo,
    premium: Decimal,
    ehb_premium: Decimal,
    sharing: CostSharing,
    aptc: Decimal,
    state_help: StateHelp | None = None,
) -> PlanQuote:
    """The rated premium with the help applied: the APTC, never more than the EHB premium
    (26 CFR 1.36B-3(j)), none on a catastrophic plan; then the state's help on what is
    left; and the yearly costs at each use level (12 x the net premium plus the
    out-of-pocket cost)."""
    credit = ZERO if info.metal_level == "catastrophic" else applied_aptc(aptc, ehb_premium)
    credit = min(credit, premium)
    state = state_subsidy_on(info, state_help, premium, credit)
    net = premium - credit - state
    yearly = {
        level: (net * 12 + out_of_pocket).quantize(DOLLAR, ROUND_HALF_UP)
        for level, out_of_pocket in sharing.out_of_pocket
    }
    return PlanQuote(
        info=info,
        variant=sharing.variant,
        premium=premium,
        ehb_premium=ehb_premium,
        aptc_applied=credit,
        premium_after_credit=net,
        deductible=sharing.deductible,
        moop=sharing.moop,
        yearly_costs=yearly,
        state_subsidy=state,
        state_help=state_help,
    )


def price_plan(
    info: PlanInfo,
    offer,
    members: list[dict],
    prepared: PreparedMembers,
    aptc: Decimal,
    csr: str | None,
    state_help: StateHelp | None = None,
) -> PlanQuote:
    """One plan's monthly premium, credit, state help, cost sharing and yearly costs:
    `rated_premium` and `cost_sharing`, then `priced`.

    `prepared` is `aca_rules.rating.prepare_members(members, state, year)`, done once per
    household: `premium_prepared(rates, prepared)` is exactly `plan_premium(...)`.
    """
    level = state_help.level if state_help is not None else None
    premium, ehb_premium = rated_premium(offer, prepared)
    sharing = cost_sharing(info, len(members), csr, level)
    return priced(info, premium, ehb_premium, sharing, aptc, state_help)
