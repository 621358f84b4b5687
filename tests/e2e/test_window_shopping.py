"""A person with no account goes from the home page to a side-by-side compare, in English and
Spanish, with JavaScript on and off; axe-core finds no WCAG 2.1 AA violation on any page."""

import re

import pytest

from tests.browser_support import assert_accessible
from tests.shopping.support import figure, money, run_estimate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = {
    "en": {
        "start": "See plans and prices",
        "continue": "Continue",
        "add": "Add another person",
        "savings": "See my savings",
        "plans": r"See \d+ plans",
        "apply": "Apply filters",
        "compare": "Compare checked plans",
        "h1_compare": "Compare plans",
    },
    "es": {
        "start": "Ver planes y precios",
        "continue": "Continuar",
        "add": "Agregar otra persona",
        "savings": "Ver mis ahorros",
        "plans": r"Ver \d+ planes",
        "apply": "Aplicar filtros",
        "compare": "Comparar los planes marcados",
        "h1_compare": "Comparar planes",
    },
}
#: The Parks: a couple in Boston, 44 and 41, $61,000 a year.
PARKS_INPUT = {
    "year": 2026,
    "state": "MA",
    "countyfips": "25025",
    "zipcode": "02108",
    "income": 61000,
    "filing_status": "married_joint",
    "people": [{"age": 44, "relationship": "self"}, {"age": 41, "relationship": "spouse"}],
}


def _check(page, javascript: bool):
    """axe on the page (axe needs script, so JS-off pages are re-opened with JS on)."""
    if javascript:
        assert_accessible(page)
    else:
        page.checker.goto(page.url)
        assert_accessible(page.checker)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_home_to_compare(shop, page_factory, language, javascript):
    words = WORDS[language]
    page = page_factory(javascript=javascript)
    page.checker = page_factory(javascript=True)
    page.goto(shop + "/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        assert page.locator("html").get_attribute("lang") == "es"
        page.checker.goto(shop + "/")
        page.checker.get_by_role("button", name="Español").click()
    _check(page, javascript)

    page.get_by_role("link", name=words["start"]).click()
    _check(page, javascript)
    page.get_by_label(re.compile("Zip code|Código postal")).fill("02108")
    page.get_by_role("button", name=words["continue"]).click()

    assert "/shop/household/" in page.url
    _check(page, javascript)
    page.locator("#age0").fill("44")
    page.get_by_role("button", name=words["add"]).click()
    page.locator("#age1").fill("41")
    page.locator("#rel1").select_option("spouse")
    page.locator("#income").fill("61,000")
    page.get_by_role("button", name=words["savings"], exact=True).last.click()

    assert "/shop/estimate/" in page.url
    _check(page, javascript)
    expected = run_estimate(PARKS_INPUT)
    assert money(figure(page.content(), "aptc")[0]) == f"{expected['aptc']:.2f}"

    page.get_by_role("link", name=re.compile(words["plans"])).click()
    assert "/shop/plans/" in page.url
    _check(page, javascript)
    page.locator('label[for="metal-silver"]').click()  # USWDS styles the label, not the box
    page.get_by_role("button", name=words["apply"]).click()
    assert "metal=silver" in page.url
    _check(page, javascript)

    boxes = page.locator('input[name="plan"] + label')
    boxes.nth(0).click()
    boxes.nth(1).click()
    page.get_by_role("button", name=words["compare"]).click()
    assert "/shop/compare/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == words["h1_compare"]
    assert page.locator('th[scope="col"][data-plan-id]').count() == 2
    _check(page, javascript)


def test_the_other_pages_are_accessible(shop, page, settings):
    """Errors, a plan's page, the compare refusal, the county choice, 404, the API docs."""
    household = "zip=02108&county=25025&income=61000&age0=44&age1=41&rel1=spouse"
    page.goto(f"{shop}/shop/plans/?{household}")
    ids = [el.get_attribute("value") for el in page.locator('input[name="plan"]').all()][:5]
    urls = [
        "/shop/?zip=123",
        "/shop/household/?zip=02108&county=25025&age0=x&income=&go=1",
        f"/shop/plans/?{household}&premium_max=cheap",
        f"/shop/plans/{ids[0]}/?{household}",
        f"/shop/compare/?{household}" + "".join(f"&plan={i}" for i in ids),
        "/no-such-page",
        "/api/v1/docs",
    ]
    for url in urls:
        for language in ("en", "es"):
            page.context.add_cookies(
                [{"name": "marketplace_language", "value": language, "url": shop}]
            )
            page.goto(shop + url)
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page)
    settings.MARKETPLACE_STATE = "NC"
    page.goto(shop + "/shop/?zip=27560")
    assert page.locator('input[name="county"]').count() == 2
    assert_accessible(page)
