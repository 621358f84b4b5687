"""The home page, the health check and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

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


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _error(request, status: int, template: str):
    return render(request, template, {"status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


def forbidden(request, exception=None):
    return _error(request, 403, "errors/403.html")


def not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def server_error(request):
    return _error(request, 500, "errors/500.html")
