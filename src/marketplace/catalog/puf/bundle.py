"""Read and check every file of one import: `read_directory(directory, year, known)`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marketplace.catalog.puf.benefit_costs import read_benefits
from marketplace.catalog.puf.crosswalk import read_crosswalk
from marketplace.catalog.puf.files import find_files, read_table
from marketplace.catalog.puf.geography_files import (
    read_counties,
    read_rating_areas,
    read_zip_counties,
)
from marketplace.catalog.puf.plan_attributes import read_plan_attributes
from marketplace.catalog.puf.problems import Problems, TooManyProblems
from marketplace.catalog.puf.quality import read_quality
from marketplace.catalog.puf.rates import read_rates
from marketplace.catalog.puf.records import FileInfo, Geography, PufBundle
from marketplace.catalog.puf.service_areas import read_service_areas
from marketplace.catalog.puf.state_programs import read_state_programs


@dataclass
class KnownGeography:
    """What the database already knows, for files that do not bring their own geography."""

    county_states: dict[str, str] = field(default_factory=dict)  # county fips -> state
    rating_areas: dict[str, set[int]] = field(default_factory=dict)  # state -> numbers (the year's)


def read_directory(
    directory: Path,
    year: int,
    known: KnownGeography | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> PufBundle:
    """Read and check every file; raise PufInvalid (up to MAX_PROBLEMS problems) if any is bad."""
    problems = Problems()
    try:
        bundle = _read(Path(directory), year, known or KnownGeography(), problems, progress)
    except TooManyProblems:
        bundle = None
    problems.raise_if_any()
    return bundle


class _Reading:
    """The files of one import as they are read: their tables, what each file counted and
    what was skipped, for the steps of `_read`."""

    def __init__(self, tables: dict, year: int, problems: Problems):
        self.tables, self.year, self.problems = tables, year, problems
        self.files = {t.name: FileInfo(t.sha256, 0, kind) for kind, t in tables.items()}
        self.skipped: Counter = Counter()

    def rows_read(self, kind: str, count: int) -> None:
        self.files[self.tables[kind].name].rows = count


def _read(directory, year, known, problems, progress) -> PufBundle | None:
    """Read and check every file, step by step; None when a step found problems that later
    files would only echo."""
    if not directory.is_dir():
        problems.add(str(directory), None, None, "not a directory")
        return None
    paths = find_files(directory, problems)
    if problems:
        return None
    tables = {}
    for kind, path in paths.items():
        if progress is not None:
            progress(path.name, 0)
        tables[kind] = read_table(path)
    reading = _Reading(tables, year, problems)
    geography, county_states, rating_areas = _read_geography(reading, known)
    attributes = _read_plans(reading)
    service_areas = _read_service_areas(reading, county_states)
    if problems:
        return None  # later files would only echo these problems
    _check_service_areas(reading, attributes, service_areas)
    if problems:
        return None
    if "state_programs" in tables:
        count = read_state_programs(tables["state_programs"], year, attributes, problems)
        reading.rows_read("state_programs", count)
        if problems:
            return None
    rates = _read_rates(reading, attributes, rating_areas, progress)
    benefits = _read_benefits(reading, attributes)
    crosswalk = _read_crosswalk(reading, attributes)
    if problems:
        return None
    return PufBundle(
        year=year,
        source=str(directory),
        states={plan.state for plan in attributes.plans.values()},
        issuers=attributes.issuers,
        plans=attributes.plans,
        variants=attributes.variants,
        service_areas={
            key: area for key, area in service_areas.items() if key[0] in attributes.issuers
        },
        rates=rates.rows,
        benefits=benefits,
        geography=geography,
        files=reading.files,
        skipped=dict(reading.skipped),
        crosswalk=crosswalk,
    )


def _read_geography(reading: _Reading, known) -> tuple[Geography, dict, dict]:
    """Our own geography files, where the import brings them: (the geography, county FIPS ->
    state, state -> rating area numbers), the ones already known included."""
    tables, problems = reading.tables, reading.problems
    geography = Geography()
    county_states = dict(known.county_states)
    if "counties" in tables:
        geography.counties = read_counties(tables["counties"], problems)
        county_states.update({fips: state for state, fips, _ in geography.counties})
        reading.rows_read("counties", len(geography.counties))
    if "zip_counties" in tables:
        geography.zip_counties = read_zip_counties(tables["zip_counties"], county_states, problems)
        reading.rows_read("zip_counties", len(geography.zip_counties))
    rating_areas = {state: set(numbers) for state, numbers in known.rating_areas.items()}
    if "rating_areas" in tables:
        geography.rating_area_rules = read_rating_areas(
            tables["rating_areas"], reading.year, county_states, problems
        )
        reading.rows_read("rating_areas", len(geography.rating_area_rules))
        for state in geography.rating_area_states:
            rating_areas[state] = set()
        for state, area, _, _ in geography.rating_area_rules:
            rating_areas[state].add(area)
    return geography, county_states, rating_areas


def _read_plans(reading: _Reading):
    """Plan Attributes, with the quality ratings where the import brings them."""
    tables = reading.tables
    attributes = read_plan_attributes(tables["plan_attributes"], reading.year, reading.problems)
    reading.rows_read("plan_attributes", attributes.rows)
    reading.skipped.update(attributes.skipped)
    if "quality" in tables:
        ratings, count = read_quality(tables["quality"], reading.problems)
        reading.rows_read("quality", count)
        for plan_id, stars in ratings.items():
            plan = attributes.plans.get(plan_id)
            if plan is not None and plan.quality_rating is None:
                plan.quality_rating = stars
    return attributes


def _read_service_areas(reading: _Reading, county_states: dict) -> dict:
    known_counties: dict[str, set[str]] = {}
    for fips, state in county_states.items():
        known_counties.setdefault(state, set()).add(fips)
    service_areas, area_skips, count = read_service_areas(
        reading.tables["service_area"], reading.year, known_counties, reading.problems
    )
    reading.rows_read("service_area", count)
    reading.skipped.update(area_skips)
    return service_areas


def _check_service_areas(reading: _Reading, attributes, service_areas: dict) -> None:
    """Every plan's service area is in the Service Area file."""
    tables = reading.tables
    pa_name = tables["plan_attributes"].name
    for plan in attributes.plans.values():
        if (plan.issuer_id, plan.service_area_id) not in service_areas:
            reading.problems.add(
                pa_name,
                plan.row,
                "ServiceAreaId",
                f"issuer {plan.issuer_id} has no service area {plan.service_area_id!r} "
                f"in {tables['service_area'].name}",
            )


