"""Writing a checked `PufBundle` to the database: the one place the catalog import writes.

Everything happens in one transaction. For the plan year and the states in the files, the
catalog is replaced: issuers, service areas, plans and variants are updated in place (their
ids stay stable, so other tables may point at them), plans and variants no longer filed are
removed, and rates, benefits and service-area counties are rewritten. Rates and benefits go
in with raw `executemany` on SQLite and `COPY` on PostgreSQL: a million rate rows must load
in well under a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import ProtectedError

from marketplace.catalog.models import (
    Benefit,
    CatalogImport,
    County,
    Issuer,
    Plan,
    PlanCrosswalk,
    PlanVariant,
    Rate,
    RatingArea,
    RatingAreaRule,
    ServiceArea,
    ServiceAreaCounty,
    ZipCounty,
)
from marketplace.catalog.puf.bundle import KnownGeography
from marketplace.catalog.puf.records import PufBundle

BATCH = 50_000
RATE_COLUMNS = [
    "plan_id",
    "rating_area_id",
    "effective_date",
    "expiration_date",
    "age_min",
    "age_max",
    "individual_rate",
    "tobacco_rate",
    "couple",
    "primary_one_dependent",
    "primary_two_dependents",
    "primary_three_or_more",
    "couple_one_dependent",
    "couple_two_dependents",
    "couple_three_or_more",
]
BENEFIT_COLUMNS = [
    "variant_id",
    "name",
    "is_covered",
    "is_ehb",
    "copay_in_network",
    "coinsurance_in_network",
    "copay_out_of_network",
    "coinsurance_out_of_network",
    "limit_quantity",
    "limit_unit",
    "exclusions",
    "explanation",
]


class ImportBlocked(Exception):
    """The database refuses the replacement (e.g. enrollments point at a removed plan)."""


def known_geography(year: int) -> KnownGeography:
    """What the database knows already, for checking files that bring no geography."""
    known = KnownGeography()
    known.county_states = dict(County.objects.values_list("fips", "state"))
    for state, number in RatingArea.objects.filter(year=year).values_list("state", "number"):
        known.rating_areas.setdefault(state, set()).add(number)
    return known


def write_bundle(
    bundle: PufBundle, progress: Callable[[str, int], None] | None = None
) -> CatalogImport:
    """Replace the bundle's plan year for its states, in one transaction."""
    started = datetime.now(UTC)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A big transaction spills SQLite's 2 MB page cache to disk; give it 256 MB.
            cursor.execute("PRAGMA cache_size = -262144")
    try:
        with transaction.atomic():
            _write_geography(bundle)
            _write_catalog(bundle, progress)
            return CatalogImport.objects.create(
                year=bundle.year,
                states=sorted(bundle.states | bundle.geography.rating_area_states),
                source=bundle.source[:500],
                files={
                    name: {"sha256": info.sha256, "rows": info.rows, "kind": info.kind}
                    for name, info in sorted(bundle.files.items())
                },
                started_at=started,
                finished_at=datetime.now(UTC),
                counts=bundle.counts(),
            )
    except ProtectedError as exc:
        objects = ", ".join(sorted({str(obj) for obj in list(exc.protected_objects)[:5]}))
        raise ImportBlocked(
            f"cannot remove catalog rows that other records still use: {objects}"
        ) from exc


def _write_geography(bundle: PufBundle) -> None:
    geography = bundle.geography
    if geography.counties:
        County.objects.bulk_create(
            [County(fips=fips, state=state, name=name) for state, fips, name in geography.counties],
            update_conflicts=True,
            unique_fields=["fips"],
            update_fields=["state", "name"],
            batch_size=1000,
        )
    if geography.zip_counties:
        ZipCounty.objects.filter(state__in=geography.zip_states).delete()
        county_ids = dict(County.objects.values_list("fips", "id"))
        ZipCounty.objects.bulk_create(
            [
                ZipCounty(zipcode=zipcode, state=state, county_id=county_ids[fips], city=city)
                for zipcode, state, fips, city in geography.zip_counties
            ],
            batch_size=2000,
        )


