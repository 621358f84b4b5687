"""Sam, 30, in Boston, asks "Is my doctor covered?" from the plan list, finds a family
doctor near his zip code and metformin, adds both, and sees his plans marked and then
filtered, following only links and buttons, in English and Spanish, with axe-core finding
no WCAG 2.1 AA violation on any page."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser_support import assert_accessible
from tests.shopping.support import DEMO_YEAR, clear_caches

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = {
    "en": {
        "start": "See plans and prices",
        "continue": "Continue",
        "savings": "See my savings",
        "plans": r"See \d+ plans",
        "find": "Find your doctors and drugs",
        "specialty": "Specialty or type of place",
        "family": "Family medicine",
        "search_doctors": "Search doctors and places",
        "add": "Add to your list",
        "drug": "Drug name or RxNorm number",
        "search_drugs": "Search drugs",
        "see": "See plans with your doctors and drugs",
        "only": "Only plans that cover all of them",
        "apply": "Apply filters",
        "zip": "Zip code",
        "in_network": ": in network",
        "covered": ": covered (",
    },
    "es": {
        "start": "Ver planes y precios",
        "continue": "Continuar",
        "savings": "Ver mis ahorros",
        "plans": r"Ver \d+ planes",
        "find": "Buscar sus médicos y medicamentos",
        "specialty": "Especialidad o tipo de lugar",
        "family": "Medicina familiar",
        "search_doctors": "Buscar médicos y lugares",
        "add": "Agregar a su lista",
        "drug": "Nombre del medicamento o número RxNorm",
        "search_drugs": "Buscar medicamentos",
        "see": "Ver planes con sus médicos y medicamentos",
        "only": "Solo los planes que los cubren a todos",
        "apply": "Aplicar filtros",
        "zip": "Código postal",
        "in_network": ": en la red",
        "covered": ": cubierto (",
    },
}


@pytest.fixture
def shop(live_server, transactional_db, tmp_path):
    """The live server with the 2026 demo catalog and the demo issuers' files."""
    call_command("load-demo", out=tmp_path, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield live_server.url
    clear_caches()


def _to_the_plan_list(page, shop: str, words: dict, language: str) -> None:
    page.goto(shop + "/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
    page.get_by_role("link", name=words["start"]).click()
    page.get_by_label(re.compile("Zip code|Código postal")).fill("02108")
    page.get_by_role("button", name=words["continue"]).click()
    page.locator("#age0").fill("30")
    page.locator("#income").fill("30000")
    page.get_by_role("button", name=words["savings"], exact=True).last.click()
    page.get_by_role("link", name=re.compile(words["plans"])).click()
    assert "/shop/plans/" in page.url


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_doctor_and_a_drug_from_the_plan_list_to_marked_plans(shop, page_factory, language):
    words = WORDS[language]
    page = page_factory()
    _to_the_plan_list(page, shop, words, language)
    assert_accessible(page)

    page.get_by_role("link", name=words["find"]).click()
    assert page.url.endswith("/find/")  # nothing personal in the address
    assert_accessible(page)
    page.get_by_label(words["zip"], exact=True).fill("")
    page.get_by_role("button", name=words["search_doctors"]).click()
    assert page.get_by_role("alert").count() == 1  # nothing to search by: the error summary
    assert_accessible(page)
    page.get_by_label(words["zip"], exact=True).fill("02108")
    page.get_by_label(words["specialty"]).select_option(label=words["family"])
    page.get_by_role("button", name=words["search_doctors"]).click()
    assert_accessible(page)
    doctor = page.locator("[data-npi]").first.locator("p.text-bold").inner_text()
    page.locator("[data-npi]").first.get_by_role("button", name=re.compile(words["add"])).click()
    assert doctor in page.get_by_test_id("chosen-providers").inner_text()

    page.get_by_label(words["drug"]).fill("metformin")
    page.get_by_role("button", name=words["search_drugs"]).click()
    page.locator("[data-rxcui]").first.get_by_role("button", name=re.compile(words["add"])).click()
    assert "metformin" in page.get_by_test_id("chosen-drugs").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name=words["see"]).first.click()
    assert "/shop/plans/" in page.url
    marks = page.get_by_test_id("coverage-marks")
    assert marks.count() > 0
    assert doctor in marks.first.inner_text()
    assert_accessible(page)

    page.locator('label[for="covered"]').click()
    page.get_by_role("button", name=words["apply"]).click()
    assert "covered=1" in page.url
    kept = page.get_by_test_id("coverage-marks")
    assert kept.count() > 0
    for index in range(kept.count()):
        text = kept.nth(index).inner_text()
        assert words["in_network"] in text and words["covered"] in text
    assert_accessible(page)
