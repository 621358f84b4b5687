"""Filters, sorts and pagination over a household's priced plans (pages and API alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from marketplace.catalog.plan_prices import PlanQuote
from marketplace.shopping.household import parse_money

METAL_LEVELS = ("catastrophic", "expanded_bronze", "bronze", "silver", "gold", "platinum")
PLAN_TYPES = ("HMO", "PPO", "EPO", "POS", "Indemnity")
SORTS = ("premium", "deductible", "total_costs", "quality_rating")
USE_LEVEL_NAMES = ("low", "medium", "high")
PAGE_SIZE = 20
MAX_LIMIT = 100
FAR = Decimal("1e12")


@dataclass
class PlanFilter:
    """What the shopper narrowed the list to; empty means "any"."""

    metal_levels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    premium_min: Decimal | None = None
    premium_max: Decimal | None = None
    deductible_min: Decimal | None = None
    deductible_max: Decimal | None = None
    hsa: bool = False
    standardized: bool = False

    def matches(self, quote: PlanQuote) -> bool:
        info = quote.info
        if self.metal_levels and info.metal_level not in self.metal_levels:
            return False
        if self.types and info.plan_type not in self.types:
            return False
        if self.issuers and not (
            info.issuer_id in self.issuers or info.issuer_name in self.issuers
        ):
            return False
        if self.hsa and not info.hsa_eligible:
            return False
        if self.standardized and not info.standardized:
            return False
        net = quote.premium_after_credit
        if self.premium_min is not None and net < self.premium_min:
            return False
        if self.premium_max is not None and net > self.premium_max:
            return False
        deductible = quote.deductible if quote.deductible is not None else Decimal(0)
        if self.deductible_min is not None and deductible < self.deductible_min:
            return False
        return not (self.deductible_max is not None and deductible > self.deductible_max)


def sort_key(sort: str, use_level: str = "medium"):
    """The key for `sort`; ties broken by premium after credit, then plan id."""
    if sort == "deductible":
        return lambda q: (
            q.deductible if q.deductible is not None else FAR,
            q.premium_after_credit,
            q.plan_id,
        )
    if sort == "total_costs":
        return lambda q: (q.yearly_costs[use_level], q.premium_after_credit, q.plan_id)
    if sort == "quality_rating":
        # Best rated first; unrated plans last.
        return lambda q: (-(q.info.quality_rating or 0), q.premium_after_credit, q.plan_id)
    return lambda q: (q.premium_after_credit, q.premium, q.plan_id)


def search(
    quotes,
    plan_filter: PlanFilter,
    sort: str = "premium",
    order: str = "asc",
    use_level: str = "medium",
) -> list[PlanQuote]:
    """The matching plans in order (`order=desc` reverses the sort)."""
    found = [q for q in quotes if plan_filter.matches(q)]
    found.sort(key=sort_key(sort, use_level), reverse=(order == "desc"))
    return found


@dataclass
class Page:
    """One page of results."""

    items: list
    number: int
    pages: int
    total: int
    size: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.number * self.size, self.total)


def paginate(items: list, number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` (1-based, clamped to the last page) of `items`."""
    total = len(items)
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(items[start : start + size], number, pages, total, size)


FILTER_LABELS = {
    "premium_min": _("Lowest monthly premium"),
    "premium_max": _("Highest monthly premium"),
    "deductible_min": _("Lowest deductible"),
    "deductible_max": _("Highest deductible"),
}


def _money(query, name: str, errors: dict[str, str]) -> Decimal | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    value, problem = parse_money(raw, FILTER_LABELS[name])
    if problem:
        errors[name] = problem
    return value


def filter_from_query(query) -> tuple[PlanFilter, dict[str, str]]:
    """The filter from the plan list's query parameters, and any field errors."""
    errors: dict[str, str] = {}
    plan_filter = PlanFilter(
        metal_levels=[m for m in query.getlist("metal") if m in METAL_LEVELS],
        types=[t for t in query.getlist("type") if t in PLAN_TYPES],
        issuers=[i for i in query.getlist("issuer") if i.isdigit()],
        premium_min=_money(query, "premium_min", errors),
        premium_max=_money(query, "premium_max", errors),
        deductible_min=_money(query, "deductible_min", errors),
        deductible_max=_money(query, "deductible_max", errors),
        hsa=query.get("hsa") == "1",
        standardized=query.get("standardized") == "1",
    )
    for low, high in (("premium_min", "premium_max"), ("deductible_min", "deductible_max")):
        lo, hi = getattr(plan_filter, low), getattr(plan_filter, high)
        if lo is not None and hi is not None and lo > hi:
            errors[high] = _("The highest amount must be at least the lowest amount.")
    return plan_filter, errors
