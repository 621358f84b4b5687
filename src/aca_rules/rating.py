"""Premium rating rules (45 CFR 147.102).

Premiums may vary only by family size, rating area, age (3:1 for adults) and tobacco use
(1.5:1). A family's premium is the sum of its members' premiums, charging at most the three
oldest covered children under 21 (45 CFR 147.102(c)(1)). In community-rated family-tier
states (NY, VT) the premium is a tier amount (45 CFR 147.102(c)(2)).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from aca_rules import parameters as P
from aca_rules.catalog import PlanOffer, RateTable
from aca_rules.household import Person

CENT = Decimal("0.01")
ADULT_RELATIONSHIPS = ("self", "spouse")


@dataclass(frozen=True, slots=True)
class RatingRules:
    """The rating rules of one state and year, resolved from parameters."""

    state: str
    tobacco_allowed: bool
    tobacco_min_age: int
    max_children: int
    child_age_limit: int
    tier: dict | None


@lru_cache(maxsize=512)
def rating_rules(state: str, year: int) -> RatingRules:
    """Rating rules for ``state`` in coverage ``year`` (45 CFR 147.102(a), (c))."""
    tier_param = P.parameters()["family_tier_states"]
    tier = P.get("family_tier_states", year, state) if tier_param.has_state(state) else None
    prohibited = P.get("tobacco_rating_prohibited", year)
    return RatingRules(
        state=state,
        tobacco_allowed=tier is None and state not in prohibited,
        tobacco_min_age=int(P.get("tobacco_min_age", year)),
        max_children=int(P.get("max_rated_children", year)),
        child_age_limit=int(P.get("child_age_limit", year)),
        tier=tier,
    )


@lru_cache(maxsize=256)
def age_curve(state: str, year: int) -> tuple[Decimal, ...]:
    """Age factors 0..64 for ``state``: its own CMS curve or the federal default.

    45 CFR 147.102(e); CMS "State Specific Age Curve Variations". Family-tier states are
    community rated, so every age has factor 1.
    """
    if rating_rules(state, year).tier is not None:
        return tuple(Decimal(1) for _ in range(65))
    param = P.parameters()["age_curves"]
    key = state if param.has_state(state) else "default"
    table = P.get("age_curves", year, key)
    return tuple(table[a] for a in range(65))


def rate_table_from_base(
    base_age_21: Decimal, state: str, year: int, tobacco_ratio: Decimal | None = None
) -> RateTable:
    """Build a RateTable from an age-21 base rate with the state's age curve (cents)."""
    curve = age_curve(state, year)
    f21 = curve[21]
    rates = {a: (base_age_21 * curve[a] / f21).quantize(CENT, ROUND_HALF_UP) for a in range(65)}
    tob = None
    if tobacco_ratio is not None:
        tob = {a: (r * tobacco_ratio).quantize(CENT, ROUND_HALF_UP) for a, r in rates.items()}
    return RateTable(age_rates=rates, tobacco_rates=tob)


def _attr(member: Any, name: str, default: Any = None) -> Any:
    if member.__class__ is dict:
        return member.get(name, default)
    return getattr(member, name, default)


@dataclass(frozen=True, slots=True)
class PreparedMembers:
    """Members reduced to what the premium depends on, computed once per household."""

    charged: tuple[tuple[int, bool], ...]  # (age 0..64, use tobacco rate) for age rating
    tier_key: str | None
    tier_factor: Decimal | None
    extra_adults: int
    rider: Decimal | None
    child_only: int


def prepare_members(
    members: Iterable[Any], state: str, year: int, ignore_tobacco: bool = False
) -> PreparedMembers:
    """Apply the 3-oldest-children and tobacco rules (45 CFR 147.102(a)(1)(iv), (c)(1))."""
    key = tuple(
        [
            # (age, tobacco user, relationship): what a member's premium depends on.
            (int(m.age), bool(m.tobacco) and not ignore_tobacco, m.relationship)
            if m.__class__ is Person
            else _rating_facts(m, ignore_tobacco)
            for m in members
        ]
    )
    return _prepare(key, state, year)


def _rating_facts(member: Any, ignore_tobacco: bool) -> tuple[int, bool, str]:
    """(age, tobacco user, relationship) of a member given as a dict or another object."""
    return (
        int(_attr(member, "age")),
        bool(_attr(member, "tobacco", False)) and not ignore_tobacco,
        _attr(member, "relationship", "self"),
    )


