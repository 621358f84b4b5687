"""Nothing typed twice: what the Parks typed while window shopping carries into their
application (prefilled, editable, never silently wrong), and the plan they chose carries
to their eligibility result.

The Parks, in Boston: Min-jun (45, smokes) and Grace (43), with Ella (12), who is covered
elsewhere and does not need coverage; $61,500 a year.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from marketplace.applications import actions, seeding
from marketplace.applications.models import Application
from marketplace.core import carry
from tests.applications import pages
from tests.applications.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PARKS = [
    ("zip", "02108"),
    ("county", "25025"),
    ("income", "61500"),
    ("age0", "45"),
    ("tobacco0", "1"),
    ("age1", "43"),
    ("rel1", "spouse"),
    ("age2", "12"),
    ("rel2", "child"),
    ("coverage2", "0"),
]
YEAR = 2026


def born(age):
    return seeding.birth_date(age, YEAR).isoformat()


def person(first, age, relationship, sex):
    return {
        "first_name": first,
        "last_name": "Park",
        "date_of_birth": born(age),
        "relationship": relationship,
        "sex": sex,
        "ssn": "",
    }


def apply_from_shopping(client, **extra):
    return client.post("/shop/apply/", dict(PARKS, **extra))


def sign_in(client, user):
    response = client.post(
        "/account/login/", {"email": user.email, "password": PASSWORD, "next": "/apply/"}
    )
    assert response["Location"] == "/apply/"


def checked(page: str, name: str, value: str) -> bool:
    return bool(re.search(rf'name="{name}" value="{value}"[^>]*checked', page))


def test_the_estimate_and_the_plan_page_go_on_to_applying(client):
    estimate = client.get("/shop/estimate/?" + urlencode(PARKS)).content.decode()
    assert 'action="/shop/apply/"' in estimate and "Apply for coverage" in estimate
    plans = client.get("/shop/plans/?" + urlencode(PARKS)).content.decode()
    plan_id = re.search(r'href="/shop/plans/(\w+)/\?', plans).group(1)
    detail = client.get(f"/shop/plans/{plan_id}/?" + urlencode(PARKS)).content.decode()
    assert "Choose this plan" in detail
    assert f'name="plan" value="{plan_id}"' in detail
    assert 'action="/shop/apply/"' in detail


def test_applying_from_window_shopping_signs_in_and_starts_with_the_household(client):
    response = apply_from_shopping(client)
    assert response["Location"] == "/apply/"
    assert client.get("/apply/")["Location"].startswith("/account/login/?next=/apply/")
    minjun = make_user("minjun@example.org")
    sign_in(client, minjun)
    dashboard = client.get("/apply/").content.decode()
    assert "What you told us while looking at plans" in dashboard
    for said in ("You, age 45", "Your spouse, age 43", "A child, age 12", "$61,500.00 a year"):
        assert said in dashboard, said
    pages.ok(client.post("/apply/start/"))
    application = Application.objects.get(owner=minjun)
    assert [p["age"] for p in application.carried["people"]] == [45, 43, 12]
    assert carry.household(client.session) is None  # taken in by the application


@pytest.fixture
def parks(client):
    apply_from_shopping(client)
    minjun = make_user("minjun@example.org")
    sign_in(client, minjun)
    pages.ok(client.post("/apply/start/"))
    return Application.objects.get(owner=minjun)


def test_the_household_step_adds_the_people_described_in_order(client, parks):
    base = f"/apply/{parks.public_id}"
    page = client.get(f"{base}/household/").content.decode()
    assert "Your spouse, age 43" in page
    first = client.get(f"{base}/household/add/").content.decode()
    assert '<option value="self" selected>' in first and "You, age 45" in first
    pages.ok(client.post(f"{base}/household/add/", person("Min-jun", 45, "self", "male")))
    second = client.get(f"{base}/household/add/").content.decode()
    assert '<option value="spouse" selected>' in second and "Your spouse, age 43" in second


def test_a_date_of_birth_that_disagrees_with_the_age_given_is_pointed_out(client, parks):
    base = f"/apply/{parks.public_id}"
    pages.ok(client.post(f"{base}/household/add/", person("Min-jun", 45, "self", "male")))
    response = client.post(
        f"{base}/household/add/", person("Grace", 53, "spouse", "female"), follow=True
    )
    page = response.content.decode()
    assert "you gave the age 43 for your spouse" in page
    assert "Check the date of birth" in page
    assert "Your spouse, age 43" in page  # still listed as not on the application


def fill_people(client, parks):
    base = f"/apply/{parks.public_id}"
    for who in (
        person("Min-jun", 45, "self", "male"),
        person("Grace", 43, "spouse", "female"),
        person("Ella", 12, "child", "female"),
    ):
        pages.ok(client.post(f"{base}/household/add/", who))
    members = list(parks.members.all())
    tax = {
        "tax_filer": "yes",
        "filing_status": "married_joint",
        f"claim_{members[2].public_id.hex}": "yes",
    }
    pages.ok(client.post(f"{base}/tax/", tax))
    return base, members


def test_the_address_starts_with_the_zip_and_county(client, parks):
    base, _ = fill_people(client, parks)
    page = client.get(f"{base}/address/").content.decode()
    assert 'name="zipcode" value="02108"' in page
    assert '<option value="25025" selected>' in page


def test_each_persons_questions_start_with_what_was_said(client, parks):
    base, (minjun, grace, ella) = fill_people(client, parks)
    pages.ok(
        client.post(
            f"{base}/address/", {"street": "9 Park St", "city": "Boston", "zipcode": "02108"}
        )
    )
    page = client.get(f"{base}/people/{minjun.public_id}/").content.decode()
    assert checked(page, "tobacco", "yes") and checked(page, "aian", "no")
    page = client.get(f"{base}/people/{grace.public_id}/").content.decode()
    assert checked(page, "tobacco", "no") and checked(page, "pregnant", "no")
    page = client.get(f"{base}/people/{ella.public_id}/").content.decode()
    assert checked(page, "tobacco", "no")


def answer_the_rest_up_to_income(client, base, members):
    pages.ok(
        client.post(
            f"{base}/address/", {"street": "9 Park St", "city": "Boston", "zipcode": "02108"}
        )
    )
    for member in members:
        pages.ok(client.post(f"{base}/people/{member.public_id}/", pages.DETAILS))


def test_the_income_starts_as_the_applicants_yearly_wages_and_says_so(client, parks):
    base, members = fill_people(client, parks)
    answer_the_rest_up_to_income(client, base, members)
    page = client.get(f"{base}/income/").content.decode()
    prefix = f"m{members[0].public_id.hex[:12]}"
    assert f'name="{prefix}-wages" value="61500"' in page
    assert re.search(
        rf'name="{prefix}-wages_frequency".*?<option value="yearly" selected>', page, re.S
    )
    assert "While looking at plans you said your household expects $61,500.00 this year" in page
    assert "Min-jun Park's wages, once a year" in page


def test_who_needs_coverage_starts_without_ella(client, parks):
    base, members = fill_people(client, parks)
    answer_the_rest_up_to_income(client, base, members)
    income = {}
    for m in members:
        prefix = f"m{m.public_id.hex[:12]}"
        income.update({f"{prefix}-wages": "", f"{prefix}-wages_frequency": ""})
    income[f"m{members[0].public_id.hex[:12]}-wages"] = "61,500"
    income[f"m{members[0].public_id.hex[:12]}-wages_frequency"] = "yearly"
    pages.ok(client.post(f"{base}/income/", income))
    page = client.get(f"{base}/coverage/").content.decode()
    values = re.findall(r'name="seeking" value="(\w+)"[^>]*checked', page)
    assert values == [members[0].public_id.hex, members[1].public_id.hex]


def test_the_plan_chosen_while_shopping_is_offered_after_the_result(client):
    plans = client.get("/shop/plans/?" + urlencode(PARKS)).content.decode()
    plan_id = re.search(r'href="/shop/plans/(\w+)/\?', plans).group(1)
    apply_from_shopping(client, plan=plan_id)
    minjun = make_user("minjun@example.org")
    sign_in(client, minjun)
    pages.ok(client.post("/apply/start/"))
    application = Application.objects.get(owner=minjun)
    spec = seeding.HouseholdSpec(
        last_name="Park",
        zipcode="02108",
        countyfips="25025",
        people=[
            seeding.PersonSpec("Min-jun", 45, "self", "male", wages_yearly=61500),
            seeding.PersonSpec("Grace", 43, "spouse", "female"),
        ],
    )
    seeding.fill_application(application, spec, actor=minjun)
    determination = actions.submit_application(application, minjun, None)
    result = client.get(
        f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    ).content.decode()
    target = f"/enroll/{determination.public_id}/plans/{plan_id}/"
    assert f'href="{target}"' in result and "Continue with" in result
    assert client.get(target).status_code == 200
    # Someone whose result already lets them buy a plan goes straight to the plan chosen.
    again = apply_from_shopping(client, plan=plan_id)
    assert again["Location"] == target


def test_a_bad_household_sent_to_apply_goes_back_to_the_household_form(client):
    response = client.post("/shop/apply/", dict(PARKS, income="lots"))
    assert response["Location"].startswith("/shop/household/?")
    page = client.get(response["Location"]).content.decode()
    assert "Household income: enter an amount in dollars" in page
    assert carry.household(client.session) is None


def test_apply_is_a_post(client):
    assert client.get("/shop/apply/?" + urlencode(PARKS)).status_code == 405
