"""The Plan ID Crosswalk PUF through `import-puf`: the demo's 2026 -> 2027 crosswalk has
every case of 45 CFR 155.335(j), and a bad crosswalk file imports nothing and says where."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.catalog.demo.generator import generate
from marketplace.catalog.models import CrosswalkLevel, PlanCrosswalk

pytestmark = pytest.mark.django_db


def test_demo_crosswalk_has_every_case():
    rows = PlanCrosswalk.objects.filter(from_year=2026, to_year=2027)
    levels = set(rows.values_list("level", flat=True))
    assert {0, 1, 2, 3} <= levels
    same_product = rows.get(state="MA", level=CrosswalkLevel.SAME_PRODUCT)
    assert same_product.to_plan_id[:10] == same_product.from_plan_id[:10]
    others = rows.filter(state="NC", level=CrosswalkLevel.OTHER_PRODUCT)
    assert others.count() == 10  # Blue Ridge serves ten counties: a row for each
    for other in others:
        assert other.to_plan_id[:5] == other.from_plan_id[:5]
        assert other.to_plan_id[:10] != other.from_plan_id[:10]
    assert rows.filter(state="NC", level=0, reason__startswith="Discontinuing plan").exists()
    leaving = rows.filter(county_fips="25021", from_issuer_id="58914")
    assert leaving and all(r.level == 0 and r.reason == "Issuer leaving county" for r in leaving)
    assert rows.filter(county_fips="25025", from_issuer_id="58914", level=1).exists()


def _rewrite(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    change(table)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("CrosswalkLevel", "9", "not a crosswalk level (0-4): '9'"),
        ("PlanID_2027", "99999MA0990099-01", "99999MA0990099: not a 2027 plan of this import"),
        ("FIPSCode", "Suffolk", "not a county FIPS code"),
    ],
)
def test_bad_crosswalk_row_imports_nothing_and_says_where(tmp_path, column, value, message):
    directory = generate(tmp_path, years=(2027,))[2027]
    before = PlanCrosswalk.objects.count()

    def change(table):
        position = table[0].index(column)
        table[1][position] = value
        if column == "PlanID_2027":
            table[1][table[0].index("CrosswalkLevel")] = "2"

    _rewrite(directory / "crosswalk-puf.csv", change)
    with pytest.raises(CommandError) as raised:
        call_command("import-puf", str(directory), year=2027, stdout=StringIO(), stderr=StringIO())
    text = str(raised.value)
    assert "crosswalk-puf.csv, row 2" in text and message in text
    assert PlanCrosswalk.objects.count() == before
