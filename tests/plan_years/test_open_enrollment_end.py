"""The clock moved across the end of open enrollment, through the pages (core/clock.py;
45 CFR 155.410(e), (f)): the coverage start date the checkout page shows and records, and,
once the period is over, a page that says so, when the next period opens and what a
special enrollment period is, instead of a form that would be refused.

Massachusetts 2026: the Health Connector's period runs to January 23, 2026; a plan chosen by
the 23rd of a month starts on the first of the next month (December 23 -> January 1,
December 24 -> February 1). 2027 (every exchange, 45 CFR 155.410(e)(5)): November 1 to
December 31, 2026, all coverage from January 1, 2027.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import garcias, make_user

pytestmark = pytest.mark.django_db

AGREED = {"truthful": "on", "reconcile": "on", "terms": "on"}


def determined_on(settings, day: date, email="maria@example.org"):
    """Maria Garcia applies and is determined on `day`; returns her and the determination."""
    settings.MARKETPLACE_TODAY = day
    maria = make_user(email)
    application = application_actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    application.refresh_from_db()
    return maria, application_actions.submit_application(application, maria, None)


def checkout_url(determination) -> str:
    silver = next(
        q.plan_id for q in quotes(enrollment_group(determination)) if q.info.metal_level == "silver"
    )
    return reverse("enrollment:checkout", args=[determination.public_id, silver])


def enroll_on(client, settings, url: str, day: date):
    settings.MARKETPLACE_TODAY = day
    page = client.get(url)
    return page, client.post(url, {"token": page.context["token"], **AGREED})


@pytest.mark.parametrize(
    ("day", "shown", "start"),
    [
        (date(2025, 12, 23), "Jan. 1, 2026", date(2026, 1, 1)),  # by the 23rd: next month
        (date(2025, 12, 24), "Feb. 1, 2026", date(2026, 2, 1)),  # after it: the month after
        (date(2026, 1, 23), "Feb. 1, 2026", date(2026, 2, 1)),  # the period's last day
    ],
)
def test_the_checkout_page_shows_and_records_the_start_the_clock_gives(
    client, settings, day, shown, start
):
    maria, determination = determined_on(settings, date(2025, 12, 1))
    client.force_login(maria)
    page, done = enroll_on(client, settings, checkout_url(determination), day)
    assert shown in page.content.decode()
    assert done.status_code == 302
    assert Enrollment.objects.get().coverage_start == start


def test_the_day_after_the_period_ends_the_page_says_it_is_closed_and_what_comes_next(
    client, settings
):
    maria, determination = determined_on(settings, date(2025, 12, 1))
    client.force_login(maria)
    url = checkout_url(determination)
    settings.MARKETPLACE_TODAY = date(2026, 1, 24)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="truthful"' not in body  # nothing to tick that would be refused
    assert "Open enrollment for 2026 coverage is closed" in body
    assert "It ended on Jan. 23, 2026." in body
    assert (
        "The next open enrollment, for 2027 coverage, runs from Nov. 1, 2026 to Dec. 31, 2026."
        in body
    )
    assert "What is a special enrollment period?" in body
    assert reverse("applications:dashboard") in body  # the way on
    refused = client.post(url, {"token": str(uuid.uuid4()), **AGREED})
    assert refused.status_code == 400 and not Enrollment.objects.exists()
    plans = client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert "Open enrollment for 2026 coverage is closed" in plans.content.decode()


def test_the_closed_page_speaks_spanish(client, settings):
    maria, determination = determined_on(settings, date(2025, 12, 1))
    client.force_login(maria)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    settings.MARKETPLACE_TODAY = date(2026, 1, 24)
    body = client.get(checkout_url(determination)).content.decode()
    assert "La inscripción abierta para la cobertura de 2026 está cerrada" in body
    assert "1 de noviembre de 2026" in body and "31 de diciembre de 2026" in body
    assert "¿Qué es un período de inscripción especial?" in body


def test_a_2027_plan_chosen_on_december_31_starts_january_1_and_the_next_day_is_closed(
    client, settings
):
    maria, determination = determined_on(settings, date(2026, 12, 2))
    assert determination.result["year"] == 2027
    client.force_login(maria)
    url = checkout_url(determination)
    settings.MARKETPLACE_TODAY = date(2027, 1, 1)
    closed = client.get(url).content.decode()
    assert "Open enrollment for 2027 coverage is closed" in closed
    assert "for 2028 coverage, runs from Nov. 1, 2027 to Dec. 31, 2027" in closed
    page, done = enroll_on(client, settings, url, date(2026, 12, 31))
    assert "Jan. 1, 2027" in page.content.decode() and done.status_code == 302
    assert Enrollment.objects.get().coverage_start == date(2027, 1, 1)
