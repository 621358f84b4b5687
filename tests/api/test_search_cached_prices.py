"""A plan search reuses what does not depend on the household's income (ADR 1702): each
place's plans rated for the members' ages, each plan's cost sharing, the list prices of
households that get no help, and each plan's JSON around the household's figures. The
answer is the same JSON, figure for figure, as pricing and encoding every plan afresh."""

import json
from datetime import UTC, datetime

import pytest

from aca_rules.rating import prepare_members
from marketplace.api import convert
from marketplace.api.schemas import PlanSearchIn
from marketplace.catalog import versioning
from marketplace.catalog.models import CatalogImport
from marketplace.catalog.plan_prices import price_plan
from marketplace.catalog.pricing import catalog
from marketplace.shopping import quotes
from tests.api.households import GARCIAS

pytestmark = pytest.mark.django_db

BOSTON = {"state": "MA", "zipcode": "02108", "countyfips": "25025"}


def _body(income, *people, place=BOSTON):
    return {"household": {"income": income, "people": list(people)}, "place": place, "year": 2026}


#: No help (high income), the federal credit and ConnectorCare, a family, AI/AN, a smoker.
HOUSEHOLDS = [
    _body(130_000, {"age": 30}),
    _body(30_000, {"age": 30}),
    _body(70_000, {"age": 58, "uses_tobacco": True}),
    _body(45_000, {"age": 44, "aian": True}),
    GARCIAS,
    _body(
        140_000,
        {"age": 40},
        {"age": 38, "relationship": "Spouse"},
        {"age": 10, "relationship": "Child"},
        place={"state": "MA", "zipcode": "01002", "countyfips": "25015"},
    ),
]


def _search(client, body, **extra):
    answer = client.post(
        "/api/v1/plans/search", json.dumps({**body, **extra}), content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return answer


def _estimate(body):
    return quotes.estimate_for(convert.household_query(PlanSearchIn.model_validate(body)))


@pytest.mark.parametrize("body", HOUSEHOLDS, ids=range(len(HOUSEHOLDS)))
def test_each_plan_in_a_search_is_its_price_plan_figures_encoded_whole(client, body):
    quotes.clear_cache()
    estimate = _estimate(body)
    text = _search(client, body, limit=100).content.decode()
    assert estimate.quotes
    year, state = estimate.year, estimate.state
    offers = {
        o.plan_id: o for o in catalog.plans_for_location(year, state, *_place(estimate.household))
    }
    prepared = prepare_members(list(estimate.enrollees), state, year)
    aptc = quotes.ZERO if estimate.priced_for_all_seekers else (estimate.determination.aptc or 0)
    for quote in estimate.quotes:
        afresh = price_plan(
            quote.info,
            offers[quote.plan_id],
            list(estimate.enrollees),
            prepared,
            aptc,
            estimate.determination.csr,
            quote.state_help,
        )
        assert quote == afresh
        whole = json.dumps(convert.quote_dict(afresh))
        assert convert.quote_json(quote) == whole
        assert whole in text
    assert json.loads(text)["total"] == len(estimate.quotes)


def _place(household):
    return household.countyfips, household.zipcode


def test_households_without_help_share_the_list_prices(client, monkeypatch):
    quotes.clear_cache()
    first = _estimate(_body(120_000, {"age": 35}))
    assert first.aptc == 0 and first.quotes[0].state_help is None
    priced = []
    real = quotes.priced
    monkeypatch.setattr(quotes, "priced", lambda *a: priced.append(a) or real(*a))
    second = _estimate(_body(135_500, {"age": 35}))
    assert priced == [] and second.quotes is first.quotes
    # a household with help is priced for itself, from the same rated premiums (and sees its
    # state program's own plans too)
    helped = _estimate(_body(40_000, {"age": 35}))
    assert helped.aptc > 0 and len(priced) == len(helped.quotes)
    listed = {q.plan_id: q.premium for q in first.quotes}
    assert {q.plan_id: q.premium for q in helped.quotes if q.plan_id in listed} == listed


def test_a_catalog_import_empties_the_cached_prices_and_plan_json(client, monkeypatch):
    body = _body(120_000, {"age": 35})
    before = _search(client, body).json()
    assert quotes._rated and quotes._list_priced and convert._templates
    monkeypatch.setattr(versioning, "CHECK_SECONDS", 0)
    now = datetime.now(UTC)
    CatalogImport.objects.create(
        year=2026, states=["MA"], source="a later import", started_at=now, finished_at=now
    )
    versioning.current_version()
    assert not quotes._rated and not quotes._list_priced and not convert._templates
    assert _search(client, body).json() == before
