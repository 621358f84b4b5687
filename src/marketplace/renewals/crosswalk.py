"""Which plan of the new year a household is re-enrolled in: 45 CFR 155.335(j), in order.

1. (j)(1)(i) The same plan, when its issuer renews it and it is offered at the household's
   address (Plan ID Crosswalk level 1, or no crosswalk row and the same plan id is filed).
2. (j)(1)(ii)-(iv) Another plan of the same product, as the issuer's crosswalk names it
   (level 2).
3. (j)(2) When the product is discontinued: a plan of another product of the same issuer,
   as the crosswalk names it (level 3); (j)(3) another issuer's plan only where the state's
   crosswalk names one (level 4).
4. (j)(4) Bronze to silver: an enrollee eligible for cost-sharing reductions whose plan
   would be bronze is re-enrolled instead in a silver plan of the same product with the
   same network, when one is offered and costs no more after the credit (45 CFR
   155.335(j)(4), added for plan year 2025 by the 2025 Payment Notice).
5. Otherwise none: the issuer discontinued the plan with no crosswalk, or left the
   household's county, or the target is not offered there (or is a state program's plan the
   household is no longer in): the person must choose a plan (the notice says so).

A crosswalk row for the household's county (and zip code, for a partial county) wins over a
row for the whole service area.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.catalog.crosswalk import filed_row
from marketplace.catalog.models import CrosswalkLevel, Plan, PlanCrosswalk
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.plan_prices import offered_to
from marketplace.catalog.pricing import catalog
from marketplace.catalog.versioning import current_version, versioned_cache
from marketplace.enrollment.selection import Group, quotes

CSR_SILVER_LEVELS = {"73", "77", "87", "94"}
BRONZE = {"bronze", "expanded_bronze"}


@dataclass(frozen=True)
class Choice:
    """Where the household goes: `plan_id` (14 characters) or None when it must choose."""

    plan_id: str | None
    level: int
    reason: str
    bronze_to_silver: bool = False


_cache = versioned_cache()  # dropped with every catalog import


def _networks(year: int, state: str) -> dict[str, str]:
    current_version()
    key = ("networks", year, state)
    if key not in _cache:
        _cache[key] = dict(
            Plan.objects.filter(year=year, state=state).values_list(
                "standard_component_id", "network_id"
            )
        )
    return _cache[key]


def crosswalk_row(group: Group, from_plan_id: str) -> PlanCrosswalk | None:
    """The issuer's filed row for the group's place (`catalog.crosswalk.filed_row`)."""
    return filed_row(group.year, group.state, from_plan_id, group.countyfips, group.zipcode)


def offered_plan_ids(group: Group) -> frozenset[str]:
    """The plans offered at the group's place to a household of its state program (kept per
    place and program, like the catalog's offers)."""
    current_version()
    program = group.state_help.plan_program if group.state_help is not None else None
    key = ("offered", group.year, group.state, group.countyfips, group.zipcode, program)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _offered(group, program)
    return found


def _offered(group: Group, program: str | None) -> frozenset[str]:
    """Worked out once per catalog answer and program: places the catalog gives the same
    answer object (the same offers) share it. The answer is kept with it, so its id stays
    its own while the entry lives."""
    offers = catalog.plans_for_location(group.year, group.state, group.countyfips, group.zipcode)
    key = ("offered_in", group.year, group.state, id(offers), program)
    hit = _cache.get(key)
    if hit is None or hit[0] is not offers:
        hit = _cache[key] = (offers, _offered_in(group, offers))
    return hit[1]


def _offered_in(group: Group, offers) -> frozenset[str]:
    infos = plan_infos(group.state, group.year)
    offered = set()
    for offer in offers:
        info = infos.get(offer.plan_id[:14])
        if info is not None and offered_to(info, group.state_help):
            offered.add(info.plan_id)
    return frozenset(offered)


def choose(group: Group, from_plan_id: str) -> Choice:
    """The plan of 45 CFR 155.335(j) for the group (of the new year's determination)."""
    base = from_plan_id[:14]
    offered = offered_plan_ids(group)
    row = crosswalk_row(group, base)
    if row is None:
        if base in offered:
            choice = Choice(base, CrosswalkLevel.SAME_PLAN, "Renewing plan")
        else:
            return Choice(None, CrosswalkLevel.DISCONTINUED, "plan_not_offered")
    elif row.level == CrosswalkLevel.DISCONTINUED or not row.to_plan_id:
        return Choice(None, CrosswalkLevel.DISCONTINUED, row.reason or "Discontinued")
    elif row.to_plan_id not in offered:
        return Choice(None, CrosswalkLevel.DISCONTINUED, "target_not_offered")
    else:
        choice = Choice(row.to_plan_id, row.level, row.reason)
    return bronze_to_silver(group, choice)


def bronze_to_silver(group: Group, choice: Choice) -> Choice:
    """45 CFR 155.335(j)(4): a CSR-eligible household bound for a bronze plan goes to the
    cheapest silver plan (after the credit) of the same product and network, if it costs
    no more than the bronze plan would."""
    if group.csr not in CSR_SILVER_LEVELS or choice.plan_id is None:
        return choice
    infos = plan_infos(group.state, group.year)
    bronze = infos.get(choice.plan_id)
    if bronze is None or bronze.metal_level not in BRONZE:
        return choice
    networks = _networks(group.year, group.state)
    product, network = choice.plan_id[:10], networks.get(choice.plan_id, "")
    priced = {q.plan_id: q for q in quotes(group)}
    own = priced.get(choice.plan_id)
    silvers = [
        q
        for q in priced.values()
        if q.info.metal_level == "silver"
        and q.plan_id[:10] == product
        and not q.info.state_program
        and networks.get(q.plan_id, "") == network
    ]
    if own is None or not silvers:
        return choice
    best = min(silvers, key=lambda q: (q.premium_after_credit, q.premium, q.plan_id))
    if best.premium_after_credit > own.premium_after_credit:
        return choice
    return Choice(best.plan_id, choice.level, choice.reason, bronze_to_silver=True)
