"""The path from window shopping to choosing a plan in a real browser (Debian Chromium),
in English (JavaScript on) and Spanish (JavaScript off), following links and buttons, with
axe-core finding no WCAG 2.1 AA violation on the pages this path changed: the savings page's
"Apply for coverage", sign-in, the application carried from shopping, the amounts and how
often they are paid, the one error summary, the yearly figures on the review, the result's
"Choose a plan", the header's links and the message center."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from marketplace.applications import actions
from marketplace.applications.models import Application
from tests.applications.conftest import PASSWORD, make_user
from tests.browser_support import assert_accessible

PARKS = [
    ("zip", "02108"),
    ("county", "25025"),
    ("income", "61500"),
    ("age0", "45"),
    ("tobacco0", "1"),
    ("age1", "43"),
    ("rel1", "spouse"),
]
WORDS = {
    "en": {
        "carried": "What you told us while looking at plans",
        "ambiguous": "could mean 35 dollars or 35,000 dollars",
        "summary": "Please fix the following",
        "yearly": "$61,500.00 once a year, so $61,500.00 a year",
        "next": "Next: choose a health plan",
        "plans": "Choose a health plan for",
        "notice": "Eligibility notice",
        "typed": "$61,500.00",
    },
    "es": {
        "carried": "Lo que nos dijo mientras veía los planes",
        "ambiguous": None,  # in Spanish "61.500" is sixty-one thousand five hundred
        "summary": "Corrija lo siguiente",
        "yearly": "$61,500.00 una vez al año, o sea $61,500.00 al año",
        "next": "Siguiente paso: elija un plan de salud",
        "plans": "Elija un plan de salud para",
        "notice": "Aviso de elegibilidad",
        "typed": "61.500",
    },
}
DETAILS = {
    "citizen": True,
    "immigration_status": "",
    "document_type": "",
    "document_number": "",
    "incarcerated": False,
    "aian": False,
    "pregnant": False,
    "other_coverage": "none",
    "esi_offered": False,
    "esi_employee_premium": None,
    "esi_family_premium": None,
    "esi_min_value": None,
}


def click(tab, selector):
    tab.locator(selector).first.click()
    tab.wait_for_load_state()


def add_person(tab, first, born, sex, relationship):
    click(tab, "main a[href$='/household/add/']")
    assert_accessible(tab)
    # The next person described while shopping: the relationship is chosen already.
    assert tab.locator("select[name=relationship]").input_value() == relationship
    tab.fill("input[name=first_name]", first)
    tab.fill("input[name=last_name]", "Park")
    tab.fill("input[name=date_of_birth]", born)
    tab.click(f"label[for='{tab.locator(f'input[name=sex][value={sex}]').get_attribute('id')}']")
    click(tab, "main form button[type=submit]")


def answer_tax_address_and_details(application):
    """Steps this path did not change, answered through the same actions the pages use."""
    members = list(application.members.all())
    roles = {m.pk: "filer" if m.relationship == "self" else "joint" for m in members}
    actions.save_tax(application, tax_filer=True, filing_status="married_joint", roles=roles)
    actions.save_address(
        application,
        {"street": "9 Park St", "city": "Boston", "zipcode": "02108", "countyfips": "25025"},
    )
    for member in members:
        actions.save_details(
            application, member, {**DETAILS, "tobacco": member.relationship == "self"}
        )


def path(tab, base, language):
    words = WORDS[language]
    tab.goto(f"{base}/shop/estimate/?{urlencode(PARKS)}")
    assert_accessible(tab)
    click(tab, "main form.mp-apply-form button[type=submit]")  # Apply for coverage
    assert "/account/login/" in tab.url
    assert_accessible(tab)
    tab.fill("input[name=email]", "minjun@example.org")
    tab.fill("input[name=password]", PASSWORD)
    click(tab, "main form button[type=submit]")
    assert tab.url.endswith("/apply/")
    assert words["carried"] in tab.content()
    assert_accessible(tab)
    click(tab, "main form button[type=submit]")  # start the application
    assert_accessible(tab)
    add_person(tab, "Min-jun", "1980-07-01", "male", "self")
    add_person(tab, "Grace", "1982-07-01", "female", "spouse")
    application = Application.objects.get(owner__email="minjun@example.org")
    assert [m.relationship for m in application.members.all()] == ["self", "spouse"]
    answer_tax_address_and_details(application)

    tab.goto(f"{base}/apply/{application.public_id}/income/")
    assert_accessible(tab)
    wages = tab.locator("input[name$='-wages']").first
    assert wages.input_value() == "61500"  # carried from shopping, as yearly wages
    if words["ambiguous"]:
        wages.fill("35.000")
        click(tab, "main form button[type=submit]")
        page = tab.content()
        assert page.count(words["summary"]) == 1 and words["ambiguous"] in page
        assert_accessible(tab)
        wages = tab.locator("input[name$='-wages']").first
    wages.fill(words["typed"])
    click(tab, "main form button[type=submit]")
    assert "/coverage/" in tab.url
    click(tab, "main form button[type=submit]")  # both need coverage
    assert words["yearly"] in tab.content()
    assert_accessible(tab)
    click(tab, "main form button[type=submit]")  # review: go to sign
    for name in ("attest_true", "attest_changes"):
        tab.click(f"label[for='{tab.locator(f'input[name={name}]').get_attribute('id')}']")
    tab.fill("input[name=signature_name]", "Min-jun Park")
    click(tab, "main form button[type=submit]")
    tab.wait_for_url(re.compile(r".*/determinations/.*"))
    assert words["next"] in tab.content()
    assert_accessible(tab)
    click(tab, "main .mp-next-step a.usa-button")  # Choose a plan
    assert words["plans"] in tab.content()
    click(tab, "header a[href='/notices/']")  # the header reaches the messages
    assert words["notice"] in tab.content()
    assert_accessible(tab)


@pytest.mark.browser
def test_from_window_shopping_to_choosing_a_plan_in_english(live, page):
    make_user("minjun@example.org")
    path(page, live, "en")


@pytest.mark.browser
def test_from_window_shopping_to_choosing_a_plan_in_spanish(live, page_factory):
    make_user("minjun@example.org", preferred_language="es")
    tab = page_factory(javascript=False, locale="es-ES")
    tab.context.add_cookies([{"name": "marketplace_language", "value": "es", "url": live}])
    path(tab, live, "es")
