"""`import-puf` and the state supplement `state-programs.csv`: ConnectorCare plans and their
plan-type variations, Vermont's 77% AV variation; a bad row stops the whole import."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from marketplace.catalog.demo.generator import generate
from marketplace.catalog.models import Benefit, Plan, PlanVariant
from tests.catalog.helpers import import_puf, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    """The demo's 2026 files (MA, VT, NC), written once for the module."""
    return generate(tmp_path_factory.mktemp("demo"), years=(2026,))[2026]


@pytest.fixture
def files(demo_files, tmp_path):
    """A copy of the demo files a test may change."""
    return shutil.copytree(demo_files, tmp_path / "2026")


def _rows(directory) -> list[dict[str, str]]:
    with (directory / "state-programs.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def _write(directory, rows: list[dict[str, str]]) -> None:
    path = directory / "state-programs.csv"
    with path.open(newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_connectorcare_plans_are_flagged_with_a_variation_for_each_plan_type(files):
    output = import_puf(files)

    assert "State programs: 7 plans of a state program" in output
    flagged = Plan.objects.filter(year=2026, state_program="ma_connectorcare")
    assert flagged.count() == 7  # one per Massachusetts issuer
    assert set(flagged.values_list("plan_type", flat=True)) == {"HMO"}
    plan = flagged.first()
    assert plan.state_variants == {
        "1": "06",
        "2A": "06",
        "2B": "05",
        "3A": "04",
        "3B": "01",
        "3C": "01",
        "3D": "01",
    }
    assert not Plan.objects.filter(state="NC").exclude(state_program="").exists()


def test_vermont_silver_plans_get_a_77_percent_variation_with_its_cost_sharing(files):
    rows = [r for r in _rows(files) if r["StateLevel"] == "77"]
    import_puf(files)

    variant = PlanVariant.objects.get(
        plan__year=2026,
        plan__state="VT",
        variant="07",
        plan__standard_component_id=rows[0]["PlanId"][:14],
    )
    assert variant.actuarial_value == Decimal("0.7700")
    amount = Decimal(rows[0]["InnTier1IndividualMOOP"].strip("$").replace(",", ""))
    assert variant.moop_individual == amount
    assert variant.plan.state_variants == {"77": "07", "73": "04"}
    assert Benefit.objects.filter(variant=variant).count() == 11  # from the Benefits PUF


def test_a_program_the_state_does_not_have_stops_the_import(files):
    import_puf(files)
    before = snapshot()
    rows = _rows(files)
    rows[0]["StateProgram"] = "vt_csr"  # a Massachusetts plan named in Vermont's program
    _write(files, rows)

    with pytest.raises(CommandError, match=r"state-programs.csv, row 2, column StateProgram"):
        import_puf(files)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"StateLevel": "4A"}, "StateLevel", "is not a ma_connectorcare level in 2026"),
        ({"PlanId": "99999MA0010012-05"}, "PlanId", "is not in Plan Attributes"),
        ({"PlanId": "PLAN"}, "PlanId", "not a plan id"),
    ],
)
def test_a_bad_variation_row_names_its_cell(files, change, column, message):
    rows = _rows(files)
    rows[1].update(change)  # row 3 of the file: a plan-type row
    _write(files, rows)

    with pytest.raises(CommandError) as error:
        import_puf(files)
    assert f"state-programs.csv, row 3, column {column}" in str(error.value)
    assert message in str(error.value)
    assert not Plan.objects.exists()


def test_a_new_state_variation_needs_its_cost_sharing_and_a_state_code(files):
    rows = _rows(files)
    vermont = next(i for i, r in enumerate(rows) if r["StateLevel"] == "77")
    rows[vermont]["InnTier1IndividualMOOP"] = ""
    _write(files, rows)
    with pytest.raises(CommandError, match="needs its actuarial value, deductible and out-of"):
        import_puf(files)

    rows[vermont]["InnTier1IndividualMOOP"] = "$6,000"
    rows[vermont]["PlanId"] = rows[vermont]["PlanId"][:-2] + "03"  # CMS's code, not the state's
    rows[vermont]["StateLevel"] = "94"
    _write(files, rows)
    with pytest.raises(CommandError, match="is in Plan Attributes: its cost sharing is filed"):
        import_puf(files)


def test_a_later_import_without_the_supplement_clears_the_flags(files):
    import_puf(files)
    (files / "state-programs.csv").unlink()
    benefits = files / "benefits-and-cost-sharing-puf.csv"
    lines = benefits.read_text().splitlines(keepends=True)
    # The 77% variations' benefit rows go with them (a row for an unknown variant is refused).
    benefits.write_text("".join(line for line in lines if "-07," not in line))

    import_puf(files)

    assert not Plan.objects.exclude(state_program="").exists()
    assert not PlanVariant.objects.filter(variant="07").exists()