def _write_catalog(bundle: PufBundle, progress) -> None:
    """Write the checked bundle, step by step, inside the import's transaction."""
    _clear_rewritten(bundle)
    area_ids = _write_rating_areas(bundle)
    issuer_ids = _write_issuers(bundle)
    area_pks = _write_service_areas(bundle, issuer_ids)
    plan_ids = _write_plans(bundle, issuer_ids, area_pks)
    _write_variants(bundle, plan_ids)
    _remove_stale(bundle, plan_ids, area_pks)
    _write_rates_and_benefits(bundle, plan_ids, area_ids, progress)
    _write_crosswalk(bundle)


def _clear_rewritten(bundle: PufBundle) -> None:
    """What is rewritten wholesale: the states' rates, benefits and service-area counties."""
    year, states = bundle.year, bundle.states
    Rate.objects.filter(plan__year=year, plan__state__in=states).delete()
    Benefit.objects.filter(variant__plan__year=year, variant__plan__state__in=states).delete()
    ServiceAreaCounty.objects.filter(
        service_area__year=year, service_area__issuer__state__in=states
    ).delete()


def _write_rating_areas(bundle: PufBundle) -> dict[tuple[str, int], int]:
    """Rating areas and their rules, for the states whose table the files bring; returns
    (state, area number) -> key for every rating area of the year."""
    year = bundle.year
    area_states = bundle.geography.rating_area_states
    if area_states:
        RatingAreaRule.objects.filter(year=year, state__in=area_states).delete()
        wanted = {(state, area) for state, area, _, _ in bundle.geography.rating_area_rules}
        RatingArea.objects.bulk_create(
            [RatingArea(year=year, state=state, number=area) for state, area in sorted(wanted)],
            ignore_conflicts=True,
        )
        for area in RatingArea.objects.filter(year=year, state__in=area_states):
            if (area.state, area.number) not in wanted:
                area.delete()  # PROTECTed by rates of a state not in this import
    area_ids = {
        (state, number): pk
        for state, number, pk in RatingArea.objects.filter(year=year).values_list(
            "state", "number", "id"
        )
    }
    if area_states:
        RatingAreaRule.objects.bulk_create(
            [
                RatingAreaRule(
                    rating_area_id=area_ids[(state, area)],
                    year=year,
                    state=state,
                    county_fips=county,
                    zip3=zip3,
                )
                for state, area, county, zip3 in bundle.geography.rating_area_rules
            ],
            batch_size=2000,
        )
    return area_ids


def _write_issuers(bundle: PufBundle) -> dict[str, int]:
    """Issuers, updated in place; returns HIOS id -> key."""
    Issuer.objects.bulk_create(
        [
            Issuer(hios_id=i.hios_id, state=i.state, name=i.name[:200])
            for i in bundle.issuers.values()
        ],
        update_conflicts=True,
        unique_fields=["hios_id"],
        update_fields=["state", "name"],
    )
    issuer_ids = dict(
        Issuer.objects.filter(hios_id__in=bundle.issuers).values_list("hios_id", "id")
    )
    return issuer_ids


def _write_service_areas(bundle: PufBundle, issuer_ids: dict[str, int]) -> dict:
    """Service areas (updated in place) and their counties; returns (HIOS id, service area
    id) -> key for the states' service areas."""
    year, states = bundle.year, bundle.states
    ServiceArea.objects.bulk_create(
        [
            ServiceArea(
                issuer_id=issuer_ids[a.issuer_id],
                year=year,
                service_area_id=a.service_area_id,
                name=a.name,
                covers_entire_state=a.covers_entire_state,
            )
            for a in bundle.service_areas.values()
        ],
        update_conflicts=True,
        unique_fields=["issuer", "year", "service_area_id"],
        update_fields=["name", "covers_entire_state"],
    )
    area_pks = {
        (hios, said): pk
        for hios, said, pk in ServiceArea.objects.filter(
            year=year, issuer__state__in=states
        ).values_list("issuer__hios_id", "service_area_id", "id")
    }
    ServiceAreaCounty.objects.bulk_create(
        [
            ServiceAreaCounty(
                service_area_id=area_pks[key],
                county_fips=fips,
                partial_county=zips is not None,
                zipcodes=zips or [],
            )
            for key, area in bundle.service_areas.items()
            for fips, zips in area.counties.items()
        ],
        batch_size=2000,
    )
    return area_pks


