"""Benchmark plan: the second-lowest-cost silver plan (SLCSP) for the coverage family.

IRC 36B(b)(3)(B); 26 CFR 1.36B-3(f). The premium counted is the portion allocable to
essential health benefits (26 CFR 1.36B-3(j)(1)), without the tobacco surcharge
(1.36B-3(e)). When a silver plan does not cover pediatric dental benefits, the portion of
the second-lowest-cost stand-alone dental plan premium allocable to pediatric dental EHB
for children under 19 is added, and silver plans are ranked with it (1.36B-3(f)(6)).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aca_rules.catalog import PlanOffer
from aca_rules.rating import premium_prepared, prepare_members

CENT = Decimal("0.01")
PEDIATRIC_DENTAL_AGE = 19


@dataclass(frozen=True, slots=True)
class Benchmark:
    premium: Decimal
    plan_id: str
    silver_plans: int
    dental_added: Decimal


def _second_lowest(values: list[Decimal]) -> Decimal:
    values.sort()
    return values[1] if len(values) > 1 else values[0]


_ONE = Decimal(1)
_SPLIT_CACHE: dict[int, tuple[Sequence[PlanOffer], tuple, tuple, tuple | None]] = {}


def _split(offers: Sequence[PlanOffer]) -> tuple[tuple, tuple, tuple | None]:
    """Silver and stand-alone dental offers of a catalog answer, cached by identity (the
    catalog returns the same sequence object for a location). The third item holds, for
    each age 0..64, the silver plans' non-tobacco rates in cents (None if any plan has
    fractional cents or family-tier rates), so a family's premiums are column sums."""
    hit = _SPLIT_CACHE.get(id(offers))
    if hit is not None and hit[0] is offers:
        return hit[1], hit[2], hit[3]
    silver = tuple(
        (o, o.ehb_share == _ONE, o.includes_pediatric_dental)
        for o in offers
        if o.metal_level == "silver"
    )
    dental = tuple(o for o in offers if o.metal_level == "dental")
    columns = None
    if silver and all(
        o.rates._cents is not None and not o.rates.family_tier_rates for o, _, _ in silver
    ):
        columns = tuple(tuple(o.rates._cents[a] for o, _, _ in silver) for a in range(65))
    if len(_SPLIT_CACHE) > 512:
        _SPLIT_CACHE.clear()
    _SPLIT_CACHE[id(offers)] = (offers, silver, dental, columns)
    return silver, dental, columns


def slcsp(
    offers: Sequence[PlanOffer], members: Sequence[Any], state: str, year: int
) -> Benchmark | None:
    """Benchmark EHB premium per month for ``members`` among ``offers`` (None if no silver
    plan is offered). A single silver plan is its own benchmark."""
    silver, dental, columns = _split(offers)
    if not silver or not members:
        return None
    prepared = prepare_members(members, state, year, ignore_tobacco=True)
    kids = [m for m in members if getattr(m, "age", 99) < PEDIATRIC_DENTAL_AGE]
    dental_ehb = Decimal(0)
    if kids and dental:
        kid_prep = prepare_members(kids, state, year, ignore_tobacco=True)
        dental_ehb = _second_lowest(
            [
                (premium_prepared(o.rates, kid_prep) * o.ehb_share).quantize(CENT, ROUND_HALF_UP)
                for o in dental
            ]
        )
    add_dental = bool(kids) and dental_ehb > 0
    if columns is not None and prepared.tier_key is None and prepared.tier_factor is None:
        cols = [columns[age] for age, _tob in prepared.charged]
        totals = [sum(t) for t in zip(*cols, strict=True)] if cols else [0] * len(silver)
        premiums = [Decimal(c).scaleb(-2) for c in totals]
    else:
        premiums = [premium_prepared(offer.rates, prepared) for offer, _, _ in silver]
    ranked: list[tuple[Decimal, str]] = []
    for (offer, ehb_is_one, has_dental), premium in zip(silver, premiums, strict=True):
        ehb = premium if ehb_is_one else (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)
        if add_dental and not has_dental:
            ehb += dental_ehb
        ranked.append((ehb, offer.plan_id))
    ranked.sort()
    premium, plan_id = ranked[1] if len(ranked) > 1 else ranked[0]
    return Benchmark(premium, plan_id, len(silver), dental_ehb)
