"""`marketplace import-puf`: good files load; a bad file changes nothing and says where."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from marketplace.catalog.models import (
    Benefit,
    CatalogImport,
    County,
    Plan,
    PlanVariant,
    Rate,
    RatingArea,
    ServiceAreaCounty,
    ZipCounty,
)
from tests.catalog.helpers import import_puf, snapshot
from tests.catalog.puf_fixtures import BRONZE, DENTAL, GOLD, SILVER, PufFiles

pytestmark = pytest.mark.django_db


def test_good_files_load_plans_variants_rates_and_benefits(puf, tmp_path):
    output = import_puf(puf.write(tmp_path / "puf"))

    assert "3 plans" in output
    assert set(Plan.objects.values_list("standard_component_id", flat=True)) == {
        SILVER,
        BRONZE,
        GOLD,
    }
    assert Rate.objects.count() == 18
    assert Benefit.objects.count() == 2
    assert RatingArea.objects.filter(year=2026, state="NC").count() == 2


def test_plan_attributes_are_read_as_filed(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))

    silver = Plan.objects.get(standard_component_id=SILVER)
    assert (silver.metal_level, silver.plan_type, silver.is_standardized) == ("silver", "HMO", True)
    assert silver.quality_rating == 4
    assert silver.issuer.name == "Oak Leaf Health"
    bronze = Plan.objects.get(standard_component_id=BRONZE)
    assert bronze.is_hsa_eligible and bronze.ehb_percent_of_premium == Decimal("0.9875")


def test_variants_take_tehb_money_else_mehb_and_drug_values(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))

    csr73 = PlanVariant.objects.get(plan__standard_component_id=SILVER, variant="04")
    assert csr73.medical_deductible_individual == Decimal("3500")
    assert csr73.moop_individual == Decimal("8450")
    standard = PlanVariant.objects.get(plan__standard_component_id=SILVER, variant="01")
    assert standard.medical_deductible_family == Decimal("10000")
    bronze = PlanVariant.objects.get(plan__standard_component_id=BRONZE, variant="01")
    assert bronze.medical_deductible_individual == Decimal("7000")
    assert bronze.drug_deductible_individual == Decimal("500")
    assert not bronze.deductibles_integrated


def test_dental_plans_and_off_exchange_variants_are_skipped_and_counted(puf, tmp_path):
    output = import_puf(puf.write(tmp_path / "puf"))

    assert not Plan.objects.filter(standard_component_id=DENTAL).exists()
    assert not PlanVariant.objects.filter(variant="00").exists()
    counts = CatalogImport.objects.get().counts
    assert counts["skipped_off_exchange_variants"] == 1
    assert counts["skipped_dental_only_variants"] == 1
    assert counts["skipped_rates_of_skipped_plans"] == 1
    assert "Skipped" in output


def test_geography_files_load_counties_zips_and_partial_service_areas(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))

    zips = ZipCounty.objects.filter(zipcode="27560")
    assert sorted(zips.values_list("county__fips", flat=True)) == [
        "37063",
        "37183",
    ]
    assert County.objects.get(fips="37063").name == "Durham"
    partial = ServiceAreaCounty.objects.get(county_fips="37063")
    assert partial.partial_county and partial.zipcodes == ["27701", "27560"]


def test_tobacco_and_age_bands_are_stored(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))

    child = Rate.objects.get(plan__standard_component_id=SILVER, rating_area__number=11, age_min=0)
    assert (child.age_max, child.individual_rate) == (14, Decimal("306.00"))
    old = Rate.objects.get(plan__standard_component_id=SILVER, rating_area__number=13, age_min=64)
    assert old.individual_rate == Decimal("1320.00") and old.tobacco_rate == Decimal("1980.00")


def test_cms_file_names_latin1_and_lower_case_headers_are_accepted(puf, tmp_path):
    puf.names.update(
        plans="Plan_Attributes_PUF.csv", rates="Rate_PUF.csv", areas="Service_Area_PUF.csv"
    )
    puf.rates = [{key.lower(): value for key, value in row.items()} for row in puf.rates]
    puf.plans[1]["PlanMarketingName"] = "Oak Leaf Salud Plata"  # plain ASCII survives latin1
    puf.plans[3]["PlanMarketingName"] = "Oak Leaf Bronce Económico"

    import_puf(puf.write(tmp_path / "puf", encoding="latin1"))

    assert Plan.objects.get(standard_component_id=BRONZE).name == "Oak Leaf Bronce Económico"


def test_reimporting_the_same_year_is_idempotent(puf, tmp_path):
    directory = puf.write(tmp_path / "puf")
    import_puf(directory)
    first = snapshot()
    plan_ids = dict(Plan.objects.values_list("standard_component_id", "id"))

    import_puf(directory)

    second = snapshot()
    assert CatalogImport.objects.count() == 2
    first.pop("CatalogImport"), second.pop("CatalogImport")
    for table in ("Rate", "Benefit", "ServiceAreaCounty", "RatingAreaRule", "ZipCounty"):
        first.pop(table), second.pop(table)  # rewritten: new ids, same content (counted below)
    assert first == second
    assert dict(Plan.objects.values_list("standard_component_id", "id")) == plan_ids
    assert Rate.objects.count() == 18 and Benefit.objects.count() == 2


def test_reimport_replaces_what_changed(puf, tmp_path):
    import_puf(puf.write(tmp_path / "one"))
    puf.plans = [row for row in puf.plans if row["StandardComponentId"] != BRONZE]
    puf.rates = [row for row in puf.rates if row["PlanId"] != BRONZE]
    puf.rates[1]["IndividualRate"] = "401.00"

    import_puf(puf.write(tmp_path / "two"))

    assert not Plan.objects.filter(standard_component_id=BRONZE).exists()
    assert Rate.objects.filter(individual_rate=Decimal("401.00")).count() == 1


def test_import_records_files_with_sha256_and_counts(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))

    record = CatalogImport.objects.get()
    assert record.year == 2026 and record.states == ["NC"]
    assert len(record.files["rate-puf.csv"]["sha256"]) == 64
    assert record.files["rate-puf.csv"]["rows"] == 19
    assert record.counts["rates"] == 18


# --- bad files: a clear error naming file, row and column, and nothing changes ------------


def _fails(puf, tmp_path, *expected: str) -> str:
    """Import the good files, then the changed `puf`: it must fail and change nothing."""
    import_puf(PufFiles().write(tmp_path / "good"))
    before = snapshot()
    with pytest.raises(CommandError) as raised:
        import_puf(puf.write(tmp_path / "bad"))
    message = str(raised.value)
    for text in expected:
        assert text in message
    assert snapshot() == before
    return message


def test_missing_column(puf, tmp_path):
    import_puf(PufFiles().write(tmp_path / "good"))
    before = snapshot()
    for row in puf.rates:
        del row["IndividualRate"]
    with pytest.raises(
        CommandError, match=r"rate-puf.csv, row 1, column IndividualRate: missing column"
    ):
        import_puf(puf.write(tmp_path / "bad"))
    assert snapshot() == before


def test_bad_number(puf, tmp_path):
    puf.rates[4]["IndividualRate"] = "12O.50"
    _fails(puf, tmp_path, "rate-puf.csv, row 6, column IndividualRate", "'12O.50'")


def test_bad_money_in_plan_attributes(puf, tmp_path):
    puf.plans[1]["TEHBDedInnTier1Individual"] = "five thousand"
    _fails(puf, tmp_path, "plan-attributes-puf.csv, row 3, column TEHBDedInnTier1Individual")


def test_unknown_plan_id_in_rates(puf, tmp_path):
    puf.rates[2]["PlanId"] = "99999NC0010001"
    _fails(puf, tmp_path, "rate-puf.csv, row 4, column PlanId", "unknown plan id '99999NC0010001'")


def test_duplicate_rate_rows(puf, tmp_path):
    puf.rates.append(dict(puf.rates[0]))
    _fails(puf, tmp_path, "rate-puf.csv, row 21, column PlanId", "duplicate row")


def test_duplicate_plan_variant_rows(puf, tmp_path):
    puf.plans.append(dict(puf.plans[1]))
    _fails(puf, tmp_path, "plan-attributes-puf.csv, row 8, column PlanId", "duplicate row")


def test_wrong_year(puf, tmp_path):
    for row in puf.rates[:3]:
        row["BusinessYear"] = "2025"
    message = _fails(
        puf, tmp_path, "rate-puf.csv, row 2, column BusinessYear", "not the plan year 2026"
    )
    assert "row 3" in message and "row 4" in message  # several problems reported at once


def test_unknown_rating_area(puf, tmp_path):
    puf.rates[0]["RatingAreaId"] = "Rating Area 12"
    _fails(puf, tmp_path, "rate-puf.csv, row 2, column RatingAreaId", "unknown rating area")


def test_unknown_service_area(puf, tmp_path):
    puf.plans[4]["ServiceAreaId"] = "NCS009"
    _fails(puf, tmp_path, "plan-attributes-puf.csv, row 6, column ServiceAreaId")


def test_missing_file(puf, tmp_path):
    puf.rates = None
    (tmp_path / "bad").mkdir()
    message = _fails(puf, tmp_path, "no rate file")
    assert "nothing was imported" in message


def test_problems_are_capped(puf, tmp_path):
    puf.rates = [{**row, "IndividualRate": "lots"} for row in puf.rates * 2]
    message = _fails(puf, tmp_path, "stopped after 20 problems")
    assert message.count("column IndividualRate") == 20


def test_command_exits_non_zero_without_a_traceback(puf, tmp_path):
    puf.rates[0]["Age"] = "sixty"
    directory = puf.write(tmp_path / "bad")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    command = [sys.executable, "-m", "marketplace.cli"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True)

    result = subprocess.run(
        [*command, "import-puf", "--year", "2026", str(directory)],
        capture_output=True,
        text=True,
        env=env,
    )

    assert result.returncode != 0
    assert "rate-puf.csv, row 2, column Age" in result.stderr
    assert "Traceback" not in result.stderr