#: The plan fields an import writes over a plan of the same year and id.
PLAN_UPDATE_FIELDS = [
    "state",
    "issuer",
    "name",
    "hios_product_id",
    "network_id",
    "service_area",
    "formulary_id",
    "market_coverage",
    "plan_type",
    "metal_level",
    "is_new",
    "is_hsa_eligible",
    "is_standardized",
    "ehb_percent_of_premium",
    "quality_rating",
    "network_url",
    "formulary_url",
    "brochure_url",
    "summary_of_benefits_url",
    "state_program",
    "state_variants",
]


def _write_plans(bundle: PufBundle, issuer_ids: dict[str, int], area_pks: dict) -> dict:
    """Plans, updated in place; returns standard component id -> key for the states' plans."""
    year, states = bundle.year, bundle.states
    Plan.objects.bulk_create(
        [_plan(year, p, issuer_ids, area_pks) for p in bundle.plans.values()],
        update_conflicts=True,
        unique_fields=["year", "standard_component_id"],
        update_fields=PLAN_UPDATE_FIELDS,
        batch_size=500,
    )
    plan_ids = dict(
        Plan.objects.filter(year=year, state__in=states).values_list("standard_component_id", "id")
    )
    return plan_ids


def _plan(year: int, p, issuer_ids: dict[str, int], area_pks: dict) -> Plan:
    """The plan of a checked Plan Attributes record, with its issuer's and service area's
    keys."""
    return Plan(
        year=year,
        state=p.state,
        issuer_id=issuer_ids[p.issuer_id],
        standard_component_id=p.standard_component_id,
        name=p.name,
        hios_product_id=p.hios_product_id,
        network_id=p.network_id,
        service_area_id=area_pks[(p.issuer_id, p.service_area_id)],
        formulary_id=p.formulary_id,
        market_coverage=p.market_coverage,
        plan_type=p.plan_type,
        metal_level=p.metal_level,
        is_new=p.is_new,
        is_hsa_eligible=p.is_hsa_eligible,
        is_standardized=p.is_standardized,
        ehb_percent_of_premium=p.ehb_percent_of_premium,
        quality_rating=p.quality_rating,
        network_url=p.network_url,
        formulary_url=p.formulary_url,
        brochure_url=p.brochure_url,
        summary_of_benefits_url=p.summary_of_benefits_url,
        state_program=p.state_program,
        state_variants=p.state_variants,
    )


def _write_variants(bundle: PufBundle, plan_ids: dict[str, int]) -> None:
    """Plan variants (cost-sharing levels), updated in place."""
    variant_fields = [
        "name",
        "csr_variation_type",
        "actuarial_value",
        "deductibles_integrated",
        "moop_integrated",
        "medical_deductible_individual",
        "medical_deductible_family",
        "drug_deductible_individual",
        "drug_deductible_family",
        "moop_individual",
        "moop_family",
        "drug_moop_individual",
        "drug_moop_family",
    ]
    PlanVariant.objects.bulk_create(
        [
            PlanVariant(
                plan_id=plan_ids[v.standard_component_id],
                variant=v.variant,
                **{name: getattr(v, name) for name in variant_fields},
            )
            for v in bundle.variants
        ],
        update_conflicts=True,
        unique_fields=["plan", "variant"],
        update_fields=variant_fields,
        batch_size=500,
    )


