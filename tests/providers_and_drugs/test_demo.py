"""The demo issuers' provider and formulary files: generated like the demo PUF files
(deterministic), valid in the CMS format, real RxNorm drugs, networks that differ by plan,
and loaded by `load-demo` for every plan year it loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketplace.catalog.demo.generator import generate as generate_puf
from marketplace.catalog.models import Plan
from marketplace.providers_and_drugs.demo import data
from marketplace.providers_and_drugs.demo.generator import generate
from marketplace.providers_and_drugs.demo.loader import load_demo_files
from marketplace.providers_and_drugs.geo import zip_place
from marketplace.providers_and_drugs.models import FileImport, NetworkPlan
from marketplace.providers_and_drugs.qhp_files import read_issuer_directory
from marketplace.providers_and_drugs.qhp_files.values import npi_check_digit


@pytest.fixture(scope="module")
def puf_2026(tmp_path_factory) -> Path:
    return generate_puf(tmp_path_factory.mktemp("puf"), years=(2026,))[2026]


@pytest.fixture(scope="module")
def demo_files(puf_2026, tmp_path_factory) -> list[Path]:
    return generate(puf_2026, tmp_path_factory.mktemp("files"))


def read(path: Path):
    return json.loads(path.read_text())


def test_the_same_puf_files_give_the_same_bytes(puf_2026, demo_files, tmp_path):
    again = generate(puf_2026, tmp_path)

    assert [d.name for d in again] == [d.name for d in demo_files]
    for directory in demo_files:
        for name in ("index.json", "plans.json", "providers.json", "drugs.json"):
            assert (tmp_path / directory.name / name).read_bytes() == (
                directory / name
            ).read_bytes()


def test_every_record_is_valid_in_the_cms_format(demo_files):
    for directory in demo_files:
        bundle = read_issuer_directory(directory)
        issuer = bundle.issuers[directory.name]
        assert not issuer.rejected and not bundle.unattributed
        assert issuer.providers and issuer.drugs
        assert issuer.years() == {2026}


def test_a_few_hundred_providers_per_large_state_with_real_places(demo_files):
    npis, states = set(), {}
    for directory in demo_files:
        for record in read(directory / "providers.json"):
            npis.add(record["npi"])
            address = record["addresses"][0]
            place = zip_place(address["zip"])
            assert place is not None and place.state == address["state"]
            states.setdefault(address["state"], set()).add(record["npi"])
    assert all(npi[0] == "9" and npi_check_digit(npi[:9]) == int(npi[9]) for npi in npis)
    assert 200 <= len(states["MA"]) <= 310 and 200 <= len(states["NC"]) <= 310
    assert 60 <= len(states["VT"]) <= 120


def test_networks_differ_by_plan(demo_files):
    bay_colony = next(d for d in demo_files if d.name == "31642")
    members: dict[str, set[str]] = {}
    for record in read(bay_colony / "providers.json"):
        for link in record["plans"]:
            members.setdefault(link["plan_id"], set()).add(record["npi"])
    by_name = {p["marketing_name"]: p["plan_id"] for p in read(bay_colony / "plans.json")}
    select = members[by_name["Bay Colony Health Plan Silver Select HMO"]]
    gold = members[by_name["Bay Colony Health Plan Gold Plus HMO"]]
    assert select < gold  # the Select network is a part of the broad one
    assert len(select) < 0.8 * len(gold)
    assert len({frozenset(m) for m in members.values()}) == 2


def test_the_formulary_is_real_rxnorm_drugs(demo_files):
    known = {rxcui: name for rxcui, name, _kind, _source in data.DRUGS}
    for directory in demo_files:
        drugs = read(directory / "drugs.json")
        assert {d["rxnorm_id"]: d["drug_name"] for d in drugs}.items() <= known.items()
        assert len(drugs) == len(known) - 2  # each demo issuer leaves out two costly drugs
    tiers = {
        link["drug_tier"]
        for directory in demo_files
        for record in read(directory / "drugs.json")
        for link in record["plans"]
    }
    assert tiers == {
        "GENERIC",
        "PREFERRED-BRAND",
        "NON-PREFERRED-BRAND",
        "SPECIALTY",
        "ZERO-COST-SHARE-PREVENTIVE",
    }


def test_tier_cost_sharing_comes_from_the_plans_own_benefits(demo_files):
    plans = read(next(d for d in demo_files if d.name == "31642") / "plans.json")
    for plan in plans:
        tiers = {t["drug_tier"]: t["cost_sharing"][0] for t in plan["formulary"]}
        assert tiers["ZERO-COST-SHARE-PREVENTIVE"]["copay_opt"] == "NO-CHARGE"
        generic = tiers["GENERIC"]
        assert generic["copay_amount"] > 0 or generic["copay_opt"] == "NO-CHARGE-AFTER-DEDUCTIBLE"


@pytest.mark.django_db
def test_every_year_given_is_loaded(tmp_path, empty_directory):
    directories = generate_puf(tmp_path, years=(2025, 2026))

    said = load_demo_files(None, directories=directories)

    assert "for 2025, 2026" in said
    years = set(FileImport.objects.values_list("year", flat=True))
    assert years == {2025, 2026}
    assert FileImport.objects.filter(is_current=True).count() == 2 * 14  # 14 demo issuers


@pytest.mark.usefixtures("demo_catalog")
@pytest.mark.django_db
def test_load_demo_gives_every_catalog_plan_a_network_and_a_formulary():
    catalog_plans = set(
        Plan.objects.filter(year=2026).values_list("standard_component_id", flat=True)
    )
    with_files = NetworkPlan.objects.filter(
        year=2026, has_network_data=True, has_formulary_data=True
    ).values_list("plan_id", flat=True)

    assert catalog_plans and catalog_plans <= set(with_files)
