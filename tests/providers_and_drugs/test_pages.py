"""/find/ and the plan list, through the test client: Sam (30, Boston, $30,000) goes from his
plan list to the doctor and drug search, adds Dr. Ana Ruiz and metformin, and comes back to
plans marked and filtered by them. Bay Colony's named files (files.py) replace its demo
files for these tests; every other demo issuer keeps its own."""

from __future__ import annotations

import html
import re

import pytest

from marketplace.providers_and_drugs.models import FormularyEntry, NetworkEntry, NetworkPlan
from tests.providers_and_drugs import files
from tests.providers_and_drugs.conftest import import_files
from tests.shopping import support
from tests.staff import caseworker

pytestmark = pytest.mark.usefixtures("demo_catalog")
SAM_PLANS = "/shop/plans/?" + support.qs(support.SAM)


@pytest.fixture
def bay_colony(db, tmp_path):
    import_files(files.write_bay_colony(tmp_path / "bay"))
    support.clear_caches()
    yield
    support.clear_caches()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def links(text: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', text)]


def find_link(client) -> str:
    return next(h for h in links(page(client, SAM_PLANS)) if h.startswith("/find/?"))


def arrive(client) -> None:
    """Follow the plan list's "Find your doctors and drugs" link."""
    response = client.get(find_link(client))
    assert response.status_code == 302 and response["Location"] == "/find/"


def post(client, **data):
    return client.post("/find/", data)


def add_ruiz_and_metformin(client) -> None:
    arrive(client)
    post(
        client,
        action="search_providers",
        name="ruiz",
        specialty="",
        kind="",
        zip="02108",
        distance="25",
    )
    found = page(client, "/find/")
    assert files.RUIZ in re.findall(r'data-npi="(\d+)"', found)
    post(client, action="add_provider", key=files.RUIZ)
    post(client, action="search_drugs", drug="metformin")
    post(client, action="add_drug", key=files.METFORMIN)


def expected_provider_mark(plan_id: str) -> tuple[str, str]:
    """What the files say about Dr. Ruiz and the plan, read straight from the tables."""
    if NetworkEntry.objects.filter(npi=files.RUIZ, plan_id=plan_id).exists():
        return "Covered", "Dr. Ana Ruiz: in network"
    if NetworkPlan.objects.filter(plan_id=plan_id, has_network_data=True).exists():
        return "NotCovered", "Dr. Ana Ruiz: not in network"
    return "DataNotProvided", "Dr. Ana Ruiz: no provider list from this insurer"


def expected_drug_coverage(plan_id: str) -> str:
    if FormularyEntry.objects.filter(rxcui=files.METFORMIN, plan_id=plan_id).exists():
        return "Covered"
    if NetworkPlan.objects.filter(plan_id=plan_id, has_formulary_data=True).exists():
        return "NotCovered"
    return "DataNotProvided"


def cards(text: str) -> dict[str, list[tuple[str, str]]]:
    """{plan id: [(coverage, text)]} of the plan cards."""
    found = {}
    for chunk in text.split('data-plan-id="')[1:]:
        plan_id, body = chunk.split('"', 1)
        found[plan_id] = [
            (coverage, html.unescape(words))
            for coverage, words in re.findall(r'data-coverage="(\w+)">([^<]+)<', body)
        ]
    return found


@pytest.mark.usefixtures("bay_colony")
def test_the_plan_list_leads_to_the_search_and_back(client):
    plans = page(client, SAM_PLANS)
    assert "Is my doctor covered?" in plans

    arrive(client)
    found = page(client, "/find/")

    assert "<h1>Your doctors and drugs</h1>" in found
    assert SAM_PLANS in links(found)  # "Back to plans" goes where Sam came from
    assert 'value="02108"' in found  # his zip code for distances


@pytest.mark.usefixtures("bay_colony")
def test_sam_adds_a_doctor_and_a_drug_and_sees_plans_marked(client):
    add_ruiz_and_metformin(client)
    found = page(client, "/find/")
    assert "Dr. Ana Ruiz" in found and "metformin hydrochloride 500 MG Oral Tablet" in found
    back = next(h for h in links(found) if h.startswith("/shop/plans/"))

    marked = cards(page(client, back))

    assert marked  # a page of plans, every one marked
    for plan_id, marks in marked.items():
        assert marks[0] == expected_provider_mark(plan_id)
        assert marks[1][0] == expected_drug_coverage(plan_id)
    gold = marked.get(files.GOLD)
    if gold:  # Bay Colony's Value Bronze, in Sam's list when his page shows it
        assert gold[1][1] == (
            "metformin hydrochloride 500 MG Oral Tablet: covered (generic, $10 copay)"
        )


@pytest.mark.usefixtures("bay_colony")
def test_only_plans_that_cover_everything(client):
    add_ruiz_and_metformin(client)

    text = page(client, SAM_PLANS + "&covered=1")

    offered = set(cards(text))
    assert offered == {files.SELECT, files.GOLD} & offered
    assert files.GOLD in offered or files.SELECT in offered
    assert 'name="covered" value="1" checked' in text
    assert re.search(r"<h2 id=\"results-heading\">\d plans?</h2>", text)


@pytest.mark.usefixtures("bay_colony")
def test_removing_a_choice(client):
    add_ruiz_and_metformin(client)

    response = post(client, action="remove_provider", key=files.RUIZ)

    assert response.status_code == 302
    found = page(client, "/find/")
    assert "Removed Dr. Ana Ruiz from your list." in found
    assert 'data-testid="chosen-providers"' not in found
    marks = cards(page(client, SAM_PLANS))
    assert marks and all(
        [text.split(":")[0] for _, text in found] == ["metformin hydrochloride 500 MG Oral Tablet"]
        for found in marks.values()
    )


@pytest.mark.usefixtures("bay_colony")
def test_what_sam_chose_never_reaches_a_url(client):
    arrive(client)
    responses = [
        post(
            client,
            action="search_providers",
            name="Ruiz",
            specialty="",
            kind="",
            zip="02108",
            distance="25",
        ),
        post(client, action="add_provider", key=files.RUIZ),
        post(client, action="search_drugs", drug="metformin"),
        post(client, action="add_drug", key=files.METFORMIN),
    ]

    for response in responses:
        assert response.status_code == 302
        assert "?" not in response["Location"]
    for text in (page(client, "/find/"), page(client, SAM_PLANS)):
        assert not [h for h in links(text) if files.RUIZ in h or "metformin" in h.lower()]


@pytest.mark.usefixtures("bay_colony")
def test_bad_input_names_the_field_and_keeps_what_was_typed(client):
    arrive(client)

    response = post(
        client,
        action="search_providers",
        name="Ruiz",
        specialty="",
        kind="",
        zip="0210",
        distance="25",
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert 'id="zip-error">Enter a 5-digit zip code, like 02108.<' in text
    assert 'value="0210"' in text and 'value="Ruiz"' in text
    assert '<a href="#zip">' in text

    response = post(
        client, action="search_providers", name="", specialty="", kind="", zip="", distance="25"
    )
    assert response.status_code == 400
    assert "Enter a name or an NPI, choose a specialty, or enter a zip code" in (
        response.content.decode()
    )

    response = post(client, action="search_drugs", drug="me")
    assert response.status_code == 400
    assert "Enter at least 3 letters of the drug&#x27;s name" in response.content.decode()

    response = post(client, action="add_provider", key="9999999999")
    assert response.status_code == 400
    assert post(client, action="delete_everything").status_code == 400


def test_a_list_holds_ten_of_each(client, db):
    arrive(client)
    post(
        client,
        action="search_providers",
        name="",
        specialty="",
        kind="",
        zip="02108",
        distance="25",
    )
    npis = []
    for number in (1, 2):
        npis += re.findall(r'data-npi="(\d+)"', page(client, f"/find/?page={number}"))
    assert len(npis) >= 11
    for npi in npis[:10]:
        assert post(client, action="add_provider", key=npi).status_code == 302

    response = post(client, action="add_provider", key=npis[10])

    assert response.status_code == 400
    assert "You can add up to 10 doctors and places." in response.content.decode()


def test_the_page_works_in_spanish(client, db):
    client.cookies["marketplace_language"] = "es"
    arrive(client)
    post(
        client,
        action="search_providers",
        name="",
        specialty="Cardiology",
        kind="",
        zip="02108",
        distance="25",
    )

    text = page(client, "/find/")

    assert "<h1>Sus médicos y medicamentos</h1>" in text
    assert "Cardiología" in text
    assert re.search(r"a \d+\.\d millas|en este código postal", text)  # ADR 0601 formats


def test_staff_see_the_imports_and_their_exceptions(client, db):
    assert client.get("/find/files/").status_code == 302  # sign in first
    caseworker(client)

    text = page(client, "/find/files/")

    assert "Provider and drug files" in text and "Issuer 31642, 2026" in text
