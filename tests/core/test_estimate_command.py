"""`marketplace estimate`, the contract of docs/contracts.md 4.2, through the command itself."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# The Garcias: two parents and a child, $52,000, Boston, with a benchmark given.
GARCIAS = {
    "year": 2026,
    "state": "MA",
    "countyfips": "25025",
    "income": 52000,
    "filing_status": "married_joint",
    "people": [
        {"age": 40, "relationship": "self"},
        {"age": 38, "relationship": "spouse"},
        {"age": 8, "relationship": "child"},
    ],
    "benchmark_premium": 1500,
}


def estimate(monkeypatch, text: str) -> tuple[int, object]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    status = 0
    try:
        call_command("estimate", stdout=out)
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(out.getvalue())


def test_one_household_in_gives_one_determination_out(monkeypatch):
    status, result = estimate(monkeypatch, json.dumps(GARCIAS))
    assert status == 0
    assert result["household_size"] == 3
    assert result["poverty_guideline"] == 26650  # the 2025 guideline for 2026 coverage
    assert result["fpl_percent"] == 195
    assert result["applicable_percentage"] == 0.0636
    assert result["expected_contribution"] == 3307
    assert result["aptc"] == 1224.42  # 1500 - 3307/12
    assert [m["chip"] for m in result["members"]] == [False, False, True]
    assert all(m["reasons"] for m in result["members"])


def test_many_households_in_give_as_many_out_in_order(monkeypatch):
    single = {
        **GARCIAS,
        "people": [{"age": 30, "relationship": "self"}],
        "income": 20000,
        "filing_status": "single",
    }
    status, result = estimate(monkeypatch, json.dumps([GARCIAS, single]))
    assert status == 0
    assert [r["household_size"] for r in result] == [3, 1]


def test_malformed_json_is_a_json_error_with_status_2(monkeypatch):
    status, result = estimate(monkeypatch, "{not json")
    assert status == 2
    assert "input" in result["errors"]


def test_every_bad_field_is_named(monkeypatch):
    bad = {
        **GARCIAS,
        "state": "ZZ",
        "year": 2013,  # before any law the engine holds
        "income": -5,
        "people": [{"age": 200, "relationship": "self"}],
    }
    status, result = estimate(monkeypatch, json.dumps(bad))
    assert status == 2
    assert {"state", "year", "income", "people[0].age"} <= set(result["errors"])


def test_bad_fields_in_an_array_are_named_with_their_index(monkeypatch):
    status, result = estimate(monkeypatch, json.dumps([GARCIAS, {**GARCIAS, "income": -1}]))
    assert status == 2
    assert "[1].income" in result["errors"]


def test_a_year_with_no_law_in_force_is_refused_naming_what_is_missing(monkeypatch):
    """docs/contracts.md 4.8: refused only when a parameter has no value in force at all (2023 has
    no 2022 poverty guideline entered)."""
    status, result = estimate(monkeypatch, json.dumps({**GARCIAS, "year": 2023}))
    assert status == 2
    assert "poverty_guidelines (2022" in result["errors"]["year"]


def test_2027_is_answered_and_lists_the_values_not_confirmed(monkeypatch):
    """The Garcias in open enrollment for 2027, benchmark given: answered with the published
    2027 figures (the 2026 guideline, Rev. Proc. 2026-26), never refused because a value is
    only unconfirmed; each unconfirmed value says how it was read and where."""
    status, result = estimate(monkeypatch, json.dumps({**GARCIAS, "year": 2027}))
    assert status == 0
    assert result["poverty_guideline"] == 27320  # 15,960 + 2 x 5,680 (91 FR 1797)
    # 52,000 / 27,320 = 190.33% -> 190: 4.30 + 40/50 x 2.48 = 6.284 -> 6.28%
    assert result["fpl_percent"] == 190 and result["applicable_percentage"] == 0.0628
    assert result["expected_contribution"] == 3266  # 52,000 x 0.0628 = 3,265.60
    assert result["aptc"] == 1227.83  # 1500 - 3266/12
    table = next(
        u for u in result["unconfirmed_values"] if u["parameter"] == "applicable_percentage_table"
    )
    assert table["effective"] == "2027-01-01" and table["how_read"] == "secondary"
    assert "Rev. Proc. 2026-26" in table["source"] and table["because"] == ["secondary"]
    assert all(source["read_on"] for source in table["sources"])
