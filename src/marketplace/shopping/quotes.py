"""Prices and savings for one household: the figures every shopping page and API call shows.

Everything here goes through the same `aca_rules` functions as `marketplace estimate`:
`parse_household` + `determine` for the savings, `plan_premium` for each plan's premium and
`applied_aptc` for the credit applied to a plan (never more than its EHB premium).

Estimated total yearly cost (docs/adr/0400-shopping-and-api.md) is deliberately simple:
12 x the premium after the credit, plus the expected out-of-pocket cost of each enrolled
person for a use level (allowed charges of $500 low, $4,000 medium, $20,000 high a year),
which is the deductible, then a coinsurance share by metal level (CSR variant when there
is one), capped at the person's out-of-pocket maximum and the family's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from aca_rules import InputError, determination_to_dict, determine
from aca_rules import parse_household as rules_parse_household
from aca_rules.aptc import applied_aptc
from aca_rules.rating import PreparedMembers, premium_prepared, prepare_members
from marketplace.catalog import summary
from marketplace.catalog.models import Plan
from marketplace.catalog.pricing import catalog as database_catalog
from marketplace.catalog.versioning import current_version, versioned_cache
from marketplace.shopping.household import HouseholdQuery
from marketplace.shopping.plan_data import PlanInfo, VariantInfo, plan_infos

CENT = Decimal("0.01")
DOLLAR = Decimal("1")
ZERO = Decimal("0")
#: Rendered pages, cards and encoded plans kept per cached estimate, at most.
MAX_FRAGMENTS = 400

#: Household CSR level -> the plan variant (45 CFR 156.420; CMS 834 Companion Guide 6.1).
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


class ShoppingError(Exception):
    """The household cannot be priced; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class PlanQuote:
    """One plan priced for one household."""

    info: PlanInfo
    variant: VariantInfo | None
    premium: Decimal
    ehb_premium: Decimal
    aptc_applied: Decimal
    premium_after_credit: Decimal
    deductible: Decimal | None
    moop: Decimal | None
    yearly_costs: dict[str, Decimal]

    @property
    def plan_id(self) -> str:
        return self.info.plan_id

    @property
    def variant_id(self) -> str:
        """The 16-character plan id with the variant the household would get."""
        return f"{self.info.plan_id}-{self.variant.variant if self.variant else '01'}"


@dataclass(frozen=True)
class Estimate:
    """The savings and the priced plans of one household at one place."""

    household: HouseholdQuery
    state: str
    year: int
    determination: object
    result: dict
    enrollees: tuple[dict, ...]
    priced_for_all_seekers: bool
    quotes: tuple[PlanQuote, ...]
    #: Rendered HTML of plan cards, by (language, plan id, checked): an estimate is cached,
    #: so paging, filtering and re-sorting the same household's plans reuse them.
    fragments: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def aptc(self) -> Decimal:
        return self.determination.aptc or ZERO

    def remember(self, key, value):
        """Keep `value` in `fragments` (emptied when it grows past MAX_FRAGMENTS)."""
        if len(self.fragments) >= MAX_FRAGMENTS:
            self.fragments.clear()
        self.fragments[key] = value
        return value

    def quote(self, plan_id: str) -> PlanQuote | None:
        base = plan_id[:14]
        for quote in self.quotes:
            if quote.plan_id == base:
                return quote
        return None


_years: dict = versioned_cache()


def plan_year() -> int:
    """The plan year on offer for this deployment's state today (it follows the clock)."""
    return summary.current_plan_year(settings.MARKETPLACE_STATE)


def catalog_years() -> list[int]:
    """Every plan year in the catalog for this deployment's state (cached)."""
    state = settings.MARKETPLACE_STATE
    current_version()
    key = ("years", state)
    if key not in _years:
        _years[key] = sorted(set(Plan.objects.filter(state=state).values_list("year", flat=True)))
    return _years[key]


def variant_code(csr: str | None, metal_level: str) -> str:
    """The CSR variant a household with level `csr` gets on a plan of `metal_level`."""
    if metal_level == "catastrophic":
        return "01"
    if csr in AIAN_VARIANTS:
        return AIAN_VARIANTS[csr]
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


