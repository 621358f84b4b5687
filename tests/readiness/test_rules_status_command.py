"""`marketplace rules-status YEAR` (docs/contracts.md 4.8): every parameter in force for the year,
its value, source, how it was read, confirmed or not, and what changed; exits 0."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from aca_rules import parameters as P


def rules_status(*args) -> str:
    out = io.StringIO()
    call_command("rules-status", *args, stdout=out)
    return out.getvalue()


def test_2027_prints_every_parameter_with_value_source_reading_and_changes():
    text = rules_status("2027")
    assert "Answered: every required parameter has a value in force for 2027." in text
    for name in P.parameters():
        assert f"\n{name}: " in text, name
    # The Rev. Proc. 2026-26 figures: in force, read only in secondary copies.
    assert "affordability_threshold: 0.1022  [NOT CONFIRMED: read only in secondary copies]" in text
    assert "changed:  0.0996 -> 0.1022 (2027-01-01)" in text
    assert "Rev. Proc. 2026-26" in text and "(secondary, read 2026-12-02)" in text
    # Read in the statute and reviewed for 2027.
    assert "income_upper_limit_fpl_percent: 400  [confirmed]" in text
    # Not published: the 2027 reduced maximum out-of-pocket limits.
    assert "Not published for 2027: moop 94, moop 87, moop 73." in text
    # The Medicaid tables are carried from 2026 and say so.
    assert "medicaid_adult_income_limit: by state (51)" in text
    assert "not reviewed for 2027" in text


def test_a_state_table_can_be_shown_for_one_state():
    text = rules_status("2027", "--state", "OR")
    assert (
        "  OR:       program: OHP Bridge; max_fpl_percent: 200; bars_qhp: yes (since 2024-07-01)"
        in text
    )


def test_changes_later_in_the_year_are_listed():
    text = rules_status("2026")
    assert (
        "later:    NY: program: Essential Plan; max_fpl_percent: 200; bars_qhp: yes from 2026-07-01"
        in text
    )
    assert "later:    lpr_5, lpr_exempt, cuban_haitian, cofa from 2026-10-01" in text


def test_a_year_with_no_value_in_force_is_reported_not_refused():
    text = rules_status("2023")
    assert "REFUSED: no value in force for 2023: poverty_guidelines (2022" in text


def test_json_gives_the_same_report():
    data = json.loads(rules_status("2027", "--json"))
    table = next(p for p in data["parameters"] if p["name"] == "applicable_percentage_table")
    assert table["confirmed"] is False and table["how_read"] == "secondary"
    assert table["rows"][0]["effective"] == "2027-01-01"
    assert data["answered"] is True and "moop 94" in data["not_published"]


@pytest.mark.parametrize("year", ["twenty", "1999"])
def test_a_bad_year_is_named(year):
    with pytest.raises(CommandError, match="YEAR"):
        rules_status(year)


def test_the_command_exits_0():
    root = Path(__file__).resolve().parents[2]
    command = [str(root / ".venv" / "bin" / "marketplace"), "rules-status", "2027"]
    if not Path(command[0]).exists():  # an installed package without the repository's venv
        command = [sys.executable, "-m", "marketplace.cli", "rules-status", "2027"]
    result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "applicable_percentage_table" in result.stdout
