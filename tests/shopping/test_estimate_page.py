"""Step 3: the savings estimate matches `marketplace estimate` for the same household."""

import pytest

from tests.shopping.support import GARCIAS, NGUYENS, SAM, figure, money, qs, run_estimate

pytestmark = pytest.mark.django_db

GARCIAS_INPUT = {
    "year": 2026,
    "state": "MA",
    "countyfips": "25025",
    "zipcode": "02108",
    "income": 52000,
    "filing_status": "married_joint",
    "people": [
        {"age": 40, "relationship": "self"},
        {"age": 38, "relationship": "spouse"},
        {"age": 10, "relationship": "child"},
        {"age": 7, "relationship": "child"},
    ],
}


def test_the_garcias_figures_match_marketplace_estimate(client):
    expected = run_estimate(GARCIAS_INPUT)
    html = client.get("/shop/estimate/?" + qs(GARCIAS)).content.decode()
    assert money(figure(html, "aptc")[0]) == f"{expected['aptc']:.2f}"
    assert money(figure(html, "benchmark_premium")[0]) == f"{expected['benchmark_premium']:.2f}"
    assert money(figure(html, "expected_contribution")[0]) == (
        f"{expected['expected_contribution']:.2f}"
    )
    assert money(figure(html, "poverty_guideline")[0]) == f"{expected['poverty_guideline']:.2f}"
    assert figure(html, "fpl_percent")[0] == f"{expected['fpl_percent']}%"
    assert figure(html, "household_size")[0] == "4"
    assert f'data-csr="{expected["csr"] or ""}"' in html


def test_children_likely_eligible_for_chip_get_next_steps(client):
    expected = run_estimate(GARCIAS_INPUT)
    html = client.get("/shop/estimate/?" + qs(GARCIAS)).content.decode()
    chip = [i for i, m in enumerate(expected["members"]) if m["chip"] or m["medicaid"]]
    assert chip, "the demo Garcias have children eligible for CHIP or Medicaid"
    assert "Some people may qualify for Medicaid or CHIP" in html
    assert "What to do next:" in html
    for i in chip:
        assert f'data-member="{i}"' in html


def test_massachusetts_shows_connectorcare(client):
    expected = run_estimate(GARCIAS_INPUT)
    html = client.get("/shop/estimate/?" + qs(GARCIAS)).content.decode()
    assert expected["state_subsidy"]["name"] == "ConnectorCare"
    assert "You may qualify for ConnectorCare" in html


def test_sam_gets_the_87_percent_silver_variant(client):
    html = client.get("/shop/estimate/?" + qs(SAM)).content.decode()
    expected = run_estimate(
        {
            "year": 2026,
            "state": "MA",
            "countyfips": "25025",
            "zipcode": "02108",
            "income": 30000,
            "filing_status": "single",
            "people": [{"age": 30, "relationship": "self"}],
        }
    )
    assert f'data-csr="{expected["csr"]}"' in html
    assert money(figure(html, "aptc")[0]) == f"{expected['aptc']:.2f}"


def test_high_income_household_gets_no_credit_message(client):
    items = [(k, v) for k, v in NGUYENS if k != "income"] + [("income", "900000")]
    html = client.get("/shop/estimate/?" + qs(items)).content.decode()
    assert "does not get a premium tax credit" in html
    assert figure(html, "aptc")[0] == "$0.00"


def test_a_broken_shared_url_shows_the_form_with_the_problem(client):
    response = client.get("/shop/estimate/?zip=02108&county=25025&income=52000&age0=200")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Age must be a whole number of years from 0 to 120." in html
    assert 'value="200"' in html


def test_vermont_shows_premium_assistance(client, settings):
    settings.MARKETPLACE_STATE = "VT"
    zip_html = client.get("/shop/?zip=05401")
    assert zip_html.status_code == 302
    location = zip_html["Location"]
    county = location.split("county=")[1][:5]
    items = [("zip", "05401"), ("county", county), ("income", "30000"), ("age0", "35")]
    html = client.get("/shop/estimate/?" + qs(items)).content.decode()
    expected = run_estimate(
        {
            "year": 2026,
            "state": "VT",
            "countyfips": county,
            "zipcode": "05401",
            "income": 30000,
            "filing_status": "single",
            "people": [{"age": 35, "relationship": "self"}],
        }
    )
    assert "Vermont Premium Assistance" in html
    assert money(figure(html, "aptc")[0]) == f"{expected['aptc']:.2f}"


def _rules_applied(html: str) -> str:
    """The "rules we applied" list of the estimate page, as HTML."""
    return html.split('<details class="mp-details">', 1)[1].split("</details>", 1)[0]


def test_the_rules_applied_are_in_english_on_the_english_page(client):
    expected = run_estimate(GARCIAS_INPUT)
    rules = _rules_applied(client.get("/shop/estimate/?" + qs(GARCIAS)).content.decode())
    assert "The rules we applied" in rules
    assert expected["explanation"][0] in rules
    assert "lang=" not in rules


def test_the_rules_applied_are_in_spanish_on_the_spanish_page(spanish):
    rules = _rules_applied(spanish.get("/shop/estimate/?" + qs(GARCIAS)).content.decode())
    assert "Las reglas que aplicamos" in rules
    assert "<li>Hogar de 4 persona(s) en MA: el nivel federal de pobreza (FPL) de 2025 es " in rules
    assert "los ingresos de $52,000 son el 161.74% de esa cifra" in rules
    assert "el porcentaje aplicable se lee en el 161% (sin decimales" in rules
    assert "ConnectorCare, tipo de plan" in rules
    assert "lang=" not in rules
    assert "Household of" not in rules
