"""`marketplace estimate`, the contract of design.md section 4.2, through the command itself."""

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
        "year": 2031,
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


def test_a_year_whose_law_is_not_confirmed_is_refused_with_what_is_missing(monkeypatch):
    status, result = estimate(monkeypatch, json.dumps({**GARCIAS, "year": 2027}))
    assert status == 2
    assert "applicable_percentage" in result["errors"]["year"]
