"""Requests written from CMS's published Marketplace API reference (docs/contracts.md 4.3): each is
accepted and answered in CMS's shapes with CMS's defaults. The reference's own examples use
an NC place; here the place is the served state's (Boston), everything else as published.

The households:
- Ana Lima, 27, the reference's quick-start shopper ($52,000, Female, no tobacco).
- The Reyes couple, the reference's "fully filled in household" (27 and 25, married).
"""

from __future__ import annotations

import copy
import itertools

import pytest

from marketplace.api.schemas import EstimatesOut, PlanDetailOut, PlanSearchOut

pytestmark = pytest.mark.django_db

PLACE = {"countyfips": "25025", "state": "MA", "zipcode": "02108"}
YEAR = 2026
SEARCH = "/api/v1/plans/search"
ESTIMATES = "/api/v1/households/eligibility/estimates"

#: The quick start: "a 27 year-old woman" posted to plans/search.
ANA = {
    "household": {
        "income": 52000,
        "people": [{"age": 27, "aptc_eligible": True, "gender": "Female", "uses_tobacco": False}],
    },
    "market": "Individual",
    "place": PLACE,
    "year": YEAR,
}
#: "the JSON of a fully filled in household, using all possible features".
REYES = {
    "aptc_override": 288.61,
    "household": {
        "effective_date": "2026-05-01",
        "has_married_couple": True,
        "income": 52000,
        "unemployment_received": "Adult",
        "people": [
            {
                "age": 27,
                "dob": "1999-01-01",
                "aptc_eligible": True,
                "does_not_cohabitate": False,
                "gender": "Female",
                "has_mec": False,
                "is_parent": False,
                "is_pregnant": False,
                "relationship": "Self",
                "uses_tobacco": False,
                "utilization_level": "Medium",
            },
            {
                "age": 25,
                "dob": "2001-03-03",
                "aptc_eligible": True,
                "does_not_cohabitate": False,
                "gender": "Male",
                "has_mec": False,
                "is_parent": False,
                "is_pregnant": False,
                "relationship": "Spouse",
                "uses_tobacco": False,
                "utilization_level": "Medium",
            },
        ],
    },
    "market": "Individual",
    "place": PLACE,
    "year": YEAR,
}
#: The eligibility estimates example: a date of birth instead of an age.
ESTIMATE_EXAMPLE = {
    "household": {
        "income": 52000,
        "people": [
            {"dob": "1992-01-01", "aptc_eligible": True, "gender": "Female", "uses_tobacco": False}
        ],
    },
    "market": "Individual",
    "place": PLACE,
    "year": YEAR,
}
#: The plans/search example: every person field the reference shows, paging and order.
SEARCH_EXAMPLE = {
    "household": {
        "income": 42000,
        "people": [
            {
                "aptc_eligible": True,
                "dob": "1992-01-01",
                "has_mec": False,
                "is_pregnant": False,
                "is_parent": False,
                "uses_tobacco": False,
                "gender": "Male",
                "utilization_level": "Low",
            }
        ],
        "has_married_couple": False,
    },
    "market": "Individual",
    "place": PLACE,
    "limit": 10,
    "offset": 0,
    "order": "asc",
    "year": YEAR,
}
#: Optional Person fields and the value CMS takes when one is left out.
PERSON_DEFAULTS = {
    "uses_tobacco": False,
    "is_pregnant": False,
    "is_parent": False,
    "has_mec": False,
    "aptc_eligible": True,
    "does_not_cohabitate": False,
    "relationship": "Self",
}


def post(client, path, body, **query):
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return client.post(path + suffix, body, content_type="application/json")