def _read_rates(reading: _Reading, attributes, rating_areas: dict, progress):
    plan_states = {sci: plan.state for sci, plan in attributes.plans.items()}
    rates = read_rates(
        reading.tables["rate"],
        reading.year,
        plan_states,
        attributes.skipped_plan_ids,
        rating_areas,
        reading.problems,
        progress,
    )
    reading.rows_read("rate", rates.count)
    reading.skipped.update(rates.skipped)
    return rates


def _read_benefits(reading: _Reading, attributes) -> list[tuple]:
    if "benefits" not in reading.tables:
        return []
    variant_ids = {f"{v.standard_component_id}-{v.variant}" for v in attributes.variants}
    benefits, benefit_skips, count = read_benefits(
        reading.tables["benefits"],
        reading.year,
        variant_ids,
        attributes.skipped_plan_ids,
        attributes.skipped_variant_ids,
        reading.problems,
    )
    reading.rows_read("benefits", count)
    reading.skipped.update(benefit_skips)
    return benefits


def _read_crosswalk(reading: _Reading, attributes) -> list:
    if "crosswalk" not in reading.tables:
        return []
    crosswalk, count = read_crosswalk(
        reading.tables["crosswalk"], reading.year, set(attributes.plans), reading.problems
    )
    reading.rows_read("crosswalk", count)
    return crosswalk
