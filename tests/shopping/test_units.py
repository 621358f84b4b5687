"""The shopping modules' own rules: the URL household, CSR variants, the yearly-cost model."""

from decimal import Decimal

from django.http import QueryDict

from marketplace.catalog.plan_data import VariantInfo
from marketplace.shopping.compare import phrase
from marketplace.shopping.household import parse_household
from marketplace.shopping.quotes import expected_out_of_pocket, variant_code
from marketplace.shopping.search import paginate


def _variant(code="01", deductible="2000", moop="9000", family_moop="18000"):
    return VariantInfo(
        code, None, Decimal(deductible), None, None, None, Decimal(moop), Decimal(family_moop), True
    )


def test_the_household_round_trips_through_the_url():
    query = QueryDict(
        "zip=02108&county=25025&income=52%2C000&age0=40&age1=8&rel1=child"
        "&tobacco0=1&coverage1=0&coverage1=1&aian1=on"
    )
    household, form = parse_household(query)
    assert form.errors == {}
    assert household.filing_status == "head_of_household"
    assert household.people[1].seeking_coverage  # the checkbox's 1 wins over the hidden 0
    again, _ = parse_household(QueryDict(household.querystring()))
    assert again == household


def test_a_spouse_means_married_filing_jointly():
    household, _ = parse_household(
        QueryDict("zip=02108&county=25025&income=1&age0=40&age1=39&rel1=spouse")
    )
    assert household.filing_status == "married_joint"


def test_two_spouses_are_refused():
    _, form = parse_household(
        QueryDict("zip=02108&county=25025&income=1&age0=40&age1=39&rel1=spouse&age2=38&rel2=spouse")
    )
    assert "rel1" in form.errors


def test_csr_variants():
    assert variant_code("87", "silver") == "05"
    assert variant_code("94", "silver") == "06"
    assert variant_code("73", "silver") == "04"
    assert variant_code("87", "gold") == "01"
    assert variant_code("zero", "gold") == "02"
    assert variant_code("limited", "bronze") == "03"
    assert variant_code("zero", "catastrophic") == "01"
    assert variant_code(None, "silver") == "01"


def test_a_plans_state_variation_serves_its_level_before_the_federal_ones():
    # Vermont's 77% AV (33 V.S.A. 1812(b)): the plan's own variation, else its 73% design.
    assert variant_code("77", "silver", {"77": "07", "73": "04"}) == "07"
    assert variant_code("77", "silver") == "04"
    # A ConnectorCare plan's design for Plan Type 3B; AI/AN variations come first.
    connectorcare = {"2B": "05", "3B": "01"}
    assert variant_code(None, "silver", connectorcare, "3B") == "01"
    assert variant_code("87", "silver", connectorcare, "2B") == "05"
    assert variant_code("zero", "silver", connectorcare, "2B") == "02"


def test_out_of_pocket_is_deductible_then_coinsurance_capped():
    variant = _variant()
    # $500 of care is under the $2,000 deductible: all paid by the person.
    assert expected_out_of_pocket(variant, "gold", 1, Decimal(500)) == 500
    # $4,000: the deductible, then 20% of $2,000 for gold.
    assert expected_out_of_pocket(variant, "gold", 1, Decimal(4000)) == 2400
    # $20,000 x 3 people is capped at the family maximum.
    assert expected_out_of_pocket(variant, "bronze", 3, Decimal(20000)) == 18000


def test_pages_clamp_to_the_last_page():
    page = paginate(list(range(45)), 9, size=20)
    assert (page.number, page.pages, page.first_index, page.last_index) == (3, 3, 41, 45)


def test_puf_cost_sharing_phrases():
    assert phrase("$30.00", "copay") == "$30 copay"
    assert phrase("20.00% Coinsurance after deductible", "coinsurance") == (
        "20% coinsurance after deductible"
    )
    assert phrase("Not Applicable", "copay") is None
    assert phrase("No Charge", "copay") == "No charge"
