"""The home page: the plan year on offer, its catalog and the way into window shopping."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from marketplace.catalog import summary
from marketplace.core import plan_year


def home(request):
    year = summary.current_plan_year(settings.MARKETPLACE_STATE)
    catalog = summary.catalog_summary(settings.MARKETPLACE_STATE, year)
    context = {
        "plan_year": year,
        "catalog": catalog if catalog["plans"] else None,
        "enrollment": plan_year.enrollment_status(year),
        "shopping_ready": True,  # window shopping (issue 4) is served at /shop/
    }
    return render(request, "core/home.html", context)
