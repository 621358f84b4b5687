"""The demo catalog: deterministic files, loaded through the importer, realistic shape."""

from __future__ import annotations

import filecmp
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.catalog import models, versioning
from marketplace.catalog.demo.generator import generate
from marketplace.catalog.geography import counties_for_zip
from marketplace.catalog.pricing import DatabaseCatalog

pytestmark = pytest.mark.django_db

CATALOG_TABLES = [
    models.Rate,
    models.Benefit,
    models.PlanVariant,
    models.Plan,
    models.ServiceAreaCounty,
    models.ServiceArea,
    models.Issuer,
    models.RatingAreaRule,
    models.RatingArea,
    models.ZipCounty,
    models.County,
    models.CatalogImport,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2026 demo catalog, loaded once for this module with `load-demo` (and removed)."""
    with django_db_blocker.unblock():
        out = tmp_path_factory.mktemp("demo")
        call_command("load-demo", out=out, year=[2026], stdout=StringIO(), stderr=StringIO())
        versioning.invalidate()
        yield out
        for model in CATALOG_TABLES:
            model.objects.all().delete()
        versioning.invalidate()


def test_the_generator_is_deterministic(tmp_path):
    generate(tmp_path / "one", years=(2025,))
    generate(tmp_path / "two", years=(2025,))

    names = sorted(p.name for p in (tmp_path / "one" / "2025").iterdir())
    assert "rate-puf.csv" in names
    _, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "one" / "2025", tmp_path / "two" / "2025", names, shallow=False
    )
    assert (mismatch, errors) == ([], [])


def test_the_demo_loads_through_the_importer(demo):
    record = models.CatalogImport.objects.get()
    assert record.year == 2026 and record.states == ["MA", "NC", "VT"]
    assert "plan-attributes-puf.csv" in record.files


def test_02108_is_suffolk_county(demo):
    assert [(c.fips, c.name) for c in counties_for_zip("02108", "MA")] == [("25025", "Suffolk")]


def test_every_massachusetts_zip_has_a_county(demo):
    import zipcodes

    known = set(models.ZipCounty.objects.filter(state="MA").values_list("zipcode", flat=True))
    assert {z["zip_code"] for z in zipcodes.filter_by(state="MA")} <= known


def test_morrisville_spans_wake_and_durham(demo):
    assert [c.fips for c in counties_for_zip("27560", "NC")] == ["37063", "37183"]


def test_suffolk_county_has_at_least_60_plans_priced_by_zip3(demo):
    catalog = DatabaseCatalog()
    offers = catalog.plans_for_location(2026, "MA", "25025", "02108")

    assert len(offers) >= 60
    assert catalog.rating_area(2026, "MA", "25025", "02108") == "Rating Area 5"
    offer = offers[0]
    stored = models.Rate.objects.get(
        plan__standard_component_id=offer.plan_id,
        plan__year=2026,
        rating_area__number=5,
        rating_area__state="MA",
        age_min=40,
    )
    assert offer.rates.rate(40) == stored.individual_rate
    assert offer.rates.tobacco_rates is None  # MA does not rate tobacco


def test_massachusetts_adults_are_rated_within_2_to_1(demo):
    offer = DatabaseCatalog().plans_for_location(2026, "MA", "25025", "02108")[0]
    ratio = offer.rates.rate(64) / offer.rates.rate(21)
    assert Decimal("1.99") <= ratio <= Decimal("2.01")


def test_vermont_uses_family_tiers(demo):
    offers = DatabaseCatalog().plans_for_location(2026, "VT", "50007", "05401")
    tiers = offers[0].rates.family_tier_rates

    assert len(offers) >= 20
    assert tiers["couple"] == (tiers["individual"] * 2).quantize(Decimal("0.01"))
    assert tiers["primary_one_dependent"] == (tiers["individual"] * Decimal("1.93")).quantize(
        Decimal("0.01")
    )
    assert tiers["couple_three_or_more"] == (tiers["individual"] * Decimal("2.81")).quantize(
        Decimal("0.01")
    )
    assert offers[0].rates.rate(25) == offers[0].rates.rate(60)  # community rating


def test_north_carolina_rates_tobacco_at_most_one_and_a_half(demo):
    for offer in DatabaseCatalog().plans_for_location(2026, "NC", "37183", "27601"):
        assert offer.rates.rate(40, tobacco=True) <= offer.rates.rate(40) * Decimal(
            "1.5"
        ) + Decimal("0.01")
        assert offer.rates.rate(18, tobacco=True) == offer.rates.rate(18)


def test_every_metal_level_and_variant_is_offered(demo):
    plans = models.Plan.objects.filter(year=2026, state="MA")
    assert set(plans.values_list("metal_level", flat=True)) == set(models.MetalLevel.values)
    assert set(plans.values_list("plan_type", flat=True)) >= {"HMO", "PPO", "EPO", "POS"}
    assert (
        plans.filter(is_standardized=True).exists() and plans.filter(is_hsa_eligible=True).exists()
    )
    assert plans.filter(ehb_percent_of_premium__lt=1).exists()
    assert set(plans.exclude(quality_rating=None).values_list("quality_rating", flat=True)) <= {
        1,
        2,
        3,
        4,
        5,
    }
    variants = set(
        models.PlanVariant.objects.filter(plan__in=plans).values_list("variant", flat=True)
    )
    assert variants == {"01", "02", "03", "04", "05", "06"}


def test_out_of_pocket_limits_are_within_the_2026_law(demo):
    variants = models.PlanVariant.objects.filter(plan__year=2026)
    # 07: Vermont's 77% AV silver variation (VCSR), held to the 73% variation's limit.
    limits = {"01": 10600, "02": 10600, "03": 10600, "04": 8450, "05": 3500, "06": 3500, "07": 8450}
    for variant in variants:
        assert variant.moop_individual <= limits[variant.variant]


def test_the_benchmark_silver_is_near_the_published_anchor(demo):
    from marketplace.catalog.demo.data import BENCHMARK_AGE_21

    offers = DatabaseCatalog().plans_for_location(2026, "NC", "37183", "27601")
    silver = sorted(o.rates.rate(21) for o in offers if o.metal_level == "silver")
    anchor = BENCHMARK_AGE_21[("NC", 2026)]
    assert anchor * Decimal("0.8") < silver[1] < anchor * Decimal("1.25")


def test_the_benefits_for_plan_compare_are_filed(demo):
    from marketplace.catalog.benefits import PLAN_COMPARE_BENEFITS

    variant = models.PlanVariant.objects.filter(plan__year=2026, variant="01").first()
    names = set(variant.benefits.values_list("name", flat=True))
    assert set(PLAN_COMPARE_BENEFITS.values()) <= names
