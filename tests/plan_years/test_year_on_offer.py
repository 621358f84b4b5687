"""The plan year on offer follows the clock (core/plan_year.py; docs/adr/0006): during the
open enrollment period for next year the home page, the shopping pages, the API and new
applications offer next year; the rest of the year, this year. This year's plans stay in
reach for someone with a special enrollment period. MARKETPLACE_PLAN_YEAR overrides it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from tests.applications.conftest import make_user
from tests.shopping.support import GARCIAS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "year", "says"),
    [
        (date(2026, 10, 31), 2026, "The next one, for 2027 coverage, opens on Nov. 1, 2026."),
        (
            date(2026, 12, 2),
            2027,
            "Open enrollment for 2027 coverage runs from Nov. 1, 2026 to Dec. 31, 2026.",
        ),
        (date(2027, 1, 1), 2027, "The next one, for 2028 coverage, opens on Nov. 1, 2027."),
    ],
)
def test_the_home_page_offers_the_year_the_clock_puts_on_offer(client, settings, today, year, says):
    settings.MARKETPLACE_TODAY = today
    body = client.get("/").content.decode()
    assert f"See real {year} plans and prices" in body
    assert says in body


def test_on_demo_day_the_home_page_says_choose_by_december_31_for_january_1(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    body = client.get("/").content.decode()
    assert "Choose a plan by Dec. 31, 2026 for coverage from January 1, 2027." in body


def test_the_deployment_can_fix_the_plan_year(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    settings.MARKETPLACE_PLAN_YEAR = 2025
    assert "See real 2025 plans and prices" in client.get("/").content.decode()


def test_the_api_reports_the_year_on_offer(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    answer = client.get("/api/v1/market-years").json()
    assert answer == {"years": [2025, 2026, 2027], "current": 2027}
    settings.MARKETPLACE_TODAY = date(2026, 10, 31)
    assert client.get("/api/v1/market-years").json()["current"] == 2026


def test_an_application_started_in_open_enrollment_is_for_next_year(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    client.force_login(make_user("ana@example.org"))
    client.post(reverse("applications:start"))
    assert Application.objects.get().coverage_year == 2027


def test_a_draft_begun_before_open_enrollment_moves_to_next_year_when_it_opens(client, settings):
    """Ana starts in October (2026 is on offer) and comes back on November 2."""
    ana = make_user("ana@example.org")
    client.force_login(ana)
    settings.MARKETPLACE_TODAY = date(2026, 10, 15)
    client.post(reverse("applications:start"))
    assert Application.objects.get().coverage_year == 2026
    settings.MARKETPLACE_TODAY = date(2026, 11, 2)
    client.post(reverse("applications:start"))
    application = Application.objects.get()
    assert application.coverage_year == 2027
    changed = AuditEvent.objects.get(action="application.coverage_year_changed")
    assert (changed.detail["before"], changed.detail["after"]) == (2026, 2027)


def test_shopping_in_open_enrollment_keeps_this_years_plans_in_reach(client, settings):
    """1 December 2025: 2026 is on offer; the Garcias can still see 2025's plans (someone
    with a special enrollment period for the rest of 2025), and get back to 2026."""
    settings.MARKETPLACE_TODAY = date(2025, 12, 1)
    page = client.get(reverse("shopping:estimate") + "?" + urlencode(GARCIAS))
    body = page.content.decode()
    assert page.context["estimate"].year == 2026
    assert "Prices for 2026 coverage." in body
    assert "Need coverage for the rest of 2025, with a special enrollment period?" in body
    earlier = reverse("shopping:estimate") + "?" + urlencode([*GARCIAS, ("year", "2025")])
    assert earlier.replace("&", "&amp;") in body
    back = client.get(earlier)
    assert back.context["estimate"].year == 2025
    assert "Prices for 2025 coverage." in back.content.decode()
    assert "See 2026 plans" in back.content.decode()


def test_a_determination_shows_its_decided_on_time_in_eastern_time(client, settings, monkeypatch):
    """Decided at 15:30 UTC on 1 December 2025: 10:30 a.m. in Boston (EST), in both
    languages (Massachusetts keeps America/New_York, core/time_zones.py)."""
    from datetime import UTC, datetime

    from django.utils import timezone

    from marketplace.applications import actions, seeding
    from tests.applications.conftest import garcias

    settings.MARKETPLACE_TODAY = None  # the real clock, stopped at one instant
    instant = datetime(2025, 12, 1, 15, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    maria = make_user("maria@example.org")
    application = actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    application.refresh_from_db()
    determination = actions.submit_application(application, maria, None)
    assert determination.created_at == instant
    client.force_login(maria)
    url = reverse("applications:result", args=[application.public_id, determination.public_id])
    english = client.get(url).content.decode()
    assert "Decided on Dec. 1, 2025, 10:30 a.m." in english and "3:30 p.m." not in english
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    spanish = client.get(url).content.decode()
    assert "1 de diciembre de 2025 a las 10:30" in spanish


def test_on_demo_day_shopping_offers_2027_and_keeps_2026_in_reach(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    page = client.get(reverse("shopping:estimate") + "?" + urlencode(GARCIAS))
    assert page.context["estimate"].year == 2027
    body = page.content.decode()
    assert "Prices for 2027 coverage." in body
    assert "Need coverage for the rest of 2026, with a special enrollment period?" in body
