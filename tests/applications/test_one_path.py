"""One path, no dead ends: after sign-in the navigation reaches the application, messages
and coverage; "you are verified" continues to the application; the eligibility result
continues to choosing a plan.

The Garcias (conftest): the parents can buy a plan with a premium tax credit, the
children get CHIP. Rosa Diaz: single, $9,000 a year, Medicaid only.
"""

from __future__ import annotations

import re

import pytest

from marketplace.accounts.identity import SimulatedIdentityProofing
from marketplace.accounts.models import IdentityVerification
from marketplace.applications import actions, seeding
from tests.applications import pages
from tests.applications.conftest import garcias, make_user, signed_and_submitted

pytestmark = pytest.mark.django_db


def links(page: str) -> list[str]:
    return re.findall(r'href="([^"#]+)"', page)


def submitted(client, user, spec):
    application = actions.start_application(user)
    seeding.fill_application(application, spec, actor=user)
    determination = actions.submit_application(application, user, None)
    return application, determination


def rosa() -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Diaz",
        zipcode="02108",
        countyfips="25025",
        people=[seeding.PersonSpec("Rosa", 35, "self", "female", wages_yearly=9000)],
    )


@pytest.mark.parametrize("path", ["/account/", "/apply/", "/shop/", "/notices/", "/"])
def test_after_sign_in_every_page_reaches_the_application_messages_and_coverage(maria_client, path):
    page = maria_client.get(path).content.decode()
    for target in ("/apply/", "/notices/", "/enroll/coverage/", "/account/"):
        assert target in links(page), (path, target)


def test_signed_out_people_see_sign_in_not_the_account_links(client):
    page = client.get("/").content.decode()
    assert "/account/login/" in links(page)
    assert "/notices/" not in links(page)


def test_my_account_continues_to_the_application(maria_client):
    page = maria_client.get("/account/").content.decode()
    assert "Continue to your application" in page and "/apply/" in links(page)


def test_you_are_verified_continues_to_the_application(client):
    ana = make_user("ana@example.org", verified=False)
    client.force_login(ana)
    client.post(
        "/account/identity/",
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "date_of_birth": "1985-04-28",
            "ssn_last4": "1234",
        },
    )
    response = client.post("/account/identity/questions/", SimulatedIdentityProofing.ANSWERS)
    assert IdentityVerification.objects.get(user=ana).status == "verified"
    page = client.get(response["Location"]).content.decode()
    assert "Your identity is verified" in page
    assert re.search(
        r'<a class="usa-button" href="/apply/"[^>]*>Continue to your application', page
    )


def test_the_result_continues_to_choosing_a_plan(maria_client, maria):
    application, determination = submitted(maria_client, maria, garcias())
    url = f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    page = maria_client.get(url).content.decode()
    assert "Next: choose a health plan" in page
    choose = f"/enroll/{determination.public_id}/"
    assert choose in links(page)
    assert maria_client.get(choose).status_code == 200  # the plans, with the savings
    dashboard = maria_client.get("/apply/").content.decode()
    assert choose in links(dashboard)


def test_an_earlier_result_leads_to_the_latest_not_to_plans(maria_client, maria):
    application, first = submitted(maria_client, maria, garcias())
    actions.reopen_application(application, actor=maria)
    application.refresh_from_db()
    latest = signed_and_submitted(application, maria)
    page = maria_client.get(
        f"/apply/{application.public_id}/determinations/{first.public_id}/"
    ).content.decode()
    assert f"/enroll/{first.public_id}/" not in links(page)
    assert f"/apply/{application.public_id}/determinations/{latest.public_id}/" in links(page)


def test_a_medicaid_only_result_offers_no_plans_but_leads_to_the_notice(client):
    person = make_user("rosa@example.org")
    client.force_login(person)
    application, determination = submitted(client, person, rosa())
    assert not determination.offers_a_plan
    page = client.get(
        f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    ).content.decode()
    assert "Qualifies for Medicaid" in page
    assert f"/enroll/{determination.public_id}/" not in links(page)
    assert "/notices/" in links(page) and "/apply/" in links(page)


def test_the_message_center_leads_back_to_the_application_and_coverage(maria_client):
    page = maria_client.get("/notices/").content.decode()
    main = page.split("<main", 1)[1]
    assert "/apply/" in links(main) and "/enroll/coverage/" in links(main)


def test_a_notice_still_being_prepared_is_not_a_broken_link_on_the_dashboard(maria_client, maria):
    submitted(maria_client, maria, garcias())
    page = maria_client.get("/apply/").content.decode()
    for href in links(page):
        if href.startswith("/notices/") and href.endswith("/pdf/"):
            assert maria_client.get(href).status_code == 200, href


def test_a_new_person_sent_to_sign_in_from_the_application_comes_back_to_it(client, mailoutbox):
    page = client.get("/account/login/?next=/apply/").content.decode()
    assert "/account/register/?next=/apply/" in page
    client.post(
        "/account/register/?next=/apply/",
        {
            "email": "lena@example.org",
            "password": "a long enough passphrase 42",
            "preferred_language": "en",
            "next": "/apply/",
        },
    )
    link = re.search(r"http://testserver(/account/verify/\S+)", mailoutbox[0].body).group(1)
    confirmed = client.get(link)
    assert confirmed["Location"] == "/account/login/?next=%2Fapply%2F"
    signed_in = client.post(
        confirmed["Location"],
        {
            "email": "lena@example.org",
            "password": "a long enough passphrase 42",
            "next": "/apply/",
        },
    )
    assert signed_in["Location"] == "/apply/"


def test_confirming_identity_from_the_sign_page_continues_back_to_it(client):
    nadia = make_user("nadia@example.org", verified=False)
    client.force_login(nadia)
    application = pages.walk_to_sign(client)
    sign_url = f"/apply/{application.public_id}/sign/"
    page = client.get(sign_url).content.decode()
    identity_url = re.search(r'href="(/account/identity/\?next=[^"]+)"', page).group(1)
    assert client.get(identity_url).status_code == 200
    client.post(
        "/account/identity/",
        {
            "first_name": "Nadia",
            "last_name": "Haddad",
            "date_of_birth": "1985-03-02",
            "ssn_last4": "6789",
        },
    )
    client.post("/account/identity/questions/", SimulatedIdentityProofing.ANSWERS)
    page = client.get("/account/identity/").content.decode()
    assert f'href="{sign_url}" id="continue-to-application"' in page


def test_my_coverage_without_a_plan_leads_to_choosing_one(maria_client, maria):
    _, determination = submitted(maria_client, maria, garcias())
    page = maria_client.get("/enroll/coverage/").content.decode()
    assert f"/enroll/{determination.public_id}/" in links(page)
