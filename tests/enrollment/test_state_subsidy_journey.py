"""State subsidies where money is decided, from `marketplace estimate` to the 834.

- Ana Souza: single, 40, in Boston (02108), $25,000 a year, 159.74% of the 2025 guideline:
  APTC, CSR 87 and ConnectorCare Plan Type 2B ($53 a month for the lowest-cost ConnectorCare
  plan; 956 CMR 12.04(3)). The state subsidy is measured against the lowest-cost ConnectorCare
  plan at her address and paid only on ConnectorCare plans.
- Claire Tremblay: single, 40, in Burlington, Vermont (05401), $35,000 a year, 223.64%:
  Vermont Premium Assistance (1.5% of income a month, 33 V.S.A. 1812(a)) on any plan the
  credit applies to, and the 77% AV silver variation (VCSR, 1812(b)(2)(C)).

Each step is checked against figures computed here from the catalog and the law's numbers:
the savings page, the plan list, the plan page, the enrollment plan list, plan page,
checkout and confirmation, the confirmation notice (PDF text, English and Spanish), the 834
and the API's plan prices.
"""

from __future__ import annotations

import json
import re
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from aca_rules import parameters as P
from aca_rules.rating import plan_premium
from marketplace.applications import seeding
from marketplace.catalog import versioning
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.pricing import catalog
from marketplace.edi import export
from marketplace.enrollment.models import Enrollment
from marketplace.notices.models import Notice
from marketplace.notices.render import RendererUnavailable, render_pdf
from marketplace.shopping import quotes as shopping_quotes
from tests.enrollment.conftest import determined
from tests.pdfs import pdf_text
from tests.shopping.support import figure, money, qs, run_estimate
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")
YEAR = 2026
ANA = {"zip": "02108", "county": "25025", "income": 25000, "age": 40}
CLAIRE = {"zip": "05401", "county": "50007", "income": 35000, "age": 40}
ADULT = [{"age": 40, "relationship": "self"}]


def _rules_input(state: str, person: dict) -> dict:
    return {
        "year": YEAR,
        "state": state,
        "countyfips": person["county"],
        "zipcode": person["zip"],
        "income": person["income"],
        "people": ADULT,
    }


def _shop_query(person: dict) -> str:
    return qs(
        [
            ("zip", person["zip"]),
            ("county", person["county"]),
            ("income", str(person["income"])),
            ("age0", str(person["age"])),
        ]
    )


def _apply(email: str, first: str, last: str, person: dict):
    spec = seeding.HouseholdSpec(
        last_name=last,
        zipcode=person["zip"],
        countyfips=person["county"],
        people=[
            seeding.PersonSpec(
                first, person["age"], "self", "female", wages_yearly=person["income"]
            )
        ],
    )
    return determined(email, spec)


def _ehb(offer, premium: Decimal) -> Decimal:
    return (premium * offer.ehb_share).quantize(CENT, ROUND_HALF_UP)


def _offers(state: str, person: dict) -> dict:
    found = catalog.plans_for_location(YEAR, state, person["county"], person["zip"])
    return {o.plan_id: o for o in found}


def _cards(html: str) -> dict[str, str]:
    parts = html.split('<li class="mp-plan usa-card" data-plan-id="')[1:]
    return {part[:14]: part for part in parts}


