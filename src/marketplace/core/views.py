"""The health check and the error pages."""

from __future__ import annotations

from django.db import connection, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


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
    # A request whose database connection died under it (a database restart or failover,
    # a connection ended by the server) still gets the error page in its language: the dead
    # connection is dropped first, so the page's own queries (the session, the person signed
    # in) open a new one instead of failing again (docs/load-testing.md, "Faults").
    for each in connections.all(initialized_only=True):
        each.close_if_unusable_or_obsolete()
    return _error(request, 500, "errors/500.html")
