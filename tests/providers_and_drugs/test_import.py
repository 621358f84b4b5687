"""`marketplace import-provider-drug-files`: good files load, a bad record goes to the
exceptions list with its reason while the rest loads, and a re-import replaces the issuer's
year in one transaction (a failed one changes nothing)."""

from __future__ import annotations

import json

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.providers_and_drugs import coverage, importer
from marketplace.providers_and_drugs.models import (
    FileImport,
    FormularyEntry,
    ImportException,
    NetworkEntry,
    Provider,
)
from marketplace.providers_and_drugs.search import ProviderQuery, search_providers
from tests.providers_and_drugs import files
from tests.providers_and_drugs.conftest import import_files

pytestmark = pytest.mark.usefixtures("empty_directory")


def _network(npi: str) -> set[tuple[str, str]]:
    return set(
        NetworkEntry.objects.filter(year=files.YEAR, npi=npi).values_list("plan_id", "network_tier")
    )


def test_bay_colony_files_load_with_their_networks_and_formulary(tmp_path):
    status, out, _ = import_files(files.write_bay_colony(tmp_path / "bay-colony"))

    assert status == 0
    assert "Issuer 31642, 2026: 2 plans, 4 providers" in out
    assert "2 drugs" in out and "0 exceptions" in out
    assert _network(files.RUIZ) == {(files.SELECT, "PREFERRED"), (files.GOLD, "PREFERRED")}
    assert _network(files.OKAFOR) == {(files.GOLD, "NON-PREFERRED")}
    semaglutide = FormularyEntry.objects.get(rxcui=files.SEMAGLUTIDE, plan_id=files.GOLD)
    assert (semaglutide.drug_tier, semaglutide.prior_authorization) == ("PREFERRED-BRAND", True)
    ruiz = Provider.objects.get(npi=files.RUIZ)
    assert (ruiz.name, ruiz.specialties, ruiz.languages) == (
        "Dr. Ana Ruiz",
        ["Family Medicine"],
        ["English", "Spanish"],
    )
    current = FileImport.objects.get(issuer_id="31642", year=files.YEAR, is_current=True)
    audit = AuditEvent.objects.get(
        action="providers_and_drugs.files_imported", object_id=str(current.pk)
    )
    assert audit.detail["issuer"] == "31642" and audit.detail["counts"]["providers"] == 4


def test_a_bad_record_goes_to_the_exceptions_list_and_the_rest_loads(tmp_path):
    providers = files.bay_colony_providers()
    providers[1]["npi"] = files.OKAFOR[:9] + str((int(files.OKAFOR[9]) + 1) % 10)  # typo
    providers[2]["plans"].append(files.link("31642MA0019999"))  # a plan not in plans.json
    drugs = files.bay_colony_drugs()
    del drugs[1]["drug_name"]
    directory = files.write_issuer(tmp_path / "bay", files.bay_colony_plans(), providers, drugs)

    status, out, _ = import_files(directory)

    assert status == 0
    assert "3 providers" in out and "1 drugs" in out and "3 exceptions" in out
    reasons = {(e.file_name, e.record_number): e.reason for e in ImportException.objects.all()}
    assert "has a wrong check digit" in reasons[("providers.json", 2)]
    assert reasons[("providers.json", 3)] == (
        "loaded without 1 of its plan links: plan 31642MA0019999 is not in plans.json"
    )
    assert reasons[("drugs.json", 2)] == "drug_name is missing"
    assert "drug_name is missing" in out  # the command lists them
    assert not Provider.objects.filter(npi__startswith=files.OKAFOR[:9]).exists()
    assert _network(files.HARBOR) == {(files.SELECT, "PREFERRED"), (files.GOLD, "PREFERRED")}


def test_a_network_tier_the_plan_does_not_list_is_refused(tmp_path):
    providers = files.bay_colony_providers()
    providers[0]["plans"] = [files.link(files.SELECT, "NON-PREFERRED")]  # Select has one tier
    directory = files.write_issuer(tmp_path / "bay", files.bay_colony_plans(), providers, [])

    import_files(directory)

    exception = ImportException.objects.get(identifier=files.RUIZ)
    assert exception.reason == (
        "network_tier NON-PREFERRED is not one plans.json lists for 31642MA0010001 (PREFERRED)"
    )
    assert not Provider.objects.filter(npi=files.RUIZ).exists()