def _remove_stale(bundle: PufBundle, plan_ids: dict[str, int], area_pks: dict) -> None:
    """Remove what is no longer filed (PROTECTed rows elsewhere stop the import)."""
    year, states = bundle.year, bundle.states
    wanted_variants = {(v.standard_component_id, v.variant) for v in bundle.variants}
    stale = [
        pk
        for sci, variant, pk in PlanVariant.objects.filter(
            plan__year=year, plan__state__in=states
        ).values_list("plan__standard_component_id", "variant", "id")
        if (sci, variant) not in wanted_variants
    ]
    if stale:
        PlanVariant.objects.filter(id__in=stale).delete()
    stale_plans = [pk for sci, pk in plan_ids.items() if sci not in bundle.plans]
    if stale_plans:
        Plan.objects.filter(id__in=stale_plans).delete()
    stale_areas = [pk for key, pk in area_pks.items() if key not in bundle.service_areas]
    if stale_areas:
        ServiceArea.objects.filter(id__in=stale_areas).delete()


def _write_rates_and_benefits(bundle: PufBundle, plan_ids, area_ids, progress) -> None:
    """Rates and benefits, in bulk."""
    year, states = bundle.year, bundle.states
    rates = _rate_rows(bundle, plan_ids, area_ids)
    _insert(Rate._meta.db_table, RATE_COLUMNS, rates, progress, "rates", plain=True)
    variant_ids = {
        (sci, variant): pk
        for sci, variant, pk in PlanVariant.objects.filter(
            plan__year=year, plan__state__in=states
        ).values_list("plan__standard_component_id", "variant", "id")
    }
    _insert(
        Benefit._meta.db_table,
        BENEFIT_COLUMNS,
        ((variant_ids[(row[0], row[1])], *row[2:]) for row in bundle.benefits),
        progress,
        "benefits",
    )


def _write_crosswalk(bundle: PufBundle) -> None:
    """The year's Plan ID Crosswalk rows for the bundle's states, replaced like the rest."""
    PlanCrosswalk.objects.filter(to_year=bundle.year, state__in=bundle.states).delete()
    PlanCrosswalk.objects.bulk_create(
        (
            PlanCrosswalk(
                from_year=bundle.year - 1,
                to_year=bundle.year,
                state=row.state,
                from_plan_id=row.from_plan_id,
                from_issuer_id=row.from_issuer_id,
                from_metal_level=row.from_metal_level,
                county_fips=row.county_fips,
                zipcodes=row.zipcodes,
                level=row.level,
                reason=row.reason,
                to_plan_id=row.to_plan_id,
                to_issuer_id=row.to_issuer_id,
                to_metal_level=row.to_metal_level,
                age_off_plan_id=row.age_off_plan_id,
            )
            for row in bundle.crosswalk
        ),
        batch_size=2000,
    )


def _rate_rows(bundle: PufBundle, plan_ids: dict, area_ids: dict) -> Iterable[tuple]:
    for row in bundle.rates:
        yield (plan_ids[row[0]], area_ids[(row[1], row[2])], *row[3:])


def _insert(
    table: str, columns: list[str], rows: Iterable[tuple], progress, label: str, plain=False
) -> int:
    """Insert many rows fast: COPY on PostgreSQL, executemany in batches elsewhere.

    `plain`: every value is None, an int or text without tabs, newlines or backslashes
    (checked rates, ISO dates, ids), so COPY's text lines can be joined directly.
    """
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and plain:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append("\t".join(r"\N" if v is None else str(v) for v in row))
                    if len(lines) >= BATCH:
                        copy.write("\n".join(lines) + "\n")
                        count += len(lines)
                        lines = []
                        if progress is not None and count % 200_000 == 0:
                            progress(f"writing {label}", count)
                if lines:
                    copy.write("\n".join(lines) + "\n")
                    count += len(lines)
        elif connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
                    if progress is not None and count % 200_000 == 0:
                        progress(f"writing {label}", count)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
                    if progress is not None and count % 200_000 == 0:
                        progress(f"writing {label}", count)
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count