def price_plan(
    info: PlanInfo,
    offer,
    members: list[dict],
    prepared: PreparedMembers,
    aptc: Decimal,
    csr: str | None,
) -> PlanQuote:
    """One plan's monthly premium, credit, cost sharing and yearly costs.

    `prepared` is `aca_rules.rating.prepare_members(members, state, year)`, done once per
    household: `premium_prepared(rates, prepared)` is exactly `plan_premium(...)`.
    """
    premium = premium_prepared(offer.rates, prepared)
    ehb_premium = (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)
    credit = ZERO if info.metal_level == "catastrophic" else applied_aptc(aptc, ehb_premium)
    credit = min(credit, premium)
    net = premium - credit
    variant = info.variant_for(variant_code(csr, info.metal_level))
    count = len(members)
    family = count > 1
    deductible = moop = None
    if variant is not None:
        deductible = variant.deductible_family if family else variant.deductible_individual
        moop = variant.moop_family if family else variant.moop_individual
    yearly = {
        level: (
            net * 12 + expected_out_of_pocket(variant, info.metal_level, count, spend)
        ).quantize(DOLLAR, ROUND_HALF_UP)
        for level, spend in USE_LEVELS.items()
    }
    return PlanQuote(
        info=info,
        variant=variant,
        premium=premium,
        ehb_premium=ehb_premium,
        aptc_applied=credit,
        premium_after_credit=net,
        deductible=deductible,
        moop=moop,
        yearly_costs=yearly,
    )


def _enrollees(people: list[dict], det) -> tuple[list[dict], bool]:
    """Who the plan prices cover: people seeking coverage who can enroll in a plan and are
    not eligible for Medicaid/CHIP; when that leaves nobody, everyone seeking coverage."""
    seekers = [p for p in people if p.get("seeking_coverage", True)]
    enrolling = [
        p
        for p, m in zip(people, det.members, strict=True)
        if p.get("seeking_coverage", True) and m.qhp and not (m.medicaid or m.chip)
    ]
    if enrolling:
        return enrolling, False
    return seekers, True


#: Recent estimates by (state, year, household), emptied when a catalog import lands.
_estimates: dict = versioned_cache()
_estimates_lock = threading.Lock()
ESTIMATE_CACHE_SIZE = 256


def estimate_for(
    household: HouseholdQuery, *, state: str | None = None, year: int | None = None
) -> Estimate:
    """Determine the savings and price every plan at the household's place.

    Raises :class:`ShoppingError` naming the field when the household cannot be priced
    (no plans in the catalog, a year the rules do not cover).
    """
    state = state or settings.MARKETPLACE_STATE
    year = household.year or year or plan_year()
    if not year:
        raise ShoppingError({"year": "No plans are loaded for this state yet."})
    key = (state, year, household)
    current_version()
    found = _estimates.get(key)
    if found is not None:
        return found
    estimate = compute_estimate(household, state, year)
    with _estimates_lock:
        while len(_estimates) >= ESTIMATE_CACHE_SIZE:
            _estimates.pop(next(iter(_estimates)), None)
        _estimates[key] = estimate
    return estimate


def clear_cache() -> None:
    """Forget every cached estimate and plan year (tests)."""
    with _estimates_lock:
        _estimates.clear()
    _years.clear()


def compute_estimate(household: HouseholdQuery, state: str, year: int) -> Estimate:
    """`estimate_for` without the cache."""
    data = household.estimate_input(state, year)
    try:
        parsed = rules_parse_household(data)
    except InputError as error:
        raise ShoppingError({k: str(v) for k, v in error.errors.items()}) from error
    catalog = database_catalog
    try:
        det = determine(parsed, catalog=catalog)
    except ValueError as error:  # unknown year or state in the rules' parameters
        raise ShoppingError({"year": str(error)}) from error
    enrollees, for_all = _enrollees(data["people"], det)
    aptc = ZERO if for_all else (det.aptc or ZERO)
    infos = plan_infos(state, year)
    offers = catalog.plans_for_location(year, state, household.countyfips, household.zipcode)
    prepared = prepare_members(enrollees, state, year)
    quotes = []
    for offer in offers:
        info = infos.get(offer.plan_id[:14])
        if info is None:
            continue
        quotes.append(price_plan(info, offer, enrollees, prepared, aptc, det.csr))
    return Estimate(
        household=household,
        state=state,
        year=year,
        determination=det,
        result=determination_to_dict(det),
        enrollees=tuple(enrollees),
        priced_for_all_seekers=for_all,
        quotes=tuple(quotes),
    )
