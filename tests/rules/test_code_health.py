"""Code health of the rules package: cited parameters, year coverage, no Django."""

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import aca_rules
from aca_rules import Household, Person, YearNotSupported, determine
from aca_rules import parameters as P
from aca_rules.engine import STATES

PKG = Path(aca_rules.__file__).parent
PARAMS = P.parameters()


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_parameter_has_unit_description_and_citation(name):
    param = PARAMS[name]
    assert param.unit.strip(), f"{name} has no unit"
    assert param.description.strip(), f"{name} has no description"
    assert param.reference, f"{name} has no reference"
    for ref in param.reference:
        assert ref.get("title") and ref.get("href"), (
            f"{name}: reference needs title and href: {ref}"
        )


def test_every_value_sits_under_a_cited_parameter():
    """Every top-level key of every parameter file is a parameter with unit, reference and
    values: no value can exist without its unit and citation."""
    for path in PKG.joinpath("parameters").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        for name, spec in data.items():
            assert set(spec) >= {"unit", "reference", "values", "description"}, (path.name, name)


@pytest.mark.parametrize("name", sorted(PARAMS))
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_table_covers_2024_to_2026(name, year):
    param = PARAMS[name]
    assert param.confirmed_through >= year
    if param.keyed_by == "guideline_year":
        P.get(name, year - 1)
        P.get(name, year)
    elif param.breakdown == "state":
        for state in param.values:
            P.get(name, year, state)
    else:
        P.get(name, year)


@pytest.mark.parametrize("category", [n for n in PARAMS if n.endswith("_income_limit")])
def test_medicaid_tables_cover_all_50_states_and_dc(category):
    assert set(PARAMS[category].values) == set(STATES)


def test_package_imports_no_django_in_source():
    pattern = re.compile(r"^\s*(from\s+django|import\s+django)", re.M)
    offenders = [str(p) for p in PKG.rglob("*.py") if pattern.search(p.read_text())]
    assert not offenders


def test_package_imports_no_django_at_runtime():
    code = (
        "import sys, aca_rules; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    env_path = str(PKG.parent)
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": env_path})


def test_no_year_literals_in_rules_code():
    """Yearly law lives in parameters: no `year == 2026` style branches in code."""
    pattern = re.compile(r"year\s*(==|!=|<=|>=|<|>)\s*20\d\d|20\d\d\s*(==|!=|<=|>=|<|>)\s*\w*year")
    offenders = [str(p) for p in PKG.rglob("*.py") if pattern.search(p.read_text())]
    assert not offenders


def test_no_float_in_money_code():
    offenders = [
        str(p)
        for p in PKG.rglob("*.py")
        if p.name != "io.py" and re.search(r"\bfloat\(", p.read_text())
    ]
    assert not offenders


def test_year_2027_refused_naming_missing_parameters():
    household = Household(year=2027, state="TX", income=Decimal(30000), people=(Person(age=30),))
    with pytest.raises(YearNotSupported) as info:
        determine(household)
    missing = " ".join(info.value.missing)
    for name in (
        "applicable_percentage_table",
        "affordability_threshold",
        "poverty_guidelines (2027",
    ):
        assert name in missing
    # The 2026 guidelines (used for 2027 APTC) are present: not listed as missing.
    assert "poverty_guidelines (2026" not in missing
    # The maximum out-of-pocket limits never refuse a year (ADR 0102): a missing 2027
    # reduced limit is reported in the determination instead.
    assert "moop" not in missing


def test_year_2027_dated_in_open_enrollment_needs_no_2027_guideline():
    """Determined on 2026-11-27, Medicaid/CHIP use the 2026 guideline (the one in effect):
    the 2027 guideline is no longer missing; the unconfirmed 2027 figures still are."""
    household = Household(
        year=2027,
        state="TX",
        income=Decimal(30000),
        people=(Person(age=30),),
        determination_date=date(2026, 11, 27),
    )
    with pytest.raises(YearNotSupported) as info:
        determine(household)
    missing = " ".join(info.value.missing)
    assert "poverty_guidelines" not in missing
    assert "applicable_percentage_table (2027)" in missing


def test_rules_version_is_stable_string():
    assert P.RULES_VERSION.startswith("aca-rules-")
    assert aca_rules.RULES_VERSION == P.RULES_VERSION


def test_unconfirmed_parameters_are_flagged():
    flagged = {n for n, p in PARAMS.items() if p.unconfirmed}
    assert {"age_curves", "tobacco_rating_prohibited", "basic_health_program"} <= flagged
