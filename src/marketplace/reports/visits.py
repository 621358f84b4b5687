"""Counting visits, the first stage of the enrollment funnel.

A visit is a browser's first page of the day: a GET for a page (not the API, static files,
health checks or metrics) from a browser without today's `mp_visit` cookie. The cookie holds
only the date, and the count is one row per day (reports.models.DailyVisits), so a visit
is counted without keeping anything about who made it. Browsers that refuse cookies are
counted on every page: the figure is an upper bound, said so on the dashboard.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from marketplace.core import clock
from marketplace.reports.models import DailyVisits

COOKIE = "mp_visit"
NOT_PAGES = ("/static/", "/api/", "/healthz", "/readyz", "/metrics", "/i18n/")


def count_visit(day) -> None:
    if DailyVisits.objects.filter(day=day).update(visits=F("visits") + 1):
        return
    try:
        with transaction.atomic():
            DailyVisits.objects.create(day=day, visits=1)
    except IntegrityError:  # another process created today's row first
        DailyVisits.objects.filter(day=day).update(visits=F("visits") + 1)


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.path.startswith(NOT_PAGES)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            today = clock.today().isoformat()
            if request.COOKIES.get(COOKIE) != today:
                count_visit(clock.today())
                response.set_cookie(COOKIE, today, max_age=24 * 3600, httponly=True, samesite="Lax")
        return response