@lru_cache(maxsize=4096)
def _prepare(people: tuple[tuple[int, bool, str], ...], state: str, year: int) -> PreparedMembers:
    rules = rating_rules(state, year)
    if rules.tier is not None:
        return _prepare_tier(list(people), rules.tier)
    limit = rules.child_age_limit

    def is_child(p: tuple[int, bool, str]) -> bool:
        return p[2] not in ADULT_RELATIONSHIPS and p[0] < limit

    children = sorted((p for p in people if is_child(p)), key=lambda p: -p[0])
    others = [p for p in people if not is_child(p)]
    charged = []
    for age, tobacco, _rel in others + children[: rules.max_children]:
        use_tob = tobacco and rules.tobacco_allowed and age >= rules.tobacco_min_age
        charged.append((min(max(age, 0), 64), use_tob))
    return PreparedMembers(tuple(charged), None, None, 0, None, 0)


def _prepare_tier(people: list[tuple[int, bool, str]], tier: dict) -> PreparedMembers:
    """Family tier (NY, VT): adults, dependent children, older dependents as extra adults."""
    child_max = int(tier["dependent_child_max_age"])
    rider_max = tier.get("adult_dependent_rider_max_age")
    adults = sum(1 for p in people if p[2] in ADULT_RELATIONSHIPS)
    deps = [p for p in people if p[2] not in ADULT_RELATIONSHIPS]
    kids = [p for p in deps if p[0] <= child_max]
    rider_kids = [p for p in deps if rider_max is not None and child_max < p[0] <= int(rider_max)]
    extra = len(deps) - len(kids) - len(rider_kids)
    n_kids = len(kids) + len(rider_kids)
    rider = Decimal(tier["adult_dependent_rider_factor"]) if rider_kids else None
    if adults == 0:
        if not deps:
            return PreparedMembers((), None, None, 0, None, 0)
        if tier.get("child_only") is not None and extra == 0:
            return PreparedMembers((), None, Decimal(tier["child_only"]), 0, None, n_kids)
        # The oldest dependent is the primary subscriber.
        adults, n_kids = 1, n_kids - 1 if n_kids else 0
        extra = max(extra - (0 if n_kids or kids or rider_kids else 1), 0)
    adults = min(adults, 2)
    prefix = "couple" if adults == 2 else "primary"
    if n_kids == 0:
        key = "couple" if adults == 2 else "individual"
        factor = Decimal(tier[key])
    else:
        key = {1: f"{prefix}_one_dependent", 2: f"{prefix}_two_dependents"}.get(
            n_kids, f"{prefix}_three_or_more"
        )
        factor = Decimal(tier[f"{prefix}_dependents"])
    return PreparedMembers((), key, factor, extra, rider, 0)


def premium_prepared(rates: RateTable, prepared: PreparedMembers) -> Decimal:
    """Monthly premium of one plan for prepared members, rounded to cents."""
    if prepared.tier_key is None and prepared.tier_factor is None:
        cents = rates._cents
        tob_cents = rates._tob_cents
        if cents is not None and (tob_cents is not None or rates._tob_by_age is None):
            # Whole-cent rates: sum integers (45 CFR 147.102(c)(1) sum of members).
            total_c = 0
            for age, use_tob in prepared.charged:
                total_c += tob_cents[age] if (use_tob and tob_cents is not None) else cents[age]
            return Decimal(total_c).scaleb(-2)
        by_age = rates._by_age
        tob = rates._tob_by_age
        total = Decimal(0)
        for age, use_tob in prepared.charged:
            total += tob[age] if (use_tob and tob is not None) else by_age[age]
        return total.quantize(CENT, ROUND_HALF_UP)
    single = rates.family_tier_rates.get("individual") if rates.family_tier_rates else None
    if single is None:
        single = rates.rate(21)
    if prepared.tier_key is None:  # child-only policy
        amount = single * prepared.tier_factor * prepared.child_only
    else:
        filed = rates.family_tier_rates.get(prepared.tier_key) if rates.family_tier_rates else None
        amount = Decimal(filed) if filed is not None else single * prepared.tier_factor
        if prepared.rider is not None:
            amount *= prepared.rider
        amount += single * prepared.extra_adults
    return amount.quantize(CENT, ROUND_HALF_UP)


def plan_premium(
    offer_or_rates: PlanOffer | RateTable,
    members: Sequence[Any],
    state: str,
    year: int,
    ignore_tobacco: bool = False,
) -> Decimal:
    """Monthly premium of one plan for ``members`` (45 CFR 147.102).

    Each member has ``age``, ``tobacco`` and ``relationship`` (attributes or dict keys).
    Sum of members' rates; only the 3 oldest children under 21 are charged; tobacco rate
    for tobacco users 21+ where the state allows tobacco rating; family tiers in NY and VT.
    """
    rates = offer_or_rates.rates if isinstance(offer_or_rates, PlanOffer) else offer_or_rates
    return premium_prepared(rates, prepare_members(members, state, year, ignore_tobacco))
