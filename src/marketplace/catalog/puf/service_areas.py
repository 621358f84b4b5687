"""The Service Area PUF (docs/puf-and-834.md A.3): where each issuer sells."""

from __future__ import annotations

from collections import Counter

from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.problems import Problems
from marketplace.catalog.puf.records import ServiceAreaRecord

REQUIRED = ["BusinessYear", "StateCode", "IssuerId", "ServiceAreaId", "CoverEntireState", "County"]
OPTIONAL = ["ServiceAreaName", "PartialCounty", "ZipCodes", "MarketCoverage", "DentalOnlyPlan"]


def read_service_areas(
    table: Table, year: int, known_counties: dict[str, set[str]], problems: Problems
) -> tuple[dict[tuple[str, str], ServiceAreaRecord], Counter, int]:
    """(issuer id, service area id) -> the area; with skip counts and the row count.

    `known_counties` maps a state to its county FIPS codes, where known (a county outside it
    is a problem).
    """
    areas: dict[tuple[str, str], ServiceAreaRecord] = {}
    skipped: Counter = Counter()
    cols = table.columns(problems, REQUIRED, OPTIONAL)
    if any(cols[c] is None for c in REQUIRED):
        return areas, skipped, 0
    name = table.name
    seen: dict[tuple, int] = {}
    year_rows = PlanYearRows(table, cols, year, problems)

    def cell(row, column):
        position = cols[column]
        return row[position].strip() if position is not None else ""

    for number, row in year_rows:
        try:
            dental = values.yes_no(cell(row, "DentalOnlyPlan"), default=False)
            entire_state = values.yes_no(cell(row, "CoverEntireState"), default=False)
            partial = values.yes_no(cell(row, "PartialCounty"), default=False)
        except ValueError as exc:
            problems.add(name, number, "CoverEntireState/PartialCounty/DentalOnlyPlan", str(exc))
            continue
        market = cell(row, "MarketCoverage").lower()
        if dental or (market and market != "individual"):
            skipped["service_area_rows_not_individual_medical"] += 1
            continue
        record = _area(areas, row, cell, number, name, problems)
        if record is None:
            continue
        key = (record.issuer_id, record.service_area_id, "*")
        if entire_state:
            if key in seen:
                message = f"duplicate row: also on row {seen[key]}"
                problems.add(name, number, "CoverEntireState", message)
                continue
            seen[key] = number
            record.covers_entire_state = True
            continue
        state = cell(row, "StateCode").upper()
        county = _county(cell(row, "County"), state, known_counties, number, name, problems)
        if county is None:
            continue
        key = (record.issuer_id, record.service_area_id, county)
        if key in seen:
            problems.add(name, number, "County", f"duplicate row: also on row {seen[key]}")
            continue
        seen[key] = number
        zips = _zips(cell(row, "ZipCodes"), number, name, problems) if partial else None
        if zips is not _INVALID:
            record.counties[county] = zips
    return areas, skipped, year_rows.read


def _area(areas, row, cell, number, name, problems) -> ServiceAreaRecord | None:
    """The row's service area, kept on its first row, named by it: a 5-digit HIOS issuer id
    and a service area id are required."""
    issuer_id, area_id = cell(row, "IssuerId"), cell(row, "ServiceAreaId")
    if not (issuer_id.isdigit() and len(issuer_id) == 5):
        return problems.add(
            name, number, "IssuerId", f"not a 5-digit HIOS issuer id: {issuer_id!r}"
        )
    if not area_id:
        return problems.add(name, number, "ServiceAreaId", "blank")
    record = areas.get((issuer_id, area_id))
    if record is None:
        record = areas[(issuer_id, area_id)] = ServiceAreaRecord(
            issuer_id, cell(row, "StateCode").upper(), area_id, cell(row, "ServiceAreaName")[:200]
        )
    return record


def _county(text, state, known_counties, number, name, problems) -> str | None:
    """The county's 5-digit FIPS code, which must be one of the state's where they are known."""
    try:
        county = values.fips(text)
    except ValueError as exc:
        return problems.add(name, number, "County", str(exc))
    if state in known_counties and county not in known_counties[state]:
        return problems.add(name, number, "County", f"unknown county {county} for {state}")
    return county


_INVALID = object()


def _zips(text, number, name, problems):
    """The zip codes of a partial county (at least one), or ``_INVALID`` with a problem."""
    try:
        zips = values.zipcode_list(text)
    except ValueError as exc:
        problems.add(name, number, "ZipCodes", str(exc))
        return _INVALID
    if not zips:
        problems.add(name, number, "ZipCodes", "a partial county needs its zip codes")
        return _INVALID
    return zips
