"""Benchmark plan: the second-lowest-cost silver plan (SLCSP) for the coverage family.

IRC 36B(b)(3)(B); 26 CFR 1.36B-3(f). The premium counted is the portion allocable to
essential health benefits (26 CFR 1.36B-3(j)(1)), without the tobacco surcharge
(1.36B-3(e)). When a silver plan does not cover pediatric dental benefits, the portion of
the second-lowest-cost stand-alone dental plan premium allocable to pediatric dental EHB
for children under 19 is added, and silver plans are ranked with it (1.36B-3(f)(6)).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from aca_rules.catalog import Catalog, PlanOffer
from aca_rules.household import Household, Person
from aca_rules.messages import Message
from aca_rules.rating import premium_prepared, prepare_members

CENT = Decimal("0.01")
PEDIATRIC_DENTAL_AGE = 19


class Benchmark(NamedTuple):
    """The benchmark plan for a coverage family."""

    premium: Decimal
    plan_id: str
    silver_plans: int
    dental_added: Decimal


def _second_lowest(values: list[Decimal]) -> Decimal:
    values.sort()
    return values[1] if len(values) > 1 else values[0]


_ONE = Decimal(1)
#: Limits within which whole-cent ranking is exact and a plan's premium fits in 64 bits:
#: rates below 10^12 cents, families below 10^5 charged members, EHB shares of at most
#: 10 digits (so ``premium * ehb_share`` needs at most 27 digits: no context rounding).
_MAX_CENTS = 10**12
_MAX_MEMBERS = 10**5
_MAX_SHARE_DIGITS = 10
_FIELD_BYTES = 8
if array("Q").itemsize != _FIELD_BYTES:  # pragma: no cover - 8 on every supported platform
    raise ImportError("the benchmark's packed sums need 64-bit unsigned array items")


@dataclass(frozen=True, slots=True)
class _Split:
    """A catalog answer reduced to what the benchmark needs, computed once per answer."""

    offers: Sequence[PlanOffer]  # kept so the cache entry cannot outlive its key
    #: (offer, EHB share is 1, includes pediatric dental) for each silver plan.
    silver: tuple[tuple[PlanOffer, bool, bool], ...]
    dental: tuple[PlanOffer, ...]
    #: Whole-cent data, or None when a silver plan has fractions of a cent, family-tier
    #: rates or figures outside the limits above (the general path then prices each plan).
    cents: _SilverCents | None


@dataclass(frozen=True, slots=True)
class _SilverCents:
    """The silver plans in plan-id order with their non-tobacco rates in whole cents."""

    plan_ids: tuple[str, ...]
    #: For each age 0..64, every plan's rate packed into one integer, 64 bits per plan
    #: (plan k at bits 64k..64k+63), so one integer addition per member adds that member's
    #: rate to every plan's premium (45 CFR 147.102(c)(1): the sum of the members' rates).
    packed: tuple[int, ...]
    #: (position, numerator, denominator) of each plan whose EHB share is not 1.
    partial_ehb: tuple[tuple[int, int, int], ...]
    #: Positions of the plans without pediatric dental benefits.
    without_dental: tuple[int, ...]


def _pack_by_age(rates: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """For each age, the plans' rates (``rates[k][age]`` for plan k) packed into one integer,
    64 bits per plan in the machine's byte order: one array of every age's row, cut per age."""
    count = len(rates)
    width = _FIELD_BYTES * count
    data = array("Q", [cents for row in zip(*rates, strict=True) for cents in row]).tobytes()
    return tuple(
        int.from_bytes(data[start : start + width], sys.byteorder)
        for start in range(0, len(data), width)
    )


def _unpack(packed: int, count: int) -> list[int]:
    return memoryview(packed.to_bytes(_FIELD_BYTES * count, sys.byteorder)).cast("Q").tolist()


def _silver_cents(silver: tuple[tuple[PlanOffer, bool, bool], ...]) -> _SilverCents | None:
    if not silver:
        return None
    for offer, _, _ in silver:
        rates = offer.rates
        if rates._cents is None or rates.family_tier_rates:
            return None
        if min(rates._cents) < 0 or max(rates._cents) >= _MAX_CENTS:
            return None
        share = offer.ehb_share
        if share < 0 or len(share.as_tuple().digits) > _MAX_SHARE_DIGITS:
            return None
    ordered = sorted(silver, key=lambda item: item[0].plan_id)
    return _SilverCents(
        plan_ids=tuple(o.plan_id for o, _, _ in ordered),
        packed=_pack_by_age([o.rates._cents for o, _, _ in ordered]),
        partial_ehb=tuple(
            (k, *o.ehb_share.as_integer_ratio())
            for k, (o, ehb_is_one, _) in enumerate(ordered)
            if not ehb_is_one
        ),
        without_dental=tuple(k for k, (_, _, dental) in enumerate(ordered) if not dental),
    )


_SPLIT_CACHE: dict[int, _Split] = {}


def _split(offers: Sequence[PlanOffer]) -> _Split:
    """Silver and stand-alone dental offers of a catalog answer, cached by identity (the
    catalog returns the same sequence object for a location)."""
    hit = _SPLIT_CACHE.get(id(offers))
    if hit is not None and hit.offers is offers:
        return hit
    silver = tuple(
        (o, o.ehb_share == _ONE, o.includes_pediatric_dental)
        for o in offers
        if o.metal_level == "silver"
    )
    dental = tuple(o for o in offers if o.metal_level == "dental")
    split = _Split(offers=offers, silver=silver, dental=dental, cents=_silver_cents(silver))
    if len(_SPLIT_CACHE) > 8192:  # a state's places, every year: more than 512 at scale
        _SPLIT_CACHE.clear()
    _SPLIT_CACHE[id(offers)] = split
    return split


def _ehb_cents(cents: int, numerator: int, denominator: int) -> int:
    """EHB portion of a premium of ``cents`` for an EHB share of ``numerator /
    denominator``, rounded half-up to a cent (26 CFR 1.36B-3(j)(1)); exact integer
    arithmetic, equal to ``(premium * ehb_share).quantize(CENT, ROUND_HALF_UP)``."""
    return (2 * cents * numerator + denominator) // (2 * denominator)


def _second_lowest_position(totals: list[int]) -> int:
    """Position of the second-lowest total, ties going to the earlier position (the
    plans are in plan-id order): the same plan as sorting (premium, plan id) pairs."""
    ordered = sorted(totals)
    value = ordered[1] if len(ordered) > 1 else ordered[0]
    first = totals.index(value)
    if len(ordered) > 1 and value == ordered[0]:
        return totals.index(value, first + 1)
    return first


def slcsp(
    offers: Sequence[PlanOffer], members: Sequence[Any], state: str, year: int
) -> Benchmark | None:
    """Benchmark EHB premium per month for ``members`` among ``offers`` (None if no silver
    plan is offered). A single silver plan is its own benchmark."""
    split = _split(offers)
    silver = split.silver
    if not silver or not members:
        return None
    prepared = prepare_members(members, state, year, ignore_tobacco=True)
    kids = [m for m in members if getattr(m, "age", 99) < PEDIATRIC_DENTAL_AGE]
    dental_ehb = Decimal(0)
    if kids and split.dental:
        kid_prep = prepare_members(kids, state, year, ignore_tobacco=True)
        dental_ehb = _second_lowest(
            [
                (premium_prepared(o.rates, kid_prep) * o.ehb_share).quantize(CENT, ROUND_HALF_UP)
                for o in split.dental
            ]
        )
    add_dental = bool(kids) and dental_ehb > 0
    cents = split.cents
    if (
        cents is not None
        and prepared.tier_key is None
        and prepared.tier_factor is None
        and len(prepared.charged) < _MAX_MEMBERS
    ):
        # Whole cents: the same sums as premium_prepared, ranked on exact integers.
        packed = cents.packed
        totals = _unpack(sum([packed[age] for age, _tob in prepared.charged]), len(silver))
        for k, numerator, denominator in cents.partial_ehb:
            totals[k] = _ehb_cents(totals[k], numerator, denominator)
        if add_dental:
            dental_cents = int(dental_ehb.scaleb(2))
            for k in cents.without_dental:
                totals[k] += dental_cents
        k = _second_lowest_position(totals)
        return Benchmark(Decimal(totals[k]).scaleb(-2), cents.plan_ids[k], len(silver), dental_ehb)
    ranked: list[tuple[Decimal, str]] = []
    for offer, ehb_is_one, has_dental in silver:
        premium = premium_prepared(offer.rates, prepared)
        ehb = premium if ehb_is_one else (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)
        if add_dental and not has_dental:
            ehb += dental_ehb
        ranked.append((ehb, offer.plan_id))
    ranked.sort()
    premium, plan_id = ranked[1] if len(ranked) > 1 else ranked[0]
    return Benchmark(premium, plan_id, len(silver), dental_ehb)


_NO_SILVER_PLAN = Message("benchmark.no_silver_plan")
_NOT_COMPUTED = Message("benchmark.not_computed")


class BenchmarkFound(NamedTuple):
    """The benchmark premium for the coverage family (None when it cannot be known), the
    rating area, the catalog's offers when they were read (None otherwise) and the line
    saying where the premium came from."""

    premium: Decimal | None
    rating_area: str | None
    offers: Sequence[PlanOffer] | None
    reason: Message


def benchmark_for(
    household: Household, catalog: Catalog | None, members: list[Person]
) -> BenchmarkFound:
    """The monthly benchmark premium for the coverage family: the input's, or the second
    lowest cost silver plan from the catalog (IRC 36B(b)(3)(B); 26 CFR 1.36B-3(f)); the
    rating area the input names, else the catalog's for the location."""
    rating_area = household.rating_area
    given = household.benchmark_premium
    if given is not None:
        reason = Message("benchmark.given", {"benchmark": given})
        return BenchmarkFound(given, rating_area, None, reason)  # field order
    if catalog is None:
        return BenchmarkFound(None, rating_area, None, _NOT_COMPUTED)
    year, state = household.year, household.state
    offers = catalog.plans_for_location(year, state, household.countyfips, household.zipcode)
    if rating_area is None:
        rating_area = catalog.rating_area(year, state, household.countyfips, household.zipcode)
    bench = slcsp(offers, members, state, year)
    if bench is None:
        return BenchmarkFound(None, rating_area, offers, _NO_SILVER_PLAN)
    reason = Message(
        "benchmark.slcsp",
        {"plan_id": bench.plan_id, "members": len(members), "benchmark": bench.premium},
    )
    return BenchmarkFound(bench.premium, rating_area, offers, reason)