def test_a_reimport_replaces_the_issuers_year(tmp_path):
    import_files(files.write_bay_colony(tmp_path / "v1"))
    providers = [p for p in files.bay_colony_providers() if p["npi"] != files.OKAFOR]
    providers[0]["plans"] = [files.link(files.GOLD)]  # Dr. Ruiz leaves the Select network
    drugs = files.bay_colony_drugs()[:1]
    directory = files.write_issuer(tmp_path / "v2", files.bay_colony_plans(), providers, drugs)

    status, out, _ = import_files(directory)

    assert status == 0 and "3 providers" in out
    assert _network(files.RUIZ) == {(files.GOLD, "PREFERRED")}
    assert not Provider.objects.filter(npi=files.OKAFOR).exists()
    assert not FormularyEntry.objects.filter(rxcui=files.SEMAGLUTIDE).exists()
    imports = FileImport.objects.filter(issuer_id="31642", year=files.YEAR)
    assert [i.is_current for i in imports.order_by("id")] == [False, True]
    assert imports.get(is_current=True).counts["replaced_imports"] == 1


def test_a_file_that_cannot_be_read_changes_nothing(tmp_path):
    import_files(files.write_bay_colony(tmp_path / "v1"))
    broken = files.write_bay_colony(tmp_path / "v2")
    (broken / "providers.json").write_text('[{"npi": ')

    status, _, err = import_files(broken)

    assert status == 1
    assert "providers.json is not valid JSON (line 1)" in err
    assert _network(files.OKAFOR) == {(files.GOLD, "NON-PREFERRED")}
    assert FileImport.objects.count() == 1


def test_a_failure_while_writing_leaves_the_old_data(tmp_path, monkeypatch):
    import_files(files.write_bay_colony(tmp_path / "v1"))

    def disk_full(*args):
        raise OSError("disk full")

    monkeypatch.setattr(importer, "_write_drugs", disk_full)
    with pytest.raises(OSError, match="disk full"):
        importer.import_directory(files.write_bay_colony(tmp_path / "v2"))

    assert FileImport.objects.filter(is_current=True).count() == 1
    assert _network(files.RUIZ) == {(files.SELECT, "PREFERRED"), (files.GOLD, "PREFERRED")}


def test_only_the_year_asked_for_is_replaced(tmp_path):
    status, out, _ = import_files(files.write_bay_colony(tmp_path / "bay"), year=2027)

    assert status == 0
    assert "issuer 31642 offers no plan in 2027; its data for that year is unchanged" in out
    assert not FileImport.objects.exists()


def test_a_directory_of_issuers_and_the_cms_index_name(tmp_path):
    files.write_issuer(
        tmp_path / "all" / "bay",
        files.bay_colony_plans(),
        files.bay_colony_providers(),
        files.bay_colony_drugs(),
        index_name="cms-data-index.json",
    )
    files.write_pioneer(tmp_path / "all" / "pioneer")

    status, out, _ = import_files(tmp_path / "all")

    assert status == 0
    assert "Issuer 31642, 2026" in out and "Issuer 52386, 2026" in out
    assert Provider.objects.filter(npi=files.RUIZ).count() == 2  # one record per issuer
    found = search_providers(ProviderQuery(year=files.YEAR, text=files.RUIZ))
    assert [p.specialties for p in found.results] == [("Family Medicine", "Pediatrics")]


def test_the_2015_spelling_and_links_without_years(tmp_path):
    providers = files.bay_colony_providers()
    providers[0]["speciality"] = providers[0].pop("specialty")
    for entry in providers[0]["plans"]:
        del entry["years"]  # the plan's years apply
    directory = files.write_issuer(tmp_path / "bay", files.bay_colony_plans(), providers, [])

    import_files(directory)

    assert Provider.objects.get(npi=files.RUIZ).specialties == ["Family Medicine"]
    assert len(_network(files.RUIZ)) == 2


def test_a_plan_with_no_drug_file_reads_as_no_data(tmp_path):
    directory = files.write_issuer(
        tmp_path / "bay", files.bay_colony_plans(), files.bay_colony_providers(), None
    )
    index = json.loads((directory / "index.json").read_text())
    assert index["formulary_urls"] == []

    import_files(directory)

    answers = coverage.drug_coverage(files.YEAR, [files.METFORMIN], [files.SELECT])
    assert [a.coverage for a in answers] == ["DataNotProvided"]
    answers = coverage.provider_coverage(files.YEAR, [files.OKAFOR], [files.SELECT])
    assert [a.coverage for a in answers] == ["NotCovered"]


def test_an_index_that_lists_a_missing_file_is_refused(tmp_path):
    directory = files.write_bay_colony(tmp_path / "bay")
    (directory / "drugs.json").unlink()

    status, _, err = import_files(directory)

    assert status == 1
    assert "drugs.json (listed in index.json) is not in" in err
