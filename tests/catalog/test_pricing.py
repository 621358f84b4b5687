"""DatabaseCatalog and geography: which plans a household can buy where, at what rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aca_rules.catalog import Catalog
from marketplace.catalog import versioning
from marketplace.catalog.geography import counties_for_zip, rating_area_for
from marketplace.catalog.pricing import DatabaseCatalog
from tests.catalog.helpers import import_puf
from tests.catalog.puf_fixtures import BRONZE, GOLD, SILVER

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(puf, tmp_path):
    import_puf(puf.write(tmp_path / "puf"))
    return DatabaseCatalog()


def _ids(offers):
    return sorted(offer.plan_id for offer in offers)


def test_database_catalog_implements_the_rules_engine_protocol(loaded):
    assert isinstance(loaded, Catalog)


def test_a_raleigh_household_sees_every_plan_at_wake_rates(loaded):
    offers = loaded.plans_for_location(2026, "NC", "37183", "27601")

    assert _ids(offers) == [SILVER, BRONZE, GOLD]
    silver = next(o for o in offers if o.plan_id == SILVER)
    assert silver.rates.rate(21) == Decimal("440.00")  # 400 x area 13's 1.1
    assert silver.rates.rate(10) == Decimal("336.60")  # the 0-14 band
    assert silver.rates.rate(70) == Decimal("1320.00")  # 64 and over
    assert silver.rates.rate(40, tobacco=True) == Decimal("660.00")
    assert silver.metal_level == "silver" and silver.issuer_id == "11111"


def test_a_partial_county_service_area_covers_only_its_zips(loaded):
    outside = loaded.plans_for_location(2026, "NC", "37063", "27713")
    inside = loaded.plans_for_location(2026, "NC", "37063", "27701")

    assert GOLD not in _ids(outside)
    assert GOLD in _ids(inside)


def test_places_with_the_same_rating_area_and_service_areas_share_one_answer(loaded):
    """One answer object per rating area and set of covering service areas: what the rules
    engine works out per answer (the benchmark's silver plans) is worked out once."""
    durham = loaded.plans_for_location(2026, "NC", "37063", "27701")
    assert loaded.plans_for_location(2026, "NC", "37063", "27560") is durham  # Gold's zips
    outside = loaded.plans_for_location(2026, "NC", "37063", "27713")  # not Gold's
    assert outside is not durham and GOLD not in _ids(outside)
    raleigh = loaded.plans_for_location(2026, "NC", "37183", "27601")
    assert loaded.plans_for_location(2026, "NC", "37183", "27560") is raleigh
    assert raleigh is not durham  # area 13's rates, not area 11's


def test_the_two_county_zip_is_rated_by_the_county_given(loaded):
    assert loaded.rating_area(2026, "NC", "37063", "27560") == "Rating Area 11"
    assert loaded.rating_area(2026, "NC", "37183", "27560") == "Rating Area 13"
    durham = next(
        o for o in loaded.plans_for_location(2026, "NC", "37063", "27560") if o.plan_id == SILVER
    )
    assert durham.rates.rate(21) == Decimal("400.00")


def test_a_two_county_zip_without_a_county_has_no_single_rating_area(loaded):
    assert rating_area_for(2026, "NC", None, "27560") is None
    assert rating_area_for(2026, "NC", None, "27601").number == 13


def test_counties_for_zip_lists_every_county_of_the_zip(loaded):
    assert [c.fips for c in counties_for_zip("27560", "NC")] == ["37063", "37183"]
    assert counties_for_zip("99999", "NC") == []


def test_another_plan_year_or_an_unknown_place_has_no_plans(loaded):
    assert loaded.plans_for_location(2025, "NC", "37183", "27601") == ()
    assert loaded.plans_for_location(2026, "NC", "37999", None) == ()


def test_offers_are_cached_and_refreshed_after_a_new_import(loaded, puf, tmp_path, monkeypatch):
    before = loaded.plans_for_location(2026, "NC", "37183", "27601")
    assert loaded.plans_for_location(2026, "NC", "37183", "27601") is before  # cached
    for row in puf.rates:
        if (
            row["PlanId"] == SILVER
            and row["RatingAreaId"] == "Rating Area 13"
            and row["Age"] == "21"
        ):
            row["IndividualRate"] = "450.00"
    from django.core.management import call_command

    call_command("import-puf", str(puf.write(tmp_path / "new")), year=2026, stdout=None)
    monkeypatch.setattr(versioning, "CHECK_SECONDS", 0)

    after = loaded.plans_for_location(2026, "NC", "37183", "27601")
    assert next(o for o in after if o.plan_id == SILVER).rates.rate(21) == Decimal("450.00")


def test_a_warm_plan_search_does_no_database_work(loaded, django_assert_num_queries):
    loaded.plans_for_location(2026, "NC", "37183", "27601")
    with django_assert_num_queries(0):
        loaded.plans_for_location(2026, "NC", "37183", "27601")
        loaded.rating_area(2026, "NC", "37183", "27601")
