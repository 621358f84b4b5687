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
        issuer_id, area_id, state = (
            cell(row, "IssuerId"),
            cell(row, "ServiceAreaId"),
            cell(row, "StateCode").upper(),
        )
        if not (issuer_id.isdigit() and len(issuer_id) == 5):
            problems.add(name, number, "IssuerId", f"not a 5-digit HIOS issuer id: {issuer_id!r}")
            continue
        if not area_id:
            problems.add(name, number, "ServiceAreaId", "blank")
            continue
        record = areas.get((issuer_id, area_id))
        if record is None:
            record = areas[(issuer_id, area_id)] = ServiceAreaRecord(
                issuer_id, state, area_id, cell(row, "ServiceAreaName")[:200]
            )
        if entire_state:
            key = (issuer_id, area_id, "*")
            if key in seen:
                problems.add(
                    name, number, "CoverEntireState", f"duplicate row: also on row {seen[key]}"
                )
                continue
            seen[key] = number
            record.covers_entire_state = True
            continue
        try:
            county = values.fips(cell(row, "County"))
        except ValueError as exc:
            problems.add(name, number, "County", str(exc))
            continue
        if state in known_counties and county not in known_counties[state]:
            problems.add(name, number, "County", f"unknown county {county} for {state}")
            continue
        key = (issuer_id, area_id, county)
        if key in seen:
            problems.add(name, number, "County", f"duplicate row: also on row {seen[key]}")
            continue
        seen[key] = number
        zips = None
        if partial:
            try:
                zips = values.zipcode_list(cell(row, "ZipCodes"))
            except ValueError as exc:
                problems.add(name, number, "ZipCodes", str(exc))
                continue
            if not zips:
                problems.add(name, number, "ZipCodes", "a partial county needs its zip codes")
                continue
        record.counties[county] = zips
    return areas, skipped, year_rows.read
