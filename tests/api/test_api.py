"""The public JSON API: CMS Marketplace shapes, the same figures as the pages and the rules."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client

from aca_rules.rating import plan_premium
from marketplace.api.convert import CSR_NAMES
from marketplace.api.schemas import PlanSearchOut
from marketplace.catalog.pricing import catalog
from marketplace.core.middleware import CONTENT_SECURITY_POLICY
from tests.api.households import GARCIAS
from tests.shopping.support import run_estimate

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")

GARCIAS_RULES_INPUT = {
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
#: A family of four who all need a plan (income too high for CHIP).
SMITHS = {
    "household": {
        "income": 150000,
        "people": [
            {"age": 45, "relationship": "Self", "uses_tobacco": True},
            {"age": 44, "relationship": "Spouse"},
            {"age": 16, "relationship": "Child"},
            {"age": 12, "relationship": "Child"},
        ],
    },
    "place": {"state": "MA", "zipcode": "02108"},
}


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_counties_by_zip_answers_like_cms(client):
    response = client.get("/api/v1/counties/by/zip/02108")
    assert response.status_code == 200
    assert response.json() == {
        "counties": [{"fips": "25025", "name": "Suffolk County", "state": "MA", "zipcode": "02108"}]
    }


def test_every_massachusetts_zip_has_a_county(client):
    for zipcode in ("01002", "01840", "02601", "02790"):
        response = client.get(f"/api/v1/counties/by/zip/{zipcode}")
        assert response.status_code == 200, zipcode
        assert response.json()["counties"][0]["fips"].startswith("25")


def test_an_unknown_zip_is_a_404_with_a_message(client):
    response = client.get("/api/v1/counties/by/zip/90210")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 1001 and "90210" in body["message"]
    assert "zip" in body["errors"]


def test_a_malformed_zip_is_a_400(client):
    response = client.get("/api/v1/counties/by/zip/12ab")
    assert response.status_code == 400
    assert response.json()["errors"]["zip"].startswith("A zip code has 5 digits")


def test_the_estimate_is_the_marketplace_estimate(client):
    response = post(client, "/api/v1/households/eligibility/estimates", GARCIAS)
    assert response.status_code == 200
    body = response.json()
    expected = run_estimate(GARCIAS_RULES_INPUT)
    assert body["determination"]["aptc"] == expected["aptc"]
    assert body["determination"]["csr"] == expected["csr"]
    assert body["determination"]["benchmark_premium"] == expected["benchmark_premium"]
    assert body["determination"]["fpl_percent"] == expected["fpl_percent"]
    assert len(body["estimates"]) == 4
    for estimate, member in zip(body["estimates"], expected["members"], strict=True):
        assert estimate["is_medicaid_chip"] == (member["medicaid"] or member["chip"])
        assert estimate["csr_level"] == member["csr"]
        assert estimate["csr"] == CSR_NAMES.get(member["csr"] or "")
        assert estimate["aptc"] == (expected["aptc"] if member["aptc"] else 0)


def test_plan_search_prices_match_the_rules(client):
    response = post(client, "/api/v1/plans/search", {**SMITHS, "limit": 100})
    assert response.status_code == 200
    body = response.json()
    PlanSearchOut.model_validate(body)
    assert body["total"] >= 60
    people = [
        {"age": 45, "relationship": "self", "tobacco": True},
        {"age": 44, "relationship": "spouse"},
        {"age": 16, "relationship": "child"},
        {"age": 12, "relationship": "child"},
    ]
    aptc = Decimal(str(body["aptc"]))
    offers = {o.plan_id: o for o in catalog.plans_for_location(2026, "MA", "25025", "02108")}
    for plan in body["plans"]:
        offer = offers[plan["id"]]
        premium = plan_premium(offer, people, "MA", 2026)
        ehb = (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)
        credit = min(aptc, ehb)
        assert Decimal(str(plan["premium"])) == premium
        assert Decimal(str(plan["ehb_premium"])) == ehb
        assert Decimal(str(plan["premium_w_credit"])) == premium - credit
        assert Decimal(str(plan["aptc_applied"])) <= ehb


def test_plan_search_filters_sorts_and_pages(client):
    body = {
        **SMITHS,
        "filter": {
            "metal_levels": ["Silver", "Gold"],
            "types": ["HMO", "PPO"],
            "premium_range": {"max": 5000},
        },
        "sort": "deductible",
        "order": "desc",
        "offset": 2,
        "limit": 3,
    }
    result = post(client, "/api/v1/plans/search", body).json()
    assert len(result["plans"]) == 3 and result["offset"] == 2
    assert all(p["metal_level"] in ("Silver", "Gold") for p in result["plans"])
    assert all(p["type"] in ("HMO", "PPO") for p in result["plans"])
    deductibles = [
        next(d["amount"] for d in p["deductibles"] if d["family_cost"] == "Family")
        for p in result["plans"]
    ]
    assert deductibles == sorted(deductibles, reverse=True)


def test_plan_search_by_total_costs_and_quality(client):
    by_cost = post(client, "/api/v1/plans/search", {**SMITHS, "sort": "total_costs"}).json()
    costs = [p["estimated_yearly_costs"]["medium"] for p in by_cost["plans"]]
    assert costs == sorted(costs)
    by_quality = post(client, "/api/v1/plans/search", {**SMITHS, "sort": "quality_rating"})
    ratings = [p["quality_rating"]["global_rating"] or 0 for p in by_quality.json()["plans"]]
    assert ratings == sorted(ratings, reverse=True)


def test_bad_requests_name_each_field(client):
    bad = {
        "household": {"income": -5, "people": [{"age": 300}]},
        "place": {"state": "MA", "zipcode": "2108"},
        "limit": 1000,
    }
    response = post(client, "/api/v1/plans/search", bad)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "household.income" in errors
    assert "household.people.0.age" in errors
    assert "place.zipcode" in errors
    assert "limit" in errors


def test_another_state_or_a_wrong_county_is_a_400(client):
    other = {**SMITHS, "place": {"state": "VT", "zipcode": "05401"}}
    response = post(client, "/api/v1/plans/search", other)
    assert response.status_code == 400 and "place.state" in response.json()["errors"]
    wrong = {**SMITHS, "place": {"state": "MA", "zipcode": "02108", "countyfips": "25001"}}
    response = post(client, "/api/v1/households/eligibility/estimates", wrong)
    assert response.status_code == 400 and "place.countyfips" in response.json()["errors"]


def test_garbage_is_never_a_500(client):
    for body in ("not json", "[]", '{"household": null}', "{}"):
        response = client.post("/api/v1/plans/search", body, content_type="application/json")
        assert response.status_code in (400, 422), body
        assert "message" in response.json()


def test_post_endpoints_need_no_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = post(client, "/api/v1/households/eligibility/estimates", GARCIAS)
    assert response.status_code == 200


def test_plan_details_by_id_and_year(client):
    plan_id = post(client, "/api/v1/plans/search", SMITHS).json()["plans"][0]["id"]
    response = client.get(f"/api/v1/plans/{plan_id}?year=2026")
    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["id"] == plan_id
    assert len(body["benefits"]) == 11
    variant = client.get(f"/api/v1/plans/{plan_id}-01?year=2026").json()
    assert variant["plan"]["variant_id"] == f"{plan_id}-01"


def test_plan_details_errors(client):
    assert client.get("/api/v1/plans/99999MA9999999?year=2026").status_code == 404
    assert client.get("/api/v1/plans/not-a-plan").status_code == 400
    assert client.get("/api/v1/plans/99999MA9999999?year=banana").status_code == 422


def test_the_openapi_document_lists_the_contract(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "get" in paths["/api/v1/counties/by/zip/{zipcode}"]
    assert "post" in paths["/api/v1/households/eligibility/estimates"]
    assert "post" in paths["/api/v1/plans/search"]
    assert "get" in paths["/api/v1/plans/{plan_id}"]
    assert "get" in paths["/api/v1/crosswalk"]


def test_the_docs_page_loads_nothing_from_other_hosts(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/api/v1/plans/search" in html
    assert "cdn" not in html.lower() and "<script" not in html


def test_the_docs_page_has_the_sites_content_security_policy(client):
    response = client.get("/api/v1/docs")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_market_years(client):
    assert client.get("/api/v1/market-years").json() == {"years": [2026], "current": 2026}
