"""What the catalog holds for a state and plan year, for the home page and status."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from marketplace.catalog.models import Issuer, Plan, RatingArea


def current_plan_year(state: str) -> int | None:
    """The plan year on offer: MARKETPLACE_PLAN_YEAR, or the latest year in the catalog."""
    if settings.MARKETPLACE_PLAN_YEAR:
        return settings.MARKETPLACE_PLAN_YEAR
    return Plan.objects.filter(state=state).order_by("-year").values_list("year", flat=True).first()


def catalog_summary(state: str, year: int) -> dict:
    key = f"catalog-summary:{state}:{year}"
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
