"""The enrollment pages: determination -> plans -> APTC -> checkout -> confirmation -> My
coverage; owner only; English and Spanish; no JavaScript needed (plain forms)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import make_user
from tests.enrollment.conftest import cheapest_silver, enroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria_client(client, garcia):
    client.force_login(garcia[0])
    return client


def _silver(determination) -> str:
    return cheapest_silver(determination)  # not a ConnectorCare plan


def test_the_whole_journey_from_determination_to_confirmation(maria_client, garcia):
    _, determination = garcia
    plans = maria_client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert plans.status_code == 200
    body = plans.content.decode()
    assert "Maria Garcia" in body and "eligible for CHIP" in body
    plan_id = _silver(determination)
    assert reverse("enrollment:plan", args=[determination.public_id, plan_id]) in body
    page = maria_client.get(reverse("enrollment:plan", args=[determination.public_id, plan_id]))
    assert page.status_code == 200 and 'name="aptc"' in page.content.decode()
    checkout_url = reverse("enrollment:checkout", args=[determination.public_id, plan_id])
    review = maria_client.get(checkout_url, {"aptc": "100"})
    assert review.status_code == 200
    token = review.context["token"]
    form = {"token": token, "aptc": "100", "truthful": "on", "reconcile": "on", "terms": "on"}
    done = maria_client.post(checkout_url, form)
    enrollment = Enrollment.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("enrollment:detail", args=[enrollment.public_id])
    assert enrollment.elected_aptc == Decimal("100.00")
    again = maria_client.post(checkout_url, form)  # the double submit
    assert again["Location"] == done["Location"] and Enrollment.objects.count() == 1
    confirmation = maria_client.get(done["Location"])
    assert "You are enrolled" in confirmation.content.decode()
    mine = maria_client.get(reverse("enrollment:coverage"))
    assert enrollment.plan_name in mine.content.decode()


def test_checkout_without_the_attestations_shows_an_error(maria_client, garcia):
    _, determination = garcia
    url = reverse("enrollment:checkout", args=[determination.public_id, _silver(determination)])
    response = maria_client.post(url, {"token": "x", "aptc": "0", "truthful": "on"})
    assert response.status_code == 400
    assert "check every box" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_another_persons_pages_answer_404(client, garcia, okafor):
    _, determination = garcia
    enrollment = enroll(*garcia)
    client.force_login(okafor[0])
    plan_id = _silver(determination)
    for url in [
        reverse("enrollment:plans", args=[determination.public_id]),
        reverse("enrollment:plan", args=[determination.public_id, plan_id]),
        reverse("enrollment:checkout", args=[determination.public_id, plan_id]),
        reverse("enrollment:detail", args=[enrollment.public_id]),
        reverse("enrollment:end", args=[enrollment.public_id]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("enrollment:change_aptc", args=[enrollment.public_id]), {"aptc": "1"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("enrollment:end", args=[enrollment.public_id]), {"confirm": "on"}
        ).status_code
        == 404
    )
    enrollment.refresh_from_db()
    assert enrollment.status == states.SELECTED


def test_signed_out_people_are_sent_to_sign_in(client, garcia):
    _, determination = garcia
    response = client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert response.status_code == 302


def test_cancel_from_my_coverage(maria_client, garcia):
    enrollment = enroll(*garcia)
    url = reverse("enrollment:end", args=[enrollment.public_id])
    assert "Cancel this enrollment" in maria_client.get(url).content.decode()
    assert maria_client.post(url, {"confirm": "on"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == states.CANCELLED


def test_change_the_tax_credit_from_my_coverage(maria_client, garcia, settings):
    settings.MARKETPLACE_TODAY = date(2026, 2, 10)
    enrollment = enroll(*garcia, aptc=Decimal("0"))
    maria_client.post(
        reverse("enrollment:change_aptc", args=[enrollment.public_id]), {"aptc": "25"}
    )
    enrollment.refresh_from_db()
    assert enrollment.elected_aptc == Decimal("25.00")


def test_the_pages_speak_spanish(maria_client, garcia, settings):
    _, determination = garcia
    maria_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    plans = maria_client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert "Elija un plan de salud" in plans.content.decode()
    enrollment = enroll(*garcia)
    detail = maria_client.get(reverse("enrollment:detail", args=[enrollment.public_id]))
    assert "Usted está inscrito" in detail.content.decode()


def test_the_staff_exception_list_is_staff_only(maria_client):
    assert maria_client.get(reverse("casework:edi_exceptions")).status_code == 404


def test_caseworkers_see_the_exception_list(client, monkeypatch):
    from marketplace.accounts.models import User
    from marketplace.edi.models import EdiException

    EdiException.objects.create(kind="unknown_policy", policy_id="P0000000042", message="no policy")
    worker = make_user("case@example.org", role="caseworker")
    monkeypatch.setattr(User, "mfa_enabled", True, raising=False)
    client.force_login(worker)
    page = client.get(reverse("casework:edi_exceptions"))
    assert page.status_code == 200
    assert "P0000000042" in page.content.decode()


def test_the_confirmation_leads_to_the_confirmation_notice_in_the_messages(maria_client, garcia):
    user, determination = garcia
    enrollment = enroll(user, determination)
    page = maria_client.get(reverse("enrollment:detail", args=[enrollment.public_id]))
    body = page.content.decode()
    assert "You are enrolled" in body
    assert f'href="{reverse("notices:message_center")}" id="read-confirmation"' in body
    messages = maria_client.get(reverse("notices:message_center")).content.decode()
    assert "Enrollment confirmation" in messages


def test_the_tax_credit_amount_takes_what_people_type_and_never_defaults_silently(
    maria_client, garcia
):
    _, determination = garcia
    plan_id = _silver(determination)
    checkout = reverse("enrollment:checkout", args=[determination.public_id, plan_id])
    review = maria_client.get(checkout, {"aptc": "$1,00.5"})  # cannot be read
    assert review.status_code == 302
    page = maria_client.get(review["Location"])
    assert page.status_code == 400
    body = page.content.decode()
    assert "Tax credit per month, in dollars: enter an amount in dollars" in body
    assert 'value="$1,00.5"' in body
    assert maria_client.get(checkout, {"aptc": "$100.50"}).context["priced"].elected_aptc == (
        Decimal("100.50")
    )
    maria_client.cookies["marketplace_language"] = "es"
    spanish = maria_client.get(checkout, {"aptc": "100,50"})
    assert spanish.context["priced"].elected_aptc == Decimal("100.50")
    huge = maria_client.get(checkout, {"aptc": "1e999999"})
    assert huge.status_code == 302  # refused, not a server error


def _link(body: str, url: str) -> str:
    assert f'href="{url}' in body, f"no link to {url}"
    return url


def test_an_enrolled_person_chooses_another_plan_in_open_enrollment(maria_client, garcia):
    """Following links from the dashboard: during open enrollment the plan chosen replaces
    the one the person has (not yet begun: cancelled, its 834 a cancellation)."""
    user, determination = garcia
    first = enroll(user, determination)
    dashboard = maria_client.get(reverse("applications:dashboard")).content.decode()
    plans_url = _link(dashboard, reverse("enrollment:plans", args=[determination.public_id]))
    plans = maria_client.get(plans_url).content.decode()
    assert "You already have a plan for this year." in plans
    other = next(
        q
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level == "gold" and not q.info.state_program
    )
    plan_url = _link(
        plans, reverse("enrollment:plan", args=[determination.public_id, other.plan_id])
    )
    page = maria_client.get(plan_url)
    checkout_url = reverse("enrollment:checkout", args=[determination.public_id, other.plan_id])
    assert f'action="{checkout_url}"' in page.content.decode()
    aptc = str(page.context["priced"].elected_aptc)
    review = maria_client.get(checkout_url, {"aptc": aptc})
    form = {
        "token": review.context["token"],
        "aptc": aptc,
        "truthful": "on",
        "reconcile": "on",
        "terms": "on",
    }
    done = maria_client.post(checkout_url, form)
    assert done.status_code == 302
    second = Enrollment.objects.get(status__in=states.ACTIVE)
    assert second.plan_id.startswith(other.plan_id) and second.pk != first.pk
    first.refresh_from_db()
    assert first.status == states.CANCELLED
    confirmation = maria_client.get(done["Location"]).content.decode()
    assert "You are enrolled" in confirmation
    coverage = maria_client.get(_link(confirmation, reverse("enrollment:coverage")))
    body = coverage.content.decode()
    assert second.plan_name in body and first.plan_name in body
