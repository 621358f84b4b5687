"""The provider and drug endpoints in the CMS Marketplace API's shapes: providers/search,
providers/covered, drugs/autocomplete, drugs/covered. Bay Colony's named files (tests/
providers_and_drugs/files.py) replace its demo files; the others stay."""

from __future__ import annotations

import pytest

from marketplace.api.providers_drugs import (
    DrugCoverageListOut,
    DrugsOut,
    ProviderCoverageListOut,
    ProviderSearchOut,
)
from marketplace.providers_and_drugs import versioning
from tests.providers_and_drugs import files
from tests.providers_and_drugs.conftest import import_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bay_colony(db, tmp_path):
    versioning.invalidate()
    import_files(files.write_bay_colony(tmp_path / "bay"))
    yield
    versioning.invalidate()


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_providers_search_nearest_first_in_the_cms_shape(client):
    body = get(client, "/api/v1/providers/search?zipcode=02108&q=ruiz&type=Individual")

    ProviderSearchOut.model_validate(body)
    assert body["providers"] == [
        {
            "provider": {
                "npi": files.RUIZ,
                "name": "Dr. Ana Ruiz",
                "type": "Individual",
                "specialties": ["Family Medicine"],
                "facility_types": [],
                "languages": ["English", "Spanish"],
                "accepting": "accepting",
                "gender": "Female",
            },
            "address": {
                "street_1": "12 Tremont Street",
                "street_2": "",
                "city": "Boston",
                "state": "MA",
                "zipcode": "02108",
                "phone": "6175550100",
            },
            "distance": 0.0,
        }
    ]
    assert body["next"] is None and body["prev"] is None


def test_providers_search_pages_with_next_and_prev(client):
    first = get(client, "/api/v1/providers/search?zipcode=02108&specialty=Family+Medicine")
    assert len(first["providers"]) == 10 and first["prev"] is None
    distances = [p["distance"] for p in first["providers"]]
    assert distances == sorted(distances)

    second = get(client, first["next"].removeprefix("http://testserver"))

    assert "offset=10" in first["next"] and "offset=0" in second["prev"]
    assert second["providers"][0]["distance"] >= distances[-1]
    assert not {p["provider"]["npi"] for p in first["providers"]} & {
        p["provider"]["npi"] for p in second["providers"]
    }


def test_providers_covered_per_provider_and_plan(client):
    url = (
        f"/api/v1/providers/covered?providerids={files.OKAFOR},{files.RUIZ}"
        f"&planids={files.SELECT},{files.GOLD}-01&year=2026"
    )
    body = get(client, url)

    ProviderCoverageListOut.model_validate(body)
    answers = {(a["npi"], a["plan_id"]): a for a in body["coverage"]}
    assert len(body["coverage"]) == 4
    assert answers[(files.OKAFOR, files.SELECT)]["coverage"] == "NotCovered"
    okafor_gold = answers[(files.OKAFOR, files.GOLD)]
    assert (okafor_gold["coverage"], okafor_gold["network_tier"]) == ("Covered", "NON-PREFERRED")
    assert okafor_gold["addresses"][0]["city"] == "Cambridge"
    assert answers[(files.RUIZ, files.SELECT)]["coverage"] == "Covered"


def test_drugs_autocomplete_and_covered(client):
    found = get(client, "/api/v1/drugs/autocomplete?q=semaglu")
    DrugsOut.model_validate(found)
    assert [d["rxcui"] for d in found["drugs"]] == [files.SEMAGLUTIDE]

    body = get(
        client,
        f"/api/v1/drugs/covered?drugs={files.SEMAGLUTIDE}&planids={files.SELECT},{files.GOLD}",
    )

    DrugCoverageListOut.model_validate(body)
    assert body["coverage"] == [
        {
            "rxcui": files.SEMAGLUTIDE,
            "plan_id": files.SELECT,
            "coverage": "NotCovered",
            "generic_rxcui": None,
            "drug_tier": None,
            "prior_authorization": None,
            "step_therapy": None,
            "quantity_limit": None,
        },
        {
            "rxcui": files.SEMAGLUTIDE,
            "plan_id": files.GOLD,
            "coverage": "Covered",
            "generic_rxcui": None,
            "drug_tier": "PREFERRED-BRAND",
            "prior_authorization": True,
            "step_therapy": False,
            "quantity_limit": False,
        },
    ]


def test_a_plan_whose_issuer_sent_no_files_reads_data_not_provided(client):
    body = get(client, f"/api/v1/drugs/covered?drugs={files.METFORMIN}&planids=99999MA0010001")

    assert [a["coverage"] for a in body["coverage"]] == ["DataNotProvided"]


def test_bad_input_answers_with_the_field(client):
    body = get(client, "/api/v1/drugs/autocomplete?q=me", status=422)
    assert body["code"] == 1003 and "q" in body["errors"]

    body = get(client, "/api/v1/providers/covered?providerids=123&planids=31642MA0010001", 400)
    assert body["errors"] == {
        "providerids": "Give 1 to 50 ids, separated by commas, each like 1234567893."
    }

    body = get(client, "/api/v1/providers/search?zipcode=00000", status=400)
    assert body["errors"] == {"zipcode": "Unknown zip code 00000."}

    body = get(client, "/api/v1/providers/search?zipcode=02108&type=Robot", status=400)
    assert body["errors"] == {"type": "Use Individual, Facility or Group."}


def test_errors_in_spanish_when_asked(client):
    response = client.get(
        "/api/v1/providers/search?zipcode=02108&type=Robot", HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"type": "Use Individual, Facility o Group."}


def test_the_openapi_document_lists_the_four_endpoints(client):
    paths = get(client, "/api/v1/openapi.json")["paths"]

    for path in ("providers/search", "providers/covered", "drugs/autocomplete", "drugs/covered"):
        assert f"/api/v1/{path}" in paths
