"""What the catalog holds for a state and plan year, for the home page and status."""

from __future__ import annotations

from django.core.cache import cache

from marketplace.catalog.models import Issuer, Plan, RatingArea
from marketplace.catalog.versioning import current_version
from marketplace.core import plan_year


def current_plan_year(state: str) -> int:
    """The plan year on offer (core/plan_year.py): MARKETPLACE_PLAN_YEAR, else next year's
    during its open enrollment period and this year's the rest of the year."""
    return plan_year.on_offer(state)


def catalog_summary(state: str, year: int) -> dict:
    version = current_version()  # a new import is a new summary
    key = f"catalog-summary:{state}:{year}:{version[0] if version else 0}"
    found = cache.get(key)
    if found is None:
        plans = Plan.objects.filter(state=state, year=year)
        found = {
            "issuers": Issuer.objects.filter(plans__in=plans).distinct().count(),
            "plans": plans.count(),
            "rating_areas": RatingArea.objects.filter(state=state, year=year).count(),
            "years": sorted(set(Plan.objects.filter(state=state).values_list("year", flat=True))),
            "metal_levels": sorted(set(plans.values_list("metal_level", flat=True))),
        }
        cache.set(key, found, 60)
    return found
