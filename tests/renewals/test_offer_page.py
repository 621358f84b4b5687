"""The renewed person finds the offer from the dashboard and acts on it through links only,
in English and in Spanish."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings

from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, renew, single

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize(
    ("language", "heading", "how", "choose", "end"),
    [
        (
            "en",
            "My renewal",
            "How we figured your savings",
            "Choose a different plan",
            "End my coverage for 2027",
        ),
        (
            "es",
            "Mi renovación",
            "Cómo calculamos sus ahorros",
            "Elegir otro plan",
            "Terminar mi cobertura de 2027",
        ),
    ],
)
def test_offer_from_the_dashboard(client, settings, language, heading, how, choose, end):
    user, before = enrolled(single("Sam", 30, 31800), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    renewal = Renewal.objects.get(previous=before)
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    dashboard = client.get("/apply/").content.decode()
    assert "/renewal/" in _links(dashboard)
    page = client.get("/renewal/")
    assert page.status_code == 200
    html = page.content.decode()
    assert heading in html and how in html and choose in html and end in html
    nxt = renewal.detail["next"]
    assert nxt["plan_name"] in html and f"${nxt['net']}" in html
    facts = renewal.detail["eligibility"]
    # the arithmetic: benchmark - monthly contribution = the most credit
    assert f"${facts['benchmark_premium']} - ${facts['monthly_contribution']} = " in html
    for link in _links(html):
        if link.startswith(("/enroll/", "/apply/")):
            assert client.get(link).status_code == 200, link
    assert f"/enroll/{renewal.determination.public_id}/" in _links(html)
    assert f"/enroll/coverage/{renewal.enrollment.public_id}/end/" in _links(html)


def test_no_renewal_yet(client, settings):
    user, _ = enrolled(single("Tom", 30, 30000), by_name("Standard Silver"))
    client.force_login(user)
    html = client.get("/renewal/").content.decode()
    assert "There is no renewal for you yet" in html