def ok(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.json()


def _plans(body) -> list[tuple]:
    return [(p["id"], p["premium"], p["premium_w_credit"]) for p in body["plans"]]


@pytest.mark.parametrize(
    ("path", "body", "shape"),
    [
        (SEARCH, ANA, PlanSearchOut),
        (SEARCH, REYES, PlanSearchOut),
        (SEARCH, SEARCH_EXAMPLE, PlanSearchOut),
        (ESTIMATES, ESTIMATE_EXAMPLE, EstimatesOut),
        (ESTIMATES, ANA, EstimatesOut),
        (ESTIMATES, REYES, EstimatesOut),
    ],
    ids=[
        "quick-start",
        "full-household",
        "search-example",
        "estimates-example",
        "estimates-quick-start",
        "estimates-full-household",
    ],
)
def test_the_reference_examples_are_answered_in_cms_shapes(client, path, body, shape):
    answer = ok(post(client, path, body))
    shape.model_validate(answer)


def test_the_api_key_query_parameter_cms_clients_send_is_accepted(client):
    ok(post(client, SEARCH, ANA, apikey="d687412e7b53146b2631dc01974ad0a4"))


@pytest.mark.parametrize("field", sorted(PERSON_DEFAULTS))
def test_each_optional_person_field_left_out_takes_cms_default(client, field):
    explicit = copy.deepcopy(ANA)
    explicit["household"]["people"][0][field] = PERSON_DEFAULTS[field]
    left_out = copy.deepcopy(ANA)
    left_out["household"]["people"][0].pop(field, None)
    assert _plans(ok(post(client, SEARCH, left_out))) == _plans(ok(post(client, SEARCH, explicit)))


@pytest.mark.parametrize("field", ["gender", "utilization_level", "relationship", "dob"])
def test_each_optional_field_of_the_full_household_can_be_left_out(client, field):
    body = copy.deepcopy(REYES)
    for person in body["household"]["people"]:
        person.pop(field)
    ok(post(client, SEARCH, body))


@pytest.mark.parametrize(
    ("field", "default"),
    [
        ("market", "Individual"),
        ("unemployment_received", "None"),
        ("effective_date", "2026-01-01"),
        ("has_married_couple", False),
        ("year", YEAR),
    ],
)
def test_each_household_field_left_out_takes_cms_default(client, field, default):
    explicit = copy.deepcopy(ANA)
    left_out = copy.deepcopy(ANA)
    if field in ("market", "year"):
        explicit[field] = default
        left_out.pop(field, None)
    else:
        explicit["household"][field] = default
        left_out["household"].pop(field, None)
    assert _plans(ok(post(client, SEARCH, left_out))) == _plans(ok(post(client, SEARCH, explicit)))


def test_a_household_without_relationships_takes_the_first_person_as_the_subscriber(client):
    """The Reyes without `relationship` (CMS: optional; has_married_couple makes the second
    person the spouse) answer exactly as with Self and Spouse."""
    body = copy.deepcopy(REYES)
    for person in body["household"]["people"]:
        person.pop("relationship")
    without = ok(post(client, ESTIMATES, body))
    with_them = ok(post(client, ESTIMATES, REYES))
    assert without == with_them
    assert without["determination"]["household_size"] == 2


def test_without_relationships_a_family_of_four_is_subscriber_spouse_and_children(client):
    people = [{"age": 40}, {"age": 38}, {"age": 10}, {"age": 7}]
    body = {
        "household": {"income": 52000, "has_married_couple": True, "people": people},
        "place": PLACE,
        "year": YEAR,
    }
    named = copy.deepcopy(body)
    for person, relationship in zip(
        named["household"]["people"], ["Self", "Spouse", "Child", "Child"], strict=True
    ):
        person["relationship"] = relationship
    assert ok(post(client, ESTIMATES, body)) == ok(post(client, ESTIMATES, named))


def test_age_wins_over_dob_and_dob_gives_the_age_on_the_effective_date(client):
    with_both = copy.deepcopy(ANA)
    with_both["household"]["people"][0]["dob"] = "1960-01-01"
    assert _plans(ok(post(client, SEARCH, with_both))) == _plans(ok(post(client, SEARCH, ANA)))
    by_dob = copy.deepcopy(ANA)
    person = by_dob["household"]["people"][0]
    person.pop("age")
    person["dob"] = "1998-06-15"  # 27 on 2026-01-01 (and 27 on the default effective date)
    assert _plans(ok(post(client, SEARCH, by_dob))) == _plans(ok(post(client, SEARCH, ANA)))
    later = copy.deepcopy(by_dob)
    later["household"]["effective_date"] = "2026-07-01"  # 28 by then: a higher premium
    older = ok(post(client, SEARCH, later))["plans"][0]["premium"]
    assert older > ok(post(client, SEARCH, ANA))["plans"][0]["premium"]


def test_neither_age_nor_dob_is_refused_naming_the_field(client):
    body = copy.deepcopy(ANA)
    body["household"]["people"][0].pop("age")
    response = post(client, SEARCH, body)
    assert response.status_code == 422
    assert response.json()["code"] == 1003
    assert response.json()["errors"] == {"household.people.0": "Give age or dob (YYYY-MM-DD)."}


def test_recent_tobacco_use_is_tobacco_use_and_pregnant_with_means_pregnant(client):
    smoker = copy.deepcopy(ANA)
    smoker["household"]["people"][0]["uses_tobacco"] = True
    recent = copy.deepcopy(ANA)
    recent["household"]["people"][0]["last_tobacco_use_date"] = "2025-10-01"
    long_ago = copy.deepcopy(ANA)
    long_ago["household"]["people"][0]["last_tobacco_use_date"] = "2024-01-01"
    assert _plans(ok(post(client, SEARCH, recent))) == _plans(ok(post(client, SEARCH, smoker)))
    assert _plans(ok(post(client, SEARCH, long_ago))) == _plans(ok(post(client, SEARCH, ANA)))
    expecting = copy.deepcopy(ANA)
    expecting["household"]["people"][0]["pregnant_with"] = 2
    pregnant = copy.deepcopy(ANA)
    pregnant["household"]["people"][0]["is_pregnant"] = True
    assert ok(post(client, ESTIMATES, expecting)) == ok(post(client, ESTIMATES, pregnant))


def test_estimates_name_the_csr_as_cms_does(client):
    low_income = copy.deepcopy(ANA)
    low_income["household"]["income"] = 23000  # 147% FPL (Medicaid uses this year's): silver 94
    estimate = ok(post(client, ESTIMATES, low_income))["estimates"][0]
    assert estimate["csr"] == "94% AV Level Silver Plan CSR" and estimate["csr_level"] == "94"
    assert estimate["aptc"] > 0 and estimate["is_medicaid_chip"] is False


def test_a_person_not_eligible_for_the_credit_gets_none(client):
    body = copy.deepcopy(ANA)
    body["household"]["people"][0]["aptc_eligible"] = False
    assert ok(post(client, ESTIMATES, body))["estimates"][0]["aptc"] == 0
    search = ok(post(client, SEARCH, body))
    assert search["aptc"] == 0
    assert all(p["premium_w_credit"] == p["premium"] for p in search["plans"])


def test_aptc_and_csr_overrides_price_the_plans(client):
    body = {**ANA, "aptc_override": 100, "csr_override": "CSR73", "limit": 100}
    answer = ok(post(client, SEARCH, body))
    assert answer["aptc"] == 100.0 and answer["csr"] == "73"
    for plan in answer["plans"]:
        if plan["metal_level"] == "Silver":
            assert plan["variant_id"].endswith("-04")
        if plan["metal_level"] != "Catastrophic":
            assert plan["aptc_applied"] == min(100.0, plan["ehb_premium"])


def test_catastrophic_override_and_suppressed_plans_narrow_the_list(client):
    everything = ok(post(client, SEARCH, {**ANA, "limit": 100}))
    first = everything["plans"][0]["id"]
    hidden = ok(post(client, SEARCH, {**ANA, "limit": 100, "suppressed_plan_ids": [first]}))
    assert first not in [p["id"] for p in hidden["plans"]]
    assert hidden["total"] == everything["total"] - 1
    no_catastrophic = ok(post(client, SEARCH, {**ANA, "catastrophic_override": False}))
    assert all(p["metal_level"] != "Catastrophic" for p in no_catastrophic["plans"])


def test_the_shop_market_has_no_plans_here(client):
    assert ok(post(client, SEARCH, {**ANA, "market": "SHOP"}))["total"] == 0


def test_cms_single_value_filters_and_design_types(client):
    spec = {
        "metal_level": "Gold",
        "type": "HMO",
        "design_types": ["DESIGN1"],
        "premium": 2000,
        "deductible": 10000,
        "quality_rating": 0,
        "division": "HealthCare",
    }
    answer = ok(post(client, SEARCH, {**ANA, "filter": spec, "limit": 100}))
    assert answer["plans"]
    assert all(p["metal_level"] == "Gold" and p["type"] == "HMO" for p in answer["plans"])
    assert all(p["design_type"] == "DESIGN1" for p in answer["plans"])
    dental = ok(post(client, SEARCH, {**ANA, "filter": {"division": "Dental"}}))
    assert dental["total"] == 0


def test_filters_on_data_the_exchange_lacks_are_refused_by_name(client):
    response = post(client, SEARCH, {**ANA, "filter": {"drugs": ["1049589"]}})
    assert response.status_code == 400
    assert "filter.drugs" in response.json()["errors"]
    assert ok(post(client, SEARCH, {**ANA, "filter": {"drugs": [], "simple_choice": False}}))


def test_sort_by_out_of_pocket_cost(client):
    answer = ok(post(client, SEARCH, {**ANA, "sort": "oopc", "limit": 100}))
    oopc = [
        p["estimated_yearly_costs"]["medium"] - 12 * p["premium_w_credit"] for p in answer["plans"]
    ]
    assert len(oopc) > 10
    assert all(a <= b + 0.01 for a, b in itertools.pairwise(oopc))


def test_the_year_can_be_a_query_parameter_as_in_cms(client):
    body = copy.deepcopy(ANA)
    body.pop("year")
    assert _plans(ok(post(client, SEARCH, body, year=YEAR))) == _plans(
        ok(post(client, SEARCH, ANA))
    )


def test_deductibles_and_moops_are_cms_objects(client):
    plan = ok(post(client, SEARCH, ANA))["plans"][0]
    for row in plan["deductibles"] + plan["moops"]:
        assert row["family_cost"] in ("Individual", "Family")
        assert row["individual"] is (row["family_cost"] == "Individual")
        assert row["family"] is (row["family_cost"] == "Family")
        assert row["network_tier"] == "In-Network"
        assert row["csr"] == "Exchange variant (no CSR)" or "CSR" in row["csr"]


def test_counties_by_zip_takes_a_prefix_for_typeahead(client):
    """CMS: "Find counties matching ZIP Code (5 digits or prefix thereof)"."""
    answer = ok(client.get("/api/v1/counties/by/zip/0210"))
    zips = {c["zipcode"] for c in answer["counties"]}
    assert "02108" in zips and all(z.startswith("0210") for z in zips)
    assert all(c["state"] == "MA" for c in answer["counties"])
    assert ok(client.get("/api/v1/counties/by/zip/0"))["counties"]
    assert client.get("/api/v1/counties/by/zip/9").status_code == 404


def test_plan_details_by_cms_id_and_year(client):
    plan_id = ok(post(client, SEARCH, ANA))["plans"][0]["id"]
    answer = ok(client.get(f"/api/v1/plans/{plan_id}", {"year": YEAR}))
    PlanDetailOut.model_validate(answer)
    assert answer["plan"]["id"] == plan_id and answer["plan"]["premium"] is None
