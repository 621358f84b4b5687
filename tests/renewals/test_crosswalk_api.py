"""`GET /api/v1/crosswalk` (CMS's "crosswalk a previous year plan"): the 2026 -> 2027 demo
crosswalk as the issuers filed it, for the place asked about, in English and Spanish."""

from __future__ import annotations

import pytest

from marketplace.catalog.models import CrosswalkLevel, PlanCrosswalk, ZipCounty

pytestmark = pytest.mark.django_db

URL = "/api/v1/crosswalk"


def ask(client, plan_id, zipcode, fips, year=2026, state="MA", **headers):
    query = {"year": year, "plan_id": plan_id, "state": state, "zipcode": zipcode, "fips": fips}
    return client.get(URL, query, **headers)


def a_zip_of(county: str, but_not=()) -> str:
    zips = ZipCounty.objects.filter(county__fips=county).exclude(zipcode__in=but_not)
    return zips.order_by("zipcode").values_list("zipcode", flat=True).first()


def test_a_plan_renewed_as_it_is(client):
    row = PlanCrosswalk.objects.filter(
        to_year=2027, state="MA", level=CrosswalkLevel.SAME_PLAN, county_fips="25025"
    ).first()
    response = ask(client, row.from_plan_id, "02108", "25025")
    assert response.status_code == 200
    assert response.json() == {
        "new_plan_id": row.from_plan_id,
        "level": "1",
        "reason": row.reason,
        "level_description": "Same plan",
        "new_year": 2027,
    }


def test_a_discontinued_plan_names_the_plan_of_the_same_product(client):
    row = PlanCrosswalk.objects.get(to_year=2027, state="MA", level=CrosswalkLevel.SAME_PRODUCT)
    assert not row.county_fips  # filed for the whole service area
    body = ask(client, f"{row.from_plan_id}-01", "02108", "25025").json()  # a variant's id
    assert body["new_plan_id"] == row.to_plan_id != row.from_plan_id
    assert body["new_plan_id"][:10] == row.from_plan_id[:10]
    assert (body["level"], body["level_description"]) == ("2", "Another plan of the same product")


def test_the_place_decides_an_issuer_leaving_one_county(client):
    leaving = PlanCrosswalk.objects.filter(
        to_year=2027, county_fips="25021", reason="Issuer leaving county"
    ).first()
    there = ask(client, leaving.from_plan_id, a_zip_of("25021"), "25021").json()
    assert there["new_plan_id"] is None
    assert there["level"] == "0" and there["reason"] == "Issuer leaving county"
    assert there["level_description"] == "Not crosswalked: the enrollee must choose"
    staying = ask(client, leaving.from_plan_id, "02108", "25025").json()
    assert staying["new_plan_id"] == leaving.from_plan_id and staying["level"] == "1"


def test_a_partial_county_answers_only_for_its_zip_codes(client):
    row = next(r for r in PlanCrosswalk.objects.filter(to_year=2027) if r.zipcodes)
    inside = ask(client, row.from_plan_id, row.zipcodes[0], row.county_fips)
    assert inside.status_code == 200 and inside.json()["new_plan_id"] == row.to_plan_id
    elsewhere = a_zip_of(row.county_fips, but_not=row.zipcodes)
    outside = ask(client, row.from_plan_id, elsewhere, row.county_fips)
    assert outside.status_code == 404
    assert outside.json()["code"] == 1005
    assert set(outside.json()["errors"]) == {"plan_id"}


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"year": 2027}, 404, 1005, "plan_id"),  # no 2028 crosswalk is filed
        ({"plan_id": "99999MA9999999"}, 404, 1006, "plan_id"),
        ({"state": "NY"}, 400, 1002, "state"),
        ({"zipcode": "10001"}, 400, 1001, "zipcode"),  # New York's, not the state's
        ({"fips": "25017"}, 400, 1001, "fips"),  # Middlesex does not hold 02108
        ({"plan_id": "not-a-plan"}, 422, 1003, "plan_id"),
        ({"zipcode": "021"}, 422, 1003, "zipcode"),
        ({"year": "soon"}, 422, 1003, "year"),
    ],
)
def test_each_refusal_names_its_field(client, change, status, code, field):
    renewing = PlanCrosswalk.objects.filter(to_year=2027, county_fips="25025").first()
    query = {"plan_id": renewing.from_plan_id, "zipcode": "02108", "fips": "25025", **change}
    response = ask(client, **query)
    assert response.status_code == status
    body = response.json()
    assert (body["code"], body["status"]) == (code, status)
    assert field in body["errors"] and body["message"]


def test_in_spanish(client):
    row = PlanCrosswalk.objects.get(to_year=2027, state="MA", level=CrosswalkLevel.SAME_PRODUCT)
    body = ask(client, row.from_plan_id, "02108", "25025", HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["level_description"] == "Otro plan del mismo producto"
    assert body["reason"] == row.reason  # as the issuer filed it
    renewing = row.to_plan_id  # a 2027 plan: no 2028 crosswalk is filed
    missing = ask(client, renewing, "02108", "25025", year=2027, HTTP_ACCEPT_LANGUAGE="es")
    assert missing.json()["message"].startswith("No hay correspondencia (crosswalk) del plan")


def test_the_openapi_document_describes_it(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"year", "plan_id", "state", "zipcode", "fips"}
    assert {"200", "400", "404", "422"} <= set(operation["responses"])
