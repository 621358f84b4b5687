"""The application pages through the Django client: the whole journey, and bad input."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Application
from marketplace.determinations.models import Determination
from tests.applications import pages
from tests.applications.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_garcias_apply_and_read_their_results_in_english(maria_client):
    application = pages.walk_to_sign(maria_client)
    response = pages.ok(pages.sign_and_submit(maria_client, application))
    determination = Determination.objects.get(application=application)
    assert response["Location"].endswith(f"/determinations/{determination.public_id}/")
    page = pages.ok(maria_client.get(response["Location"]), 200).content.decode()
    assert "Qualifies for CHIP" in page
    assert "Can buy a Marketplace plan with a premium tax credit" in page
    assert "$52,000.00" in page  # the income line of the arithmetic, with thousands separators
    assert "a.m.." not in page and "p.m.." not in page  # "Decided on <date, time>" reads once
    assert f"${determination.result['aptc']:.2f}" in page
    assert "How we worked it out" in page
    dashboard = pages.ok(maria_client.get("/apply/"), 200).content.decode()
    assert "Eligibility determined" in dashboard


def test_the_garcias_apply_in_spanish(maria_client):
    maria_client.cookies["marketplace_language"] = "es"
    application = pages.walk_to_sign(maria_client)
    page = pages.ok(maria_client.get(f"/apply/{application.public_id}/review/"), 200)
    assert "Ingreso del hogar" in page.content.decode()
    response = pages.ok(pages.sign_and_submit(maria_client, application))
    page = pages.ok(maria_client.get(response["Location"]), 200).content.decode()
    assert 'lang="es"' in page
    assert "Califica para CHIP" in page
    assert "Cómo lo calculamos" in page
    assert "$52,000.00" in page  # money written as the rules' Spanish messages write it


def test_a_double_post_of_the_submit_makes_one_determination(maria_client):
    application = pages.walk_to_sign(maria_client)
    first = pages.ok(pages.sign_and_submit(maria_client, application))
    second = pages.ok(pages.sign_and_submit(maria_client, application))
    assert first["Location"] == second["Location"]
    assert Determination.objects.filter(application=application).count() == 1


def test_another_person_gets_404_for_every_application_page(client, maria_client):
    application = pages.walk_to_sign(maria_client)
    pages.sign_and_submit(maria_client, application)
    determination = Determination.objects.get(application=application)
    client.force_login(make_user("ben@example.org"))
    base = f"/apply/{application.public_id}"
    member = application.members.first().public_id
    for url in [
        f"{base}/household/",
        f"{base}/household/{member}/",
        f"{base}/tax/",
        f"{base}/address/",
        f"{base}/people/{member}/",
        f"{base}/income/",
        f"{base}/review/",
        f"{base}/sign/",
        f"{base}/determinations/{determination.public_id}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/reopen/").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/apply/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_without_proofed_identity_the_sign_page_says_what_to_do_and_keeps_everything(client):
    user = make_user("nadia@example.org", verified=False)
    client.force_login(user)
    application = pages.walk_to_sign(client)
    response = pages.ok(pages.sign_and_submit(client, application), 200).content.decode()
    assert "/account/identity/" in response and "confirm your identity" in response.lower()
    application = Application.objects.get(pk=application.pk)
    assert application.status == "draft"
    assert application.signature_name == "Maria Garcia"
    assert application.members.count() == 4
    assert not Determination.objects.exists()


# Bad input: each step's message names the field, and what was typed is kept.


def errors_and_page(response):
    assert response.status_code == 200
    return response.content.decode()


def test_household_member_bad_input(maria_client):
    application = pages.start(maria_client)
    page = errors_and_page(
        maria_client.post(
            f"/apply/{application.public_id}/household/add/",
            {
                "first_name": "",
                "last_name": "Garcia-Lopez",
                "date_of_birth": "2999-01-01",
                "relationship": "self",
                "sex": "female",
                "ssn": "12-34",
            },
        )
    )
    assert "First name: please answer this question." in page
    assert "Date of birth: the date cannot be in the future." in page
    assert "Social Security number: enter 9 digits" in page
    assert 'value="Garcia-Lopez"' in page
    assert not application.members.exists()


def test_tax_step_bad_input(maria_client):
    application = pages.walk_to_sign(maria_client)
    application.status = "draft"
    page = errors_and_page(
        maria_client.post(
            f"/apply/{application.public_id}/tax/", {"tax_filer": "yes", "filing_status": "single"}
        )
    )
    assert "Filing status: your spouse is on this application" in page
    assert "Will you claim Sofia Garcia as a dependent?: please answer this question." in page


def test_address_step_bad_input(maria_client):
    application = pages.walk_to_sign(maria_client)
    page = errors_and_page(
        maria_client.post(
            f"/apply/{application.public_id}/address/",
            {"street": "5 Broadway", "city": "New York", "zipcode": "10001"},
        )
    )
    assert "ZIP code: 10001 is not a ZIP code in MA" in page
    assert 'value="5 Broadway"' in page


def test_details_step_bad_input(maria_client):
    application = pages.walk_to_sign(maria_client)
    member = application.members.get(first_name="Jose")
    page = errors_and_page(
        maria_client.post(
            f"/apply/{application.public_id}/people/{member.public_id}/",
            {**pages.DETAILS, "citizen": "no", "esi_offered": "yes", "esi_family_premium": "650"},
        )
    )
    assert "Immigration status: choose this person" in page
    assert "Monthly premium for the employee only (lowest-cost plan): enter the monthly" in page
    assert 'value="650"' in page


def test_income_step_bad_input(maria_client):
    application = pages.walk_to_sign(maria_client)
    member = application.members.get(first_name="Maria")
    prefix = f"m{member.public_id.hex[:12]}"
    page = errors_and_page(
        maria_client.post(
            f"/apply/{application.public_id}/income/",
            {
                f"{prefix}-wages": "lots",
                f"{prefix}-unemployment": "-5",
                f"{prefix}-retirement": "1200",
            },
        )
    )
    assert "Wages, salary, tips (Maria Garcia): enter an amount in dollars" in page
    assert "Unemployment benefits (Maria Garcia): enter 0 or more." in page
    assert 'value="lots"' in page and 'value="1200"' in page


def test_seeking_and_sign_steps_bad_input(maria_client):
    application = pages.walk_to_sign(maria_client)
    page = errors_and_page(maria_client.post(f"/apply/{application.public_id}/coverage/", {}))
    assert "Who is asking for health coverage?: choose at least one person." in page
    pages.ok(maria_client.post(f"/apply/{application.public_id}/review/"))
    page = errors_and_page(pages.sign_and_submit(maria_client, application, name="M. Garcia"))
    assert "Type your full name to sign: type your name as it is on the application" in page
    assert 'value="M. Garcia"' in page
    assert not Determination.objects.exists()