def _checkout(client, determination, plan_id, language="en"):
    url = reverse("enrollment:checkout", args=[determination.public_id, plan_id])
    page = client.get(url)
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        url,
        {"token": token, "truthful": "on", "reconcile": "on", "terms": "on"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return page.content.decode(), Enrollment.objects.get(checkout_token=uuid.UUID(token))


def _notice_text(enrollment, language: str) -> str:
    pytest.importorskip("weasyprint")
    notice = Notice.objects.get(kind="enrollment_confirmation", user=enrollment.owner)
    try:
        pdf, _pages = render_pdf(notice.kind, language, notice.context, str(notice.public_id))
    except RendererUnavailable:
        pytest.skip("WeasyPrint's system libraries are missing")
    return pdf_text(pdf)


def _exported(tmp_path):
    result = export.export_pending(tmp_path)
    path = result.paths[0]
    checked = validate_834(path)
    assert checked.ok, checked.errors
    return read_834(path).transactions, path.read_text()


# --- Massachusetts: Ana Souza, ConnectorCare Plan Type 2B ---------------------------------


@pytest.fixture
def connectorcare(db):
    """Ana's estimate and the lowest-cost ConnectorCare plan at her address, from the catalog
    (its flag) and the rating rules, with the subsidy the regulation gives."""
    shopping_quotes.clear_cache()
    versioning.invalidate()
    estimate = run_estimate(_rules_input("MA", ANA))
    aptc = Decimal(str(estimate["aptc"]))
    offers = _offers("MA", ANA)
    infos = plan_infos("MA", YEAR)
    own = sorted(
        (plan_premium(o, ADULT, "MA", YEAR), pid)
        for pid, o in offers.items()
        if infos[pid].state_program == "ma_connectorcare"
    )
    premium, plan_id = own[0]
    enrollee = Decimal(P.get("ma_connectorcare_enrollee_premium", YEAR)["2B"])
    state = premium - min(aptc, _ehb(offers[plan_id], premium)) - enrollee
    return {
        "estimate": estimate,
        "aptc": aptc,
        "lowest": plan_id,
        "premium": premium,
        "own": own,
        "enrollee": enrollee,
        "state": state,
        "offers": offers,
    }


def test_ana_estimate_measures_the_subsidy_against_the_lowest_connectorcare_plan(connectorcare):
    subsidy = connectorcare["estimate"]["state_subsidy"]
    assert (subsidy["program"], subsidy["plan_type"], subsidy["eligible"]) == (
        "ma_connectorcare",
        "2B",
        True,
    )
    assert subsidy["lowest_plan_id"] == connectorcare["lowest"]
    assert Decimal(str(subsidy["monthly"])) == connectorcare["state"]
    assert Decimal(str(subsidy["enrollee_premium"])) == Decimal("53")
    # Not the second-lowest silver plan: that one is not a ConnectorCare plan here.
    assert Decimal(str(connectorcare["estimate"]["benchmark_premium"])) != connectorcare["premium"]


def test_ana_savings_page_and_plan_list_show_the_state_subsidy(client, connectorcare):
    page = client.get("/shop/estimate/?" + _shop_query(ANA)).content.decode()
    state = f"${connectorcare['state']:,.2f}"
    assert state in " ".join(figure(page, "state-subsidy"))
    assert "$53.00" in " ".join(figure(page, "enrollee-premium"))

    listing = client.get("/shop/plans/?" + _shop_query(ANA) + "&metal=silver").content.decode()
    cards = _cards(listing)
    own = {pid for _p, pid in connectorcare["own"]}
    assert own <= set(cards), "every ConnectorCare plan at her address is listed"
    low = connectorcare["premium"]
    for plan_id, card in cards.items():
        offer = connectorcare["offers"][plan_id]
        premium = plan_premium(offer, ADULT, "MA", YEAR)
        credit = min(connectorcare["aptc"], _ehb(offer, premium))
        net = Decimal(money(figure(card, "premium_after_credit")[0]))
        if plan_id in own:  # the enrollee premium, plus the difference for a dearer plan
            assert net == connectorcare["enrollee"] + (premium - low), plan_id
            assert "from ConnectorCare" in card
        else:  # ConnectorCare's subsidy is paid on ConnectorCare plans only
            assert net == premium - credit, plan_id


def test_ana_plan_page_shows_the_subsidy_and_what_she_pays(client, connectorcare):
    url = f"/shop/plans/{connectorcare['lowest']}/?" + _shop_query(ANA)
    page = client.get(url).content.decode()
    assert money(figure(page, "state_subsidy")[0]) == f"{connectorcare['state']:.2f}"
    assert money(figure(page, "premium_after_credit")[0]) == "53.00"
    assert "ConnectorCare plan" in page


def test_connectorcare_plans_are_not_offered_above_its_limit(client):
    """At $70,000 (447% FPL) there is no APTC in 2026 and no ConnectorCare: its plans are not
    listed (956 CMR 12.04(3))."""
    over = {**ANA, "income": 70000}
    cards = _cards(
        client.get("/shop/plans/?" + _shop_query(over) + "&metal=silver").content.decode()
    )
    infos = plan_infos("MA", YEAR)
    assert cards and not any(infos[pid].state_program for pid in cards)


def test_ana_enrolls_in_connectorcare_and_the_834_carries_the_subsidy(
    client, connectorcare, tmp_path
):
    user, determination = _apply("ana@example.org", "Ana", "Souza", ANA)
    stored = determination.result["state_subsidy"]
    assert Decimal(str(stored["monthly"])) == connectorcare["state"]
    client.force_login(user)
    plans = client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert "ConnectorCare plan type 2B" in plans.content.decode()
    lowest = connectorcare["lowest"]
    row = plans.content.decode().split(f'data-plan="{lowest}"')[1].split("</tr>")[0]
    assert f"${connectorcare['state']:,.2f}" in row

    plan = client.get(reverse("enrollment:plan", args=[determination.public_id, lowest]))
    assert f"${connectorcare['state']:,.2f}" in plan.content.decode()
    checkout, enrollment = _checkout(client, determination, lowest)
    assert re.search(
        r'data-testid="state">\$' + re.escape(f"{connectorcare['state']:,.2f}"), checkout
    )
    assert 'data-testid="net"><strong>$53.00' in checkout

    assert enrollment.state_subsidy == connectorcare["state"]
    assert enrollment.state_program == "ma_connectorcare" and enrollment.state_level == "2B"
    assert enrollment.premium_after_credit == Decimal("53.00")
    assert enrollment.plan_id == f"{lowest}05"  # the ConnectorCare plan's Plan Type 2B design
    detail = client.get(reverse("enrollment:detail", args=[enrollment.public_id]))
    assert f"${connectorcare['state']:,.2f}" in detail.content.decode()

    text = _notice_text(enrollment, "en")
    assert f"State help from ConnectorCare each month ${connectorcare['state']:,.2f}" in text
    # The label wraps in its table cell: "... after the credit and the $53.00 state help".
    assert "Your monthly premium after the credit and the" in text and "$53.00" in text
    spanish = _notice_text(enrollment, "es")
    assert f"Ayuda del estado de ConnectorCare cada mes ${connectorcare['state']:,.2f}" in spanish

    [txn], text = _exported(tmp_path)
    assert txn.state_subsidy_amount == connectorcare["state"]
    assert txn.total_responsible_amount == Decimal("53.00")
    assert txn.premium_total - txn.aptc_amount - txn.state_subsidy_amount == Decimal("53.00")
    assert f"N1*75*MONTHLY STATE SUBSIDY AMT~REF*9V*{connectorcare['state']}~" in text


def test_a_smaller_tax_credit_election_leaves_the_state_subsidy_as_it_is(connectorcare):
    """956 CMR 12.04(3)(c): the lowest premium assumes the full APTC; electing less costs the
    enrollee the difference, the state's subsidy does not grow."""
    from marketplace.enrollment.selection import enrollment_group, price

    _user, determination = _apply("ana2@example.org", "Ana", "Souza", ANA)
    priced = price(enrollment_group(determination), connectorcare["lowest"], Decimal("100"))
    assert priced.state_subsidy == connectorcare["state"]
    assert priced.premium_after_credit == connectorcare["premium"] - 100 - connectorcare["state"]


def test_the_api_prices_include_the_state_subsidy(client, connectorcare):
    body = {
        "household": {"income": ANA["income"], "people": [{"age": 40}]},
        "place": {"state": "MA", "zipcode": ANA["zip"], "countyfips": ANA["county"]},
        "year": YEAR,
        "limit": 100,
    }
    response = client.post(
        "/api/v1/plans/search", json.dumps(body), content_type="application/json"
    )
    plans = {p["id"]: p for p in response.json()["plans"]}
    lowest = plans[connectorcare["lowest"]]
    assert Decimal(str(lowest["state_subsidy"])) == connectorcare["state"]
    assert lowest["premium_w_credit"] == 53
    assert lowest["state_subsidy_program"] == "ConnectorCare"
    assert lowest["state_program"] == "ma_connectorcare"


# --- Vermont: Claire Tremblay, Premium Assistance and VCSR 77 -----------------------------


@pytest.fixture
def vermont(settings, db):
    settings.MARKETPLACE_STATE = "VT"
    shopping_quotes.clear_cache()
    estimate = run_estimate(_rules_input("VT", CLAIRE))
    vpa = (Decimal(CLAIRE["income"]) * Decimal("0.015") / 12).quantize(CENT, ROUND_HALF_UP)
    return {"estimate": estimate, "aptc": Decimal(str(estimate["aptc"])), "vpa": vpa}


def test_claire_estimate_has_premium_assistance_and_vcsr_77(vermont):
    estimate = vermont["estimate"]
    assert estimate["csr"] == "77"
    subsidy = estimate["state_subsidy"]
    assert subsidy["program"] == "vt_premium_assistance" and subsidy["eligible"]
    assert Decimal(str(subsidy["monthly"])) == vermont["vpa"] == Decimal("43.75")


def test_claire_plan_list_applies_premium_assistance_and_the_77_variation(client, vermont):
    page = client.get("/shop/estimate/?" + _shop_query(CLAIRE)).content.decode()
    assert "$43.75" in " ".join(figure(page, "state-subsidy"))
    listing = client.get("/shop/plans/?" + _shop_query(CLAIRE)).content.decode()
    offers = _offers("VT", CLAIRE)
    cards = _cards(listing)
    assert cards
    for plan_id, card in cards.items():
        offer = offers[plan_id]
        premium = plan_premium(offer, ADULT, "VT", YEAR)
        credit = (
            Decimal(0)
            if offer.metal_level == "catastrophic"
            else min(vermont["aptc"], _ehb(offer, premium))
        )
        vpa = min(vermont["vpa"], premium - credit) if offer.metal_level != "catastrophic" else 0
        assert Decimal(money(figure(card, "premium_after_credit")[0])) == premium - credit - vpa
    silver = next(pid for pid, o in offers.items() if o.metal_level == "silver")
    detail = client.get(f"/shop/plans/{silver}/?" + _shop_query(CLAIRE)).content.decode()
    assert f"{silver}-07" in detail  # Vermont's 77% AV silver variation
    assert money(figure(detail, "state_subsidy")[0]) == "43.75"


def test_claire_enrolls_in_silver_77_and_the_834_carries_premium_assistance(
    client, vermont, tmp_path
):
    user, determination = _apply("claire@example.org", "Claire", "Tremblay", CLAIRE)
    assert determination.result["csr"] == "77"
    client.force_login(user)
    offers = _offers("VT", CLAIRE)
    silver = sorted(pid for pid, o in offers.items() if o.metal_level == "silver")[0]
    checkout, enrollment = _checkout(client, determination, silver)
    assert 'data-testid="state">$43.75' in checkout
    assert enrollment.plan_id == f"{silver}07"
    assert enrollment.state_subsidy == Decimal("43.75")
    assert enrollment.premium_after_credit == (
        enrollment.premium - enrollment.elected_aptc - Decimal("43.75")
    )
    detail = client.get(reverse("enrollment:detail", args=[enrollment.public_id]))
    assert "Vermont Premium Assistance" in detail.content.decode()
    assert "$43.75" in detail.content.decode()  # the confirmation shows it too
    text = _notice_text(enrollment, "en")
    assert "State help from Vermont Premium" in text and "$43.75" in text  # the label wraps

    [txn], text = _exported(tmp_path)
    assert txn.plan_id == f"{silver}07"
    assert txn.state_subsidy_amount == Decimal("43.75")
    assert txn.total_responsible_amount == enrollment.premium_after_credit
    assert "N1*75*MONTHLY STATE SUBSIDY AMT~REF*9V*43.75~" in text
    assert f"REF*CE*{silver}07~" in text


def test_the_api_prices_include_vermont_premium_assistance(client, vermont):
    body = {
        "household": {"income": CLAIRE["income"], "people": [{"age": 40}]},
        "place": {"state": "VT", "zipcode": CLAIRE["zip"], "countyfips": CLAIRE["county"]},
        "year": YEAR,
        "limit": 100,
    }
    response = client.post(
        "/api/v1/plans/search", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content.decode()[:500]
    plans = response.json()["plans"]
    offers = _offers("VT", CLAIRE)
    helped = [p for p in plans if offers[p["id"]].metal_level != "catastrophic"]
    assert any(p["state_subsidy"] for p in helped)
    for plan in helped:
        offer = offers[plan["id"]]
        premium = plan_premium(offer, ADULT, "VT", YEAR)
        credit = min(vermont["aptc"], _ehb(offer, premium))
        vpa = min(vermont["vpa"], premium - credit)
        assert Decimal(str(plan["state_subsidy"])) == vpa
        named = "Vermont Premium Assistance" if vpa else None  # nothing left to pay: none
        assert plan["state_subsidy_program"] == named
        assert plan["state_program"] is None  # any plan, not a state program's own
        assert Decimal(str(plan["premium_w_credit"])) == premium - credit - vpa


def test_the_state_help_reads_in_spanish_on_the_plan_page_and_at_checkout(client, connectorcare):
    client.cookies["marketplace_language"] = "es"
    url = f"/shop/plans/{connectorcare['lowest']}/?" + _shop_query(ANA)
    page = client.get(url).content.decode()
    assert "Ayuda del estado de ConnectorCare" in page
    assert "Prima mensual después del crédito fiscal y de la ayuda del estado" in page
    assert "State help" not in page

    user, determination = _apply("ana3@example.org", "Ana", "Souza", ANA)
    client.force_login(user)
    client.cookies["marketplace_language"] = "es"
    plans = client.get(reverse("enrollment:plans", args=[determination.public_id]))
    assert "Tipo de plan de ConnectorCare 2B" in plans.content.decode()
    url = reverse("enrollment:checkout", args=[determination.public_id, connectorcare["lowest"]])
    checkout = client.get(url).content.decode()
    assert "Ayuda del estado de ConnectorCare cada mes" in checkout
    assert "State help" not in checkout
