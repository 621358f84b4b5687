"""`DatabaseCatalog`: the rules engine's `aca_rules.catalog.Catalog`, read from the database.

A plan is offered at a location (docs/puf-and-834.md A.3) when its issuer's service area covers the
county (the whole state, the whole county, or - for a partial county - the zip code) AND it
has rates for the location's rating area (geography.rating_area_for: zip3 in MA, county
elsewhere). Results are cached per process, keyed by (year, state, county, zip), and dropped
when a new catalog import lands (versioning.py): after warm-up a plan search does no
database work. Places with the same rating area and covering service areas get the same
answer object, so the engine's per-answer work (the benchmark's silver plans) is shared.
Use the shared instance `catalog`:

    from marketplace.catalog.pricing import catalog
    offers = catalog.plans_for_location(2026, "MA", "25025", "02108")

Rates: where a plan files several rate periods (SHOP-style quarterly rows), the earliest
effective date is used. `rating_area()` answers with the Rate PUF name, "Rating Area 5".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from aca_rules.catalog import PlanOffer, RateTable
from marketplace.catalog.geography import counties_for_zip, rating_area_for
from marketplace.catalog.models import Plan, Rate, ServiceArea, ServiceAreaCounty
from marketplace.catalog.versioning import current_version, versioned_cache

TIER_FIELDS = {
    "couple": "couple",
    "primary_one_dependent": "primary_one_dependent",
    "primary_two_dependents": "primary_two_dependents",
    "primary_three_or_more": "primary_three_or_more",
    "couple_one_dependent": "couple_one_dependent",
    "couple_two_dependents": "couple_two_dependents",
    "couple_three_or_more": "couple_three_or_more",
}


@dataclass(frozen=True)
class _PlanInfo:
    pk: int
    plan_id: str
    issuer_id: str
    metal_level: str
    ehb_share: Decimal
    includes_pediatric_dental: bool
    name: str
    service_area_pk: int
    state_program: str


class _Coverage:
    """Which service areas of a state and year cover a county (and zip)."""

    def __init__(self, year: int, state: str):
        areas = ServiceArea.objects.filter(year=year, issuer__state=state)
        self.statewide = set(areas.filter(covers_entire_state=True).values_list("id", flat=True))
        self.counties: dict[str, list[tuple[int, frozenset | None]]] = {}
        for area_pk, fips, partial, zips in ServiceAreaCounty.objects.filter(
            service_area__in=areas
        ).values_list("service_area_id", "county_fips", "partial_county", "zipcodes"):
            self.counties.setdefault(fips, []).append(
                (area_pk, frozenset(zips) if partial else None)
            )

    def covering(self, counties: Sequence[str], zipcode: str | None) -> set[int]:
        found = set(self.statewide)
        for fips in counties:
            for area_pk, zips in self.counties.get(fips, ()):
                if zips is None or (zipcode is not None and zipcode in zips):
                    found.add(area_pk)
        return found


class DatabaseCatalog:
    """The plan catalog in the database, behind the rules engine's Catalog protocol."""

    def __init__(self):
        self._offers = versioned_cache()
        self._plans = versioned_cache()
        self._coverage = versioned_cache()
        self._rates = versioned_cache()
        self._shared = versioned_cache()

    # --- the protocol -------------------------------------------------------------------
    def plans_for_location(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> Sequence[PlanOffer]:
        current_version()
        key = (year, state, countyfips, zipcode)
        offers = self._offers.get(key)
        if offers is None:
            offers = self._offers[key] = self._find(year, state, countyfips, zipcode)
        return offers

    def rating_area(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> str | None:
        area = rating_area_for(year, state, countyfips, zipcode)
        return area.puf_name if area is not None else None

    # --- helpers ------------------------------------------------------------------------
    def _find(self, year, state, countyfips, zipcode) -> tuple[PlanOffer, ...]:
        area = rating_area_for(year, state, countyfips, zipcode)
        if area is None:
            return ()
        if countyfips:
            counties = [countyfips]
        elif zipcode:
            counties = [c.fips for c in counties_for_zip(zipcode, state)]
        else:
            return ()
        covered = frozenset(self._coverage_for(year, state).covering(counties, zipcode))
        # Places with the same rating area and service areas share one answer (the same
        # sequence object), so what the engine works out per answer is worked out once.
        shared_key = ("offers", year, state, area.id, covered)
        offers = self._shared.get(shared_key)
        if offers is None:
            offers = self._shared[shared_key] = self._offers_in(year, state, area.id, covered)
        return offers

    def _offers_in(self, year, state, area_pk: int, covered: frozenset) -> tuple[PlanOffer, ...]:
        rates = self._rates_for(area_pk)
        return tuple(
            PlanOffer(
                plan_id=info.plan_id,
                issuer_id=info.issuer_id,
                metal_level=info.metal_level,
                ehb_share=info.ehb_share,
                includes_pediatric_dental=info.includes_pediatric_dental,
                rates=rates[info.pk],
                name=info.name,
                state_program=info.state_program or None,
            )
            for info in self._plans_for(year, state)
            if info.service_area_pk in covered and info.pk in rates
        )

    def _coverage_for(self, year, state) -> _Coverage:
        coverage = self._coverage.get((year, state))
        if coverage is None:
            coverage = self._coverage[(year, state)] = _Coverage(year, state)
        return coverage

    def _plans_for(self, year, state) -> list[_PlanInfo]:
        plans = self._plans.get((year, state))
        if plans is None:
            plans = self._plans[(year, state)] = [
                _PlanInfo(*row)
                for row in Plan.objects.filter(year=year, state=state)
                .order_by("standard_component_id")
                .values_list(
                    "id",
                    "standard_component_id",
                    "issuer__hios_id",
                    "metal_level",
                    "ehb_percent_of_premium",
                    "includes_pediatric_dental",
                    "name",
                    "service_area_id",
                    "state_program",
                )
            ]
        return plans

    def _rates_for(self, area_pk: int) -> dict[int, RateTable]:
        tables = self._rates.get(area_pk)
        if tables is None:
            tables = self._rates[area_pk] = _rate_tables(area_pk)
        return tables


def _rate_tables(area_pk: int) -> dict[int, RateTable]:
    """plan pk -> RateTable for one rating area, from the earliest rate period filed."""
    rows: dict[int, list] = {}
    first: dict[int, object] = {}
    fields = [
        "plan_id",
        "effective_date",
        "age_min",
        "age_max",
        "individual_rate",
        "tobacco_rate",
        *TIER_FIELDS.values(),
    ]
    for row in Rate.objects.filter(rating_area_id=area_pk).values_list(*fields):
        plan_pk, effective = row[0], row[1]
        if plan_pk not in first or effective < first[plan_pk]:
            first[plan_pk] = effective
            rows[plan_pk] = []
        if effective == first[plan_pk]:
            rows[plan_pk].append(row)
    return {plan_pk: _table(plan_rows) for plan_pk, plan_rows in rows.items()}


def _table(rows: list) -> RateTable:
    ages: dict[int, Decimal] = {}
    tobacco: dict[int, Decimal] = {}
    tiers: dict[str, Decimal] | None = None
    for _, _, age_min, age_max, individual, tobacco_rate, *tier_values in rows:
        if age_min is None:  # Family Option (community rating): one rate for every age
            tiers = {"individual": individual}
            tiers.update(
                {
                    key: value
                    for key, value in zip(TIER_FIELDS, tier_values, strict=True)
                    if value is not None
                }
            )
            for age in range(65):
                ages.setdefault(age, individual)
            continue
        for age in range(age_min, min(age_max, 64) + 1):
            ages[age] = individual
            if tobacco_rate is not None:
                tobacco[age] = tobacco_rate
    return RateTable(age_rates=ages, tobacco_rates=tobacco or None, family_tier_rates=tiers)


#: The shared per-process instance.
catalog = DatabaseCatalog()
