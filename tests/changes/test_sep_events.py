"""The qualifying events of 45 CFR 155.420(d)(4), (d)(5), (d)(8), (d)(10) and (d)(12): a
caseworker grants the casework ones from the grant page with the reason recorded; the
screener offers the ones a person reports themselves, in English and Spanish."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.changes.models import SpecialEnrollmentPeriod
from tests.staff import caseworker

pytestmark = pytest.mark.django_db


def _follow(client, page: str, text_part: str) -> str:
    """The first link on `page` whose address contains `text_part`."""
    html = client.get(page).content.decode()
    for href in re.findall(r'href="([^"]+)"', html):
        if text_part in href:
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link with {text_part!r} on {page}")


CASEWORK = (
    "exchange_error",
    "plan_violated_contract",
    "non_exchange_entity_error",
    "plan_information_error",
)
SELF_REPORTED = ("american_indian_alaska_native", "domestic_abuse_or_abandonment")


def test_the_grant_page_offers_every_casework_event_and_no_other(client, okafor):
    _, application, _ = okafor
    caseworker(client)
    grant = _follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    html = client.get(grant).content.decode()
    for code in (*CASEWORK, "exceptional_circumstances"):
        assert f'value="{code}"' in html
    for code in SELF_REPORTED:
        assert f'value="{code}"' not in html


def test_a_caseworker_grants_a_period_for_an_agents_error_with_the_reason(client, okafor):
    _, application, _ = okafor
    carla = caseworker(client)
    grant = _follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    answer = client.post(
        grant,
        {
            "event": "non_exchange_entity_error",
            "event_date": "2026-04-05",
            "reason": "Broker enrolled the wrong plan",
        },
    )
    assert answer.status_code == 302
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert period.event == "non_exchange_entity_error"
    assert period.granted_by == carla and period.reason == "Broker enrolled the wrong plan"
    assert str(period.closes) == "2026-06-04"
    audit = AuditEvent.objects.get(action="sep.granted")
    assert audit.detail["event"] == "non_exchange_entity_error"


def test_a_caseworker_cannot_grant_a_self_reported_event(client, okafor):
    _, application, _ = okafor
    caseworker(client)
    grant = _follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    answer = client.post(
        grant,
        {"event": "domestic_abuse_or_abandonment", "event_date": "2026-04-05", "reason": "x"},
    )
    assert answer.status_code == 400
    assert not SpecialEnrollmentPeriod.objects.exists()


def test_the_screener_offers_the_self_reported_events_only(client):
    html = client.get("/changes/periods/").content.decode()
    for code in SELF_REPORTED:
        assert f'value="{code}"' in html
    for code in CASEWORK:
        assert f'value="{code}"' not in html


def test_an_american_indian_has_a_period_to_the_end_of_the_month(client, settings):
    settings.MARKETPLACE_TODAY = date(2026, 4, 10)
    page = client.post(
        "/changes/periods/",
        {"event": "american_indian_alaska_native", "event_date": "2026-04-10"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "45 CFR 155.420(d)(8)" in html
    assert "April 10, 2026 to April 30, 2026" in html and "May 1, 2026" in html


def test_the_new_events_are_named_in_spanish(client):
    client.cookies["marketplace_language"] = "es"
    html = client.get("/changes/periods/").content.decode()
    assert "Indígena americano o nativo de Alaska" in html
    assert "violencia doméstica" in html
