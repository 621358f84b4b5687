"""How long the tax data may be used to renew (45 CFR 155.335(k)(1); ADR 0840): chosen on the
signature page (none, or one to five years) and changed, renewed or withdrawn at any time on
"Your tax data and renewals", reached from the dashboard by its link."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.applications import actions, seeding
from marketplace.applications.forms import SignForm
from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from marketplace.renewals import taxdata
from tests.applications.conftest import garcias, make_user

pytestmark = pytest.mark.django_db

SIGNED_ON = date(2025, 12, 1)


@pytest.fixture
def submitted(maria, settings):
    settings.MARKETPLACE_TODAY = SIGNED_ON
    application = actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)  # five years, as paper does
    actions.submit_application(application, maria, None)
    application.refresh_from_db()
    return application


def link(page: str, text: str) -> str:
    found = re.search(r'<a href="([^"]+)">' + re.escape(text) + "</a>", page)
    assert found, f"no link {text!r}"
    return found.group(1)


def test_the_sign_page_asks_for_how_many_years(maria_client, maria, settings):
    settings.MARKETPLACE_TODAY = SIGNED_ON
    application = actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    page = maria_client.get(f"/apply/{application.public_id}/sign/").content.decode()
    assert "May we use your tax data to renew your coverage in the coming years?" in page
    assert 'value="5"' in page and 'value="0"' in page
    response = maria_client.post(
        f"/apply/{application.public_id}/sign/",
        {
            "attest_true": "on",
            "attest_changes": "on",
            "renewal_years": "2",
            "signature_name": "Maria Garcia",
            "submission_token": str(application.submission_token),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.coverage_year == 2026  # the 2026 open enrollment
    assert (application.renewal_years, application.renewal_authorized_through) == (2, 2028)
    assert taxdata.consented(application, 2028) and not taxdata.consented(application, 2029)


def test_nothing_chosen_on_the_sign_page_is_no():
    form = SignForm({"attest_true": "on", "attest_changes": "on", "signature_name": "Maria Garcia"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["renewal_years"] == 0


def test_a_reported_change_keeps_the_choice_for_the_new_signature(maria_client, submitted):
    actions.authorize_tax_data(submitted, years=3)
    maria_client.post(f"/apply/{submitted.public_id}/reopen/")
    page = maria_client.get(f"/apply/{submitted.public_id}/sign/").content.decode()
    assert re.search(r'value="3"[^>]*checked', page), "the choice is shown again"


def test_changed_from_the_dashboard_at_any_time(maria_client, maria, submitted, settings):
    settings.MARKETPLACE_TODAY = date(2026, 3, 10)
    dashboard = maria_client.get("/apply/").content.decode()
    assert "You allow us to use your tax data to renew your coverage through plan year 2031." in (
        dashboard
    )  # signed for 2026, for five years: the renewals for 2027 to 2031
    url = link(dashboard, "Change how we use your tax data")
    page = maria_client.get(url).content.decode()
    assert re.search(r'value="5"[^>]*checked', page)

    refused = maria_client.post(url, {})  # this page asks for an answer
    assert refused.status_code == 200
    assert "please answer this question" in refused.content.decode()

    done = maria_client.post(url, {"renewal_years": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == "/apply/"
    text = done.content.decode()
    assert "we may use your tax data to renew your coverage for 1 year." in text
    assert "through plan year 2027." in text  # the next renewal after this coverage year
    application = Application.objects.get(pk=submitted.pk)
    assert (application.renewal_years, application.renewal_authorized_through) == (1, 2027)
    assert taxdata.consented(application, 2027) and not taxdata.consented(application, 2028)
    event = AuditEvent.objects.filter(action="application.tax_data_authorization").get()
    assert event.actor_id == maria.pk and event.detail["years"] == 1
    assert event.detail["through"] == 2027

    maria_client.post(url, {"renewal_years": "0"})  # withdrawn
    application.refresh_from_db()
    assert application.renewal_authorized_through is None
    assert not taxdata.consented(application, 2027)
    dashboard = maria_client.get("/apply/").content.decode()
    assert "You have not allowed us to use your tax data" in dashboard
    assert application.determinations.count() == 1  # no new determination for it


def test_in_spanish(maria_client, submitted):
    maria_client.cookies["marketplace_language"] = "es"
    page = maria_client.get(f"/apply/{submitted.public_id}/tax-data/").content.decode()
    assert "Sus datos tributarios y las renovaciones" in page
    assert "hasta el año del plan 2031" in page
    assert "Sí, por 5 años" in page and "No, no usen mis datos tributarios" in page


def test_only_the_owner_may_change_it(client, submitted):
    client.force_login(make_user("ben@example.org"))
    url = f"/apply/{submitted.public_id}/tax-data/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"renewal_years": "0"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.renewal_years == 5


def test_more_than_five_years_is_refused(submitted):
    with pytest.raises(ValueError, match="0 to 5 years"):
        actions.authorize_tax_data(submitted, years=6)
