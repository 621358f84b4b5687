"""What a plan search does not do: the work it skips is what made it dear (ADR 0402's
neighbours in docs/load-testing.md). Counted, not timed: the determination written out as a
dict (each value's provenance) only when something shows it, and each cost-sharing
variation's expected yearly costs worked out once per household size, not once per plan."""

import json

import pytest

from marketplace.catalog import plan_prices
from marketplace.shopping import quotes
from tests.api.households import GARCIAS

pytestmark = pytest.mark.django_db


def _search(client, income):
    body = {**GARCIAS, "household": {**GARCIAS["household"], "income": income}}
    answer = client.post("/api/v1/plans/search", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_a_plan_search_never_writes_out_the_determination(client, monkeypatch):
    written = []
    real = quotes.determination_to_dict
    monkeypatch.setattr(quotes, "determination_to_dict", lambda d: written.append(d) or real(d))
    quotes.clear_cache()
    _search(client, 52_500)
    assert written == []
    # the savings estimate shows it, once per cached household
    body = {**GARCIAS, "household": {**GARCIAS["household"], "income": 52_500}}
    for _ in range(2):
        answer = client.post(
            "/api/v1/households/eligibility/estimates",
            json.dumps(body),
            content_type="application/json",
        )
        assert answer.status_code == 200
        assert answer.json()["determination"]["aptc"] is not None
    assert len(written) == 1


def test_yearly_costs_are_worked_out_once_per_variation_and_household_size(client, monkeypatch):
    worked = []
    real = plan_prices.expected_out_of_pocket
    monkeypatch.setattr(
        plan_prices,
        "expected_out_of_pocket",
        lambda *args: worked.append(args) or real(*args),
    )
    plan_prices._out_of_pocket_by_use.cache_clear()
    quotes.clear_cache()
    first = _search(client, 53_000)
    after_first = len(worked)
    assert after_first == len(set(worked)) > 0  # never the same question twice
    # another income, the same people: the same variations, nothing worked out again
    second = _search(client, 61_000)
    assert len(worked) == after_first
    assert [p["id"] for p in first["plans"]] and second["total"] == first["total"]
