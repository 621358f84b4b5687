"""Step 4: the plan list, its figures, filters, sorts and pages; a plan's own page."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from aca_rules.rating import plan_premium
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.pricing import catalog
from tests.shopping.support import GARCIAS, NGUYENS, SAM, figure, money, plan_ids, qs, run_estimate

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")
ADULTS = [{"age": 40, "relationship": "self"}, {"age": 38, "relationship": "spouse"}]


def _cards(html: str) -> dict[str, str]:
    parts = html.split('<li class="mp-plan usa-card" data-plan-id="')[1:]
    return {part[:14]: part for part in parts}


def test_every_premium_on_the_page_matches_the_rules(client):
    expected = run_estimate(
        {
            "year": 2026,
            "state": "MA",
            "countyfips": "25025",
            "zipcode": "02108",
            "income": 52000,
            "filing_status": "married_joint",
            "people": [
                *ADULTS,
                {"age": 10, "relationship": "child"},
                {"age": 7, "relationship": "child"},
            ],
        }
    )
    aptc = Decimal(str(expected["aptc"]))
    # The parents are in ConnectorCare: its subsidy is paid on ConnectorCare plans only.
    state = Decimal(str(expected["state_subsidy"]["monthly"]))
    connectorcare = {p for p, i in plan_infos("MA", 2026).items() if i.state_program}
    offers = {o.plan_id: o for o in catalog.plans_for_location(2026, "MA", "25025", "02108")}
    html = client.get("/shop/plans/?" + qs(GARCIAS)).content.decode()
    cards = _cards(html)
    assert len(cards) == 20
    assert connectorcare & set(cards), "the ConnectorCare plans are among the cheapest"
    for plan_id, card in cards.items():
        offer = offers[plan_id]
        premium = plan_premium(offer, ADULTS, "MA", 2026)  # the children are CHIP-eligible
        credit = min(aptc, (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP))
        help_ = min(state, premium - credit) if plan_id in connectorcare else Decimal("0.00")
        assert f"${premium:,.2f} before a ${credit:,.2f} tax credit" in card
        net = money(figure(card, "premium_after_credit")[0])
        assert net == f"{premium - credit - help_:.2f}"


def test_the_credit_never_exceeds_the_ehb_premium(client):
    html = client.get("/shop/plans/?" + qs(GARCIAS, sort="premium")).content.decode()
    first = next(iter(_cards(html).values()))
    # The cheapest plans cost nothing after the credit, never less than nothing.
    assert money(figure(first, "premium_after_credit")[0]) >= "0.00"
    assert "-$" not in html


def test_plans_are_sorted_by_premium_after_credit(client):
    html = client.get("/shop/plans/?" + qs(NGUYENS)).content.decode()
    nets = [Decimal(money(v)) for v in figure(html, "premium_after_credit")]
    assert nets == sorted(nets)


def test_sort_by_deductible_and_quality(client):
    html = client.get("/shop/plans/?" + qs(NGUYENS, sort="deductible")).content.decode()
    deductibles = [Decimal(money(v)) for v in figure(html, "deductible") if "$" in v]
    assert deductibles == sorted(deductibles)
    html = client.get("/shop/plans/?" + qs(NGUYENS, sort="quality_rating")).content.decode()
    stars = [int(v.split()[0]) for v in figure(html, "quality") if v[0].isdigit()]
    assert stars == sorted(stars, reverse=True)


def test_sort_by_total_yearly_cost(client):
    html = client.get(
        "/shop/plans/?" + qs(NGUYENS, sort="total_costs", use="high")
    ).content.decode()
    highs = [
        Decimal(money(v))
        for v in __import__("re").findall(r'data-use="high">[^:]+: ([^<]+)<', html)
    ]
    assert highs == sorted(highs)


def test_filter_by_metal_and_type(client):
    html = client.get("/shop/plans/?" + qs(NGUYENS, metal="gold", type="HMO")).content.decode()
    infos = plan_infos("MA", 2026)
    ids = plan_ids(html)
    assert ids
    assert all(infos[i].metal_level == "gold" and infos[i].plan_type == "HMO" for i in ids)


def test_filter_by_issuer_hsa_and_standardized(client):
    infos = plan_infos("MA", 2026)
    issuer = next(iter(infos.values())).issuer_id
    html = client.get("/shop/plans/?" + qs(NGUYENS, issuer=issuer)).content.decode()
    assert plan_ids(html) and all(infos[i].issuer_id == issuer for i in plan_ids(html))
    html = client.get("/shop/plans/?" + qs(NGUYENS, hsa="1")).content.decode()
    assert plan_ids(html) and all(infos[i].hsa_eligible for i in plan_ids(html))
    html = client.get("/shop/plans/?" + qs(NGUYENS, standardized="1")).content.decode()
    assert plan_ids(html) and all(infos[i].standardized for i in plan_ids(html))


def test_filter_by_premium_and_deductible_range(client):
    url = "/shop/plans/?" + qs(NGUYENS, premium_min="300", premium_max="900", deductible_max="3000")
    html = client.get(url).content.decode()
    for net in figure(html, "premium_after_credit"):
        assert Decimal(300) <= Decimal(money(net)) <= Decimal(900)
    for deductible in figure(html, "deductible"):
        assert "$" not in deductible or Decimal(money(deductible)) <= 3000


def test_a_bad_range_names_the_field_and_keeps_it(client):
    response = client.get("/shop/plans/?" + qs(NGUYENS, premium_max="cheap"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Highest monthly premium: enter an amount in dollars, like 1,250.50." in html
    assert 'value="cheap"' in html


def test_pages_of_twenty(client):
    first = client.get("/shop/plans/?" + qs(NGUYENS)).content.decode()
    second = client.get("/shop/plans/?" + qs(NGUYENS, page="2")).content.decode()
    assert len(plan_ids(first)) == 20
    assert not set(plan_ids(first)) & set(plan_ids(second))
    assert "Page 2 of" in second
    assert "Next page" in first


def test_silver_plans_show_the_csr_variant_deductible(client):
    html = client.get("/shop/plans/?" + qs(SAM, metal="silver")).content.decode()
    infos = plan_infos("MA", 2026)
    expected = run_estimate(
        {
            "year": 2026,
            "state": "MA",
            "countyfips": "25025",
            "zipcode": "02108",
            "income": 30000,
            "filing_status": "single",
            "people": [{"age": 30, "relationship": "self"}],
        }
    )["csr"]
    code = {"94": "06", "87": "05", "73": "04"}[expected]
    for plan_id, card in _cards(html).items():
        variant = infos[plan_id].variant_for(code)
        assert variant.variant == code
        amount = variant.deductible_individual
        assert figure(card, "deductible")[0] == f"${amount:,.0f}"


def test_american_indian_households_get_zero_cost_sharing_on_every_metal(client):
    items = [*SAM, ("aian0", "1")]
    html = client.get("/shop/plans/?" + qs(items, metal="gold")).content.decode()
    infos = plan_infos("MA", 2026)
    for plan_id, card in _cards(html).items():
        variant = infos[plan_id].variant_for("02")
        assert figure(card, "deductible")[0] == f"${variant.deductible_individual:,.0f}"


def test_the_plan_page_shows_prices_and_visit_types(client):
    list_html = client.get("/shop/plans/?" + qs(NGUYENS)).content.decode()
    plan_id = plan_ids(list_html)[0]
    card = _cards(list_html)[plan_id]
    html = client.get(f"/shop/plans/{plan_id}/?" + qs(NGUYENS)).content.decode()
    assert figure(html, "premium_after_credit") == figure(card, "premium_after_credit")
    assert "Primary care visit" in html and "Specialty drugs" in html
    assert html.count('<th scope="row" data-label') == 11


def test_an_unknown_plan_is_a_friendly_404(client):
    response = client.get("/shop/plans/99999MA9999999/?" + qs(NGUYENS))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
