"""One wording for error summaries on every form: the same heading, one summary per page,
each message naming its field and linking to it."""

from __future__ import annotations

import re

import pytest

from tests.applications import pages
from tests.applications.conftest import make_user

pytestmark = pytest.mark.django_db

HEADING = "Please fix the following"
OTHER_WORDINGS = ("Please fix these answers", "Please correct the errors below")


def summary(page: str) -> list[tuple[str, str]]:
    assert page.count(HEADING) == 1, "exactly one error summary"
    for other in OTHER_WORDINGS:
        assert other not in page
    block = page.split(HEADING, 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', block)


def test_sign_in(client):
    page = client.post("/account/login/", {"email": "", "password": ""}).content.decode()
    assert ("id_email", "E-mail address: This field is required.") in summary(page)


def test_identity_proofing(client):
    client.force_login(make_user("ana@example.org", verified=False))
    page = client.post(
        "/account/identity/",
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "date_of_birth": "2999-01-01",
            "ssn_last4": "12",
        },
    ).content.decode()
    found = summary(page)
    assert ("id_date_of_birth", "Date of birth: the date cannot be in the future.") in found
    assert (
        "id_ssn_last4",
        "Last 4 digits of your Social Security number: Enter 4 digits.",
    ) in found
    assert 'id="id_date_of_birth"' in page  # the link's target exists


def test_an_application_step(maria_client):
    application = pages.start(maria_client)
    page = maria_client.post(
        f"/apply/{application.public_id}/household/add/", {"last_name": "Garcia", "sex": "female"}
    ).content.decode()
    assert ("id_first_name", "First name: please answer this question.") in summary(page)


def test_the_income_step_has_one_summary_for_everyone(maria_client):
    application = pages.walk_to_sign(maria_client)
    data = {}
    for member in application.members.all():
        data[f"m{member.public_id.hex[:12]}-wages"] = "lots"
    page = maria_client.post(f"/apply/{application.public_id}/income/", data).content.decode()
    named = [message for _, message in summary(page)]
    assert sum("enter an amount in dollars" in message for message in named) == 4


def test_the_sign_step(maria_client):
    application = pages.walk_to_sign(maria_client)
    page = pages.sign_and_submit(maria_client, application, name="Someone Else").content.decode()
    anchors = [anchor for anchor, _ in summary(page)]
    assert "id_signature_name" in anchors


def test_window_shopping(client):
    url = "/shop/household/?zip=02108&county=25025&age0=200&income=lots&go=1"
    found = summary(client.get(url).content.decode())
    assert ("income", "Household income: enter an amount in dollars, like 1,250.50.") in found
    assert "age0" in [anchor for anchor, _ in found]


def test_the_summary_speaks_spanish(client):
    client.cookies["marketplace_language"] = "es"
    page = client.post("/account/login/", {"email": "", "password": ""}).content.decode()
    assert page.count("Corrija lo siguiente") == 1
