"""The 2027 demo plan year (catalog/demo): imported by `load-demo` with 2025 and 2026, priced
through the same catalog and rating code as every other year, within the 2027 limits, and
not a copy of 2026."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aca_rules.rating import plan_premium
from marketplace.catalog import models
from marketplace.catalog.pricing import DatabaseCatalog

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
#: Rating area 5 (Boston), Vermont's one area (Burlington), Wake County (Raleigh).
PLACES = {"MA": ("25025", "02108"), "VT": ("50007", "05401"), "NC": ("37183", "27601")}


def benchmark_at_21(year: int, state: str) -> Decimal:
    """The second-lowest silver premium for a 21-year-old at the state's place."""
    offers = DatabaseCatalog().plans_for_location(year, state, *PLACES[state])
    silver = sorted(o.rates.rate(21) for o in offers if o.metal_level == "silver")
    return silver[1]


def test_load_demo_imports_2027_for_the_three_states():
    imported = models.CatalogImport.objects.get(year=2027)
    assert imported.states == ["MA", "NC", "VT"]
    assert set(models.Plan.objects.filter(year=2027).values_list("state", flat=True)) == {
        "MA",
        "NC",
        "VT",
    }
    assert models.Plan.objects.filter(year=2027, state="MA").count() >= 70


def test_boston_has_2027_plans_priced_from_the_imported_rates():
    catalog = DatabaseCatalog()
    offers = catalog.plans_for_location(2027, "MA", "25025", "02108")
    assert len(offers) >= 60
    assert catalog.rating_area(2027, "MA", "25025", "02108") == "Rating Area 5"
    maria_and_jose = [{"age": 40}, {"age": 38}]
    premium = plan_premium(offers[0], maria_and_jose, "MA", 2027)
    assert premium == offers[0].rates.rate(40) + offers[0].rates.rate(38)
    stored = models.Rate.objects.get(
        plan__standard_component_id=offers[0].plan_id,
        plan__year=2027,
        rating_area__number=5,
        rating_area__state="MA",
        age_min=40,
    )
    assert offers[0].rates.rate(40) == stored.individual_rate


def test_vermont_2027_is_trended_from_2026_by_the_assumed_seven_percent():
    """One rating area, community rated: the benchmark is the anchor itself (data.py)."""
    assert benchmark_at_21(2027, "VT") == (benchmark_at_21(2026, "VT") * Decimal("1.07")).quantize(
        CENT
    )


@pytest.mark.parametrize("state", ["MA", "NC", "VT"])
def test_2027_premiums_are_higher_than_2026_at_the_benchmark(state):
    assert benchmark_at_21(2027, state) > benchmark_at_21(2026, state)


def test_every_2027_plan_keeps_within_the_2027_out_of_pocket_limits():
    """$12,000 self-only (CMS guidance for 2027); HSA plans within Rev. Proc. 2026-24."""
    variants = models.PlanVariant.objects.filter(plan__year=2027)
    assert variants.count() > 600
    assert all(v.moop_individual <= 12000 for v in variants if v.moop_individual is not None)
    standard_2026 = models.PlanVariant.objects.filter(plan__year=2026, variant="01")
    assert max(v.moop_individual or 0 for v in standard_2026) <= 10600
    assert max(v.moop_individual or 0 for v in variants.filter(variant="01")) > 10600
    for hsa in variants.filter(plan__is_hsa_eligible=True, variant="01"):
        assert hsa.moop_individual <= 8700 and hsa.medical_deductible_individual >= 1750


def test_2027_is_not_a_copy_of_2026():
    new = models.Plan.objects.filter(year=2027, is_new=True)
    assert new.exists() and all("Silver Value" in p.name for p in new)
    assert not models.Plan.objects.filter(year=2026, name__contains="Silver Value").exists()
    bay_colony = models.Plan.objects.filter(state="MA", issuer__hios_id="31642")
    assert bay_colony.filter(year=2026, name__contains="Gold Plus").exists()
    assert not bay_colony.filter(year=2027, name__contains="Gold Plus").exists()
