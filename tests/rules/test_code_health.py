"""Code health of the rules package: cited parameters, year coverage, no Django."""

import re
import subprocess
import sys
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


def _legacy(name: str) -> bool:
    return any(
        source.read == P.NOT_RECORDED for _, v in PARAMS[name].all_entries() for source in v.sources
    )


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_every_value_records_its_sources_and_how_they_were_read(name):
    """ADR 0103: each value names the sources it was read in, each primary or secondary with
    the date read. No file is left in the older form (issue 11), the state programs' too."""
    param = PARAMS[name]
    assert not _legacy(name), f"{name}: write its values in the per-value form"
    for _state, value in param.all_entries():
        assert value.sources, f"{name} {value.key}: no source"
        for source in value.sources:
            assert source.read in (P.PRIMARY, P.SECONDARY), (name, source.key)
            assert source.read_on is not None, (name, source.key)
            assert source.title and source.href.startswith("http"), (name, source.key)


@pytest.mark.parametrize("name", sorted(PARAMS))
@pytest.mark.parametrize("year", P.ANSWERED_YEARS)
def test_every_table_has_a_value_in_force_for_every_answered_year(name, year):
    param = PARAMS[name]
    if param.keyed_by == "guideline_year":
        P.get(name, year - 1)
        P.get(name, year)
    elif param.breakdown == "state":
        for state in param.values:
            P.get(name, year, state)
    else:
        P.get(name, year)


def test_answered_years_run_from_2024_through_the_2027_figures():
    assert P.ANSWERED_YEARS == (2024, 2025, 2026, 2027)
    # 2027 is answered but not fully reviewed: the Medicaid/CHIP tables, the rating tables
    # and the catastrophic hardship rule are reviewed through 2026 only.
    assert P.SUPPORTED_YEARS == (2024, 2025, 2026)
    assert "medicaid_adult_income_limit" in P.not_reviewed_for_year(2027)


def test_a_value_stays_in_force_until_a_newer_one_replaces_it():
    """ADR 0103: 2030 uses the 2027 table; 2026 the 2026 one."""
    assert P.get("applicable_percentage_table", 2030) == P.get("applicable_percentage_table", 2027)
    assert P.get("affordability_threshold", 2026) == Decimal("0.0996")
    assert P.get("affordability_threshold", 2027) == Decimal("0.1022")
    assert P.get("affordability_threshold", 2031) == Decimal("0.1022")


def test_every_published_guideline_has_its_publication_date():
    """A guideline entered without its Federal Register date would never be used by a
    dated determination (fpl.medicaid_target_year)."""
    published = {int(value) for _, value in PARAMS["poverty_guideline_published"].values}
    guideline_years = {key for key, _ in PARAMS["poverty_guidelines"].values}
    assert guideline_years <= published


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


def test_year_2027_is_answered_and_lists_what_is_not_confirmed():
    """ADR 0103: 2027 is answered with the values in force; the Rev. Proc. 2026-26 table,
    read only in secondary copies, is listed among the values not confirmed."""
    household = Household(
        year=2027,
        state="TX",
        income=Decimal(30000),
        people=(Person(age=30),),
        benchmark_premium=Decimal(500),
    )
    det = determine(household)
    assert det.ptc_eligible and det.poverty_guideline == Decimal(15960)
    listed = {(u.parameter, u.because) for u in det.unconfirmed_values}
    assert ("applicable_percentage_table", ("secondary",)) in listed
    # Medicaid/CHIP use the 2026 guideline, in force until the 2027 one is published.
    assert det.medicaid_poverty_guideline == Decimal(15960)
    assert ("poverty_guidelines", ("not_reviewed",)) in listed


def test_a_year_with_no_value_in_force_is_refused_naming_each_parameter():
    household = Household(year=2023, state="TX", income=Decimal(30000), people=(Person(age=30),))
    with pytest.raises(YearNotSupported) as info:
        determine(household)
    missing = " ".join(info.value.missing)
    assert "poverty_guidelines (2022" in missing and "affordability_threshold (2023)" in missing
    assert "moop" not in missing


def test_rules_version_is_stable_string():
    assert P.RULES_VERSION.startswith("aca-rules-")
    assert aca_rules.RULES_VERSION == P.RULES_VERSION


def test_unconfirmed_parameters_are_flagged():
    """A parameter with any value read only in secondary copies is flagged."""
    flagged = {n for n, p in PARAMS.items() if p.unconfirmed}
    assert {"age_curves", "tobacco_rating_prohibited", "basic_health_program"} <= flagged
    assert "income_lower_limit_fpl_percent" not in flagged  # read in the statute
