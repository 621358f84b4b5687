"""Searching the loaded files: by name, NPI, specialty, type and distance from a zip code,
and drugs by name or RxNorm id; coverage per plan for what a person chose."""

from __future__ import annotations

import pytest

from marketplace.providers_and_drugs.choices import Choices, Chosen
from marketplace.providers_and_drugs.coverage import marks_for_plans
from marketplace.providers_and_drugs.search import (
    ProviderQuery,
    search_drugs,
    search_providers,
    specialties,
)
from tests.providers_and_drugs import files
from tests.providers_and_drugs.conftest import import_files

pytestmark = pytest.mark.usefixtures("empty_directory")


@pytest.fixture
def bay_colony(tmp_path, empty_directory):
    import_files(files.write_bay_colony(tmp_path / "bay"))


def names(**criteria) -> list[str]:
    found = search_providers(ProviderQuery(year=files.YEAR, **criteria))
    return [p.name for p in found.results]


@pytest.mark.usefixtures("bay_colony")
def test_by_name_words_in_any_order_and_case_without_accents():
    assert names(text="ruiz") == ["Dr. Ana Ruiz"]
    assert names(text="Ana Ruíz") == ["Dr. Ana Ruiz"]
    assert names(text="harb gen") == ["Harbor General Hospital"]
    assert names(text="okafor cambridge") == []  # every word must match the name


@pytest.mark.usefixtures("bay_colony")
def test_by_npi():
    assert names(text=files.ELM) == ["Elm Street Pharmacy"]
    assert names(text="1234567891") == []


@pytest.mark.usefixtures("bay_colony")
def test_by_specialty_and_by_type():
    assert names(specialty="cardiology") == ["Dr. Samuel Okafor"]
    assert names(specialty="Pharmacy") == ["Elm Street Pharmacy"]
    assert names(kinds=("facility",)) == ["Elm Street Pharmacy", "Harbor General Hospital"]
    assert specialties(files.YEAR) == ["Cardiology", "Family Medicine", "Hospital", "Pharmacy"]


@pytest.mark.usefixtures("bay_colony")
def test_nearest_first_from_a_zip_code_with_distances():
    found = search_providers(ProviderQuery(year=files.YEAR, zipcode="02108")).results

    assert [p.name for p in found] == [
        "Dr. Ana Ruiz",  # same zip: 0 miles
        "Harbor General Hospital",  # 02114, West End
        "Dr. Samuel Okafor",  # Cambridge
        "Elm Street Pharmacy",  # Worcester
    ]
    miles = [p.distance_miles for p in found]
    assert miles == sorted(miles) and miles[0] == 0
    assert 1 < miles[2] < 3 and 35 < miles[3] < 45
    assert found[3].address.city == "Worcester"


@pytest.mark.usefixtures("bay_colony")
def test_a_radius_leaves_out_what_is_farther():
    assert names(zipcode="02108", radius_miles=10) == [
        "Dr. Ana Ruiz",
        "Harbor General Hospital",
        "Dr. Samuel Okafor",
    ]
    assert names(zipcode="01608", radius_miles=5) == ["Elm Street Pharmacy"]
    assert names(zipcode="02108", specialty="cardiology", radius_miles=1) == []


@pytest.mark.usefixtures("bay_colony")
def test_pages_of_results():
    first = search_providers(ProviderQuery(year=files.YEAR, zipcode="02108", limit=3))
    second = search_providers(ProviderQuery(year=files.YEAR, zipcode="02108", limit=3, offset=3))

    assert first.more and not second.more
    assert [p.name for p in second.results] == ["Elm Street Pharmacy"]


@pytest.mark.usefixtures("bay_colony")
def test_drugs_by_name_words_or_rxnorm_id():
    assert [d.rxcui for d in search_drugs(files.YEAR, "metf")] == [files.METFORMIN]
    assert [d.rxcui for d in search_drugs(files.YEAR, "Semaglutide pen")] == [files.SEMAGLUTIDE]
    assert [d.name for d in search_drugs(files.YEAR, files.METFORMIN)] == [
        "metformin hydrochloride 500 MG Oral Tablet"
    ]
    assert search_drugs(files.YEAR, "insulin") == []
    assert search_drugs(2025, "metformin") == []  # the files are for 2026


@pytest.mark.usefixtures("bay_colony")
def test_marks_say_which_plans_cover_the_choices():
    """Maria chose Dr. Samuel Okafor and her semaglutide pen."""
    chosen = Choices(
        providers=(Chosen(files.OKAFOR, "Dr. Samuel Okafor"),),
        drugs=(Chosen(files.SEMAGLUTIDE, "semaglutide pen"),),
    )

    marks = marks_for_plans(chosen, files.YEAR, [files.SELECT, files.GOLD, "52386MA0010001"])

    gold = {m.kind: m for m in marks[files.GOLD].marks}
    assert marks[files.GOLD].covers_all
    assert (gold["provider"].coverage, gold["provider"].network_tier) == (
        "Covered",
        "NON-PREFERRED",
    )
    assert (gold["drug"].drug_tier, gold["drug"].prior_authorization) == ("PREFERRED-BRAND", True)
    assert str(gold["drug"].cost_share.coinsurance) == "0.4"
    assert [m.coverage for m in marks[files.SELECT].marks] == ["NotCovered", "NotCovered"]
    assert marks[files.SELECT].covered_count == 0
    assert [m.coverage for m in marks["52386MA0010001"].marks] == [
        "DataNotProvided",
        "DataNotProvided",
    ]
