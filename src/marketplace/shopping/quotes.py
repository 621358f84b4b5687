"""Savings and priced plans for one household: the figures every shopping page and API call shows.

Everything here goes through the same `aca_rules` functions as `marketplace estimate`:
`parse_household` + `determine` for the savings (with the catalog, so a state program's
lowest-cost plan is found there), then `catalog.plan_prices.price_plan` for each plan: the
premium, the APTC applied, the state's help and the cost-sharing variation, the same
function enrollment and the API use (ADR 0801). A state program's own plans are listed only
for the households it covers (`plan_prices.offered_to`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from aca_rules import InputError, determination_to_dict, determine
from aca_rules import parse_household as rules_parse_household
from aca_rules.rating import prepare_members
from marketplace.catalog import plan_prices, summary
from marketplace.catalog.models import Plan
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.plan_prices import (
    AIAN_VARIANTS,
    SILVER_CSR_VARIANTS,
    USE_LEVELS,
    PlanQuote,
    StateHelp,
    cost_sharing,
    expected_out_of_pocket,
    offered_to,
    price_plan,
    priced,
    rated_premium,
    variant_code,
)
from marketplace.catalog.pricing import catalog as database_catalog
from marketplace.catalog.versioning import current_version, versioned_cache
from marketplace.shopping.household import HouseholdQuery

__all__ = [
    "AIAN_VARIANTS",
    "SILVER_CSR_VARIANTS",
    "USE_LEVELS",
    "Estimate",
    "PlanQuote",
    "ShoppingError",
    "estimate_for",
    "expected_out_of_pocket",
    "price_plan",
    "variant_code",
]

ZERO = Decimal("0")
#: Rendered pages, cards and encoded plans kept per cached estimate, at most.
MAX_FRAGMENTS = 400
#: The key of the estimate's determination, as a dict, among its fragments.
RESULT = ("determination as a dict",)


class ShoppingError(Exception):
    """The household cannot be priced; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Estimate:
    """The savings and the priced plans of one household at one place."""

    household: HouseholdQuery
    state: str
    year: int
    determination: object
    enrollees: tuple[dict, ...]
    priced_for_all_seekers: bool
    quotes: tuple[PlanQuote, ...]
    #: Rendered HTML of plan cards, by (language, plan id, checked): an estimate is cached,
    #: so paging, filtering and re-sorting the same household's plans reuse them.
    fragments: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def result(self) -> dict:
        """The determination as `marketplace estimate` prints it, made when first asked
        (a plan search never asks: writing each value's provenance was a tenth of it)."""
        found = self.fragments.get(RESULT)
        if found is None:
            found = self.fragments[RESULT] = determination_to_dict(self.determination)
        return found

    @property
    def aptc(self) -> Decimal:
        return self.determination.aptc or ZERO

    @property
    def state_help(self) -> StateHelp | None:
        """The state program the plan prices include, when the household is in one."""
        if self.priced_for_all_seekers:
            return None
        return StateHelp.from_result(self.state, self.determination.state_subsidy)

    def remember(self, key, value):
        """Keep `value` in `fragments` (emptied when it grows past MAX_FRAGMENTS)."""
        if len(self.fragments) >= MAX_FRAGMENTS:
            result = self.fragments.get(RESULT)
            self.fragments.clear()
            if result is not None:
                self.fragments[RESULT] = result
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
    with _rated_lock:
        _rated.clear()
        _list_priced.clear()
    plan_prices.clear_cache()
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
    state_help = None if for_all else StateHelp.from_result(state, det.state_subsidy)
    quotes = _priced_quotes(household, state, year, enrollees, aptc, det.csr, state_help)
    return Estimate(
        household=household,
        state=state,
        year=year,
        determination=det,
        enrollees=tuple(enrollees),
        priced_for_all_seekers=for_all,
        quotes=tuple(quotes),
    )


#: Each place's plans rated for a household's members: (plan, premium, EHB premium) by
#: (state, year, county, zip code, the members' rating). Catalog data, unchanged while a plan
#: year's import is loaded: households of the same ages at the same place share them,
#: whatever their income (ADR 1702). Emptied when a catalog import lands.
_rated: dict = versioned_cache()
_rated_lock = threading.Lock()
RATED_CACHE_SIZE = 512
#: The same plans priced for households that get no help (no APTC, no state help): they
#: pay the list prices, the same for everyone of those ages and that CSR level at the place.
_list_priced: dict = versioned_cache()
LIST_PRICED_CACHE_SIZE = 256


def _rated_plans(household: HouseholdQuery, state: str, year: int, prepared) -> tuple:
    key = (state, year, household.countyfips, household.zipcode, prepared)
    current_version()
    found = _rated.get(key)
    if found is None:
        infos = plan_infos(state, year)
        offers = database_catalog.plans_for_location(
            year, state, household.countyfips, household.zipcode
        )
        found = tuple(
            (infos[offer.plan_id[:14]], *rated_premium(offer, prepared))
            for offer in offers
            if offer.plan_id[:14] in infos
        )
        _remember(_rated, key, found, RATED_CACHE_SIZE)
    return found


def _remember(cache: dict, key, value, size: int) -> None:
    with _rated_lock:
        while len(cache) >= size:
            cache.pop(next(iter(cache)), None)
        cache[key] = value


def _priced_quotes(
    household: HouseholdQuery,
    state: str,
    year: int,
    enrollees: list[dict],
    aptc: Decimal,
    csr: str | None,
    state_help: StateHelp | None,
) -> tuple[PlanQuote, ...]:
    """Every plan on offer at the household's place that it may buy, priced for it: what
    `price_plan` gives for each (`rated_premium` and `cost_sharing`, then `priced`)."""
    prepared = prepare_members(enrollees, state, year)
    level = state_help.level if state_help is not None else None
    count = len(enrollees)
    key = (state, year, household.countyfips, household.zipcode, prepared, count, csr)
    list_prices = not aptc and state_help is None
    found = _list_priced.get(key) if list_prices else None
    if found is None:
        found = tuple(
            priced(info, premium, ehb, cost_sharing(info, count, csr, level), aptc, state_help)
            for info, premium, ehb in _rated_plans(household, state, year, prepared)
            if offered_to(info, state_help)
        )
        if list_prices:
            _remember(_list_priced, key, found, LIST_PRICED_CACHE_SIZE)
    return found
