"""The OpenAPI document says what the server really accepts (issue 12): the values a hostile
client found the schema allowing and the server refusing (zip "0", income "", year 2014) are
now refused by both, or accepted by both, and the fuzzing keeps it so for the rest."""

from __future__ import annotations

import copy

import jsonschema_rs
import pytest

pytestmark = pytest.mark.django_db

GARCIAS = {
    "household": {
        "income": 52000,
        "people": [{"age": 40, "relationship": "Self"}, {"age": 38, "relationship": "Spouse"}],
    },
    "place": {"state": "MA", "zipcode": "02108", "countyfips": "25025"},
    "year": 2026,
}


def _with(path: tuple, value) -> dict:
    body = copy.deepcopy(GARCIAS)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


def _allows(schema: dict, value, document: dict) -> bool:
    """Whether the OpenAPI document's JSON Schema takes the value ($refs resolved in it)."""
    whole = {**schema, "components": document.get("components", {})}
    return jsonschema_rs.Draft202012Validator(whole).is_valid(value)


def _schema_allows(document: dict, path: str, body: dict) -> bool:
    operation = document["paths"][path]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return _allows(schema, body, document)


BODY_CASES = [
    (("place", "zipcode"), "0"),
    (("household", "income"), ""),
    (("year",), 2014),
    (("year",), 2013),
    (("place", "countyfips"), "0"),
]


@pytest.mark.parametrize(
    "path", ["/api/v1/households/eligibility/estimates", "/api/v1/plans/search"]
)
@pytest.mark.parametrize(("field", "value"), BODY_CASES)
def test_a_value_the_schema_refuses_the_server_refuses_by_name(client, path, field, value):
    document = client.get("/api/v1/openapi.json").json()
    body = _with(field, value)
    assert not _schema_allows(document, path, body)
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in (400, 422), response.content[:300]
    assert any(field[-1] in name for name in response.json()["errors"]), response.json()


@pytest.mark.parametrize(
    "path", ["/api/v1/households/eligibility/estimates", "/api/v1/plans/search"]
)
def test_the_request_the_schema_allows_is_answered(client, path):
    document = client.get("/api/v1/openapi.json").json()
    assert _schema_allows(document, path, GARCIAS)
    assert client.post(path, GARCIAS, content_type="application/json").status_code == 200


@pytest.mark.parametrize("query", ["year=2014", "year=2013", "year=abc"])
def test_a_year_the_schema_refuses_in_a_query_is_refused(client, query):
    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/plans/{plan_id}"]["get"]["parameters"]
    year = next(p for p in parameters if p["name"] == "year")["schema"]
    value = query.split("=")[1]
    value = int(value) if value.isdigit() else value
    assert not _allows(year, value, document)
    response = client.get(f"/api/v1/plans/12345MA0010001?{query}")
    assert response.status_code in (400, 422), response.content[:300]


@pytest.mark.parametrize("zipcode", ["0", "02", "021", "0210", "02108"])
def test_a_zip_code_prefix_the_schema_allows_is_answered(client, zipcode):
    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/counties/by/zip/{zipcode}"]["get"]["parameters"]
    pattern = next(p for p in parameters if p["name"] == "zipcode")["schema"]
    assert _allows(pattern, zipcode, document)
    assert client.get(f"/api/v1/counties/by/zip/{zipcode}").status_code in (200, 404)
