"""The demo's geography files, from the shipped county table (catalog/data) and the
`zipcodes` package: every zip code of each demo state, with its county."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import zipcodes

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def county_table() -> list[dict[str, str]]:
    """Rows of data/counties.csv: StateCode, CountyFIPS, CountyName, RatingArea."""
    with (DATA / "counties.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@cache
def zip3_table() -> list[dict[str, str]]:
    with (DATA / "zip3-rating-areas.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def counties(state: str) -> list[tuple[str, str, int | None]]:
    """(fips, name, rating area or None) of a state's counties."""
    return [
        (
            row["CountyFIPS"],
            row["CountyName"],
            int(row["RatingArea"]) if row["RatingArea"] else None,
        )
        for row in county_table()
        if row["StateCode"] == state
    ]


def zip_counties(state: str) -> list[tuple[str, str, str]]:
    """(zip, county fips, city) for every zip of the state, plus the extra counties of
    zips that span counties (data/extra-zip-counties.csv)."""
    by_name = {name.lower(): fips for fips, name, _ in counties(state)}
    rows = []
    for entry in zipcodes.filter_by(state=state):
        county = (entry.get("county") or "").removesuffix(" County").lower()
        fips = by_name.get(county)
        if fips is None:
            continue  # not seen for MA, VT, NC; a new state should check
        rows.append((entry["zip_code"], fips, entry.get("city") or ""))
    with (DATA / "extra-zip-counties.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            if row["StateCode"] == state:
                rows.append((row["ZipCode"], row["CountyFIPS"], row["City"]))
    return sorted(set(rows))


def rating_area_rules(state: str) -> list[tuple[int, str, str]]:
    """(rating area, county fips or '', zip3 or '') for the state."""
    zip3 = [(int(r["RatingArea"]), "", r["Zip3"]) for r in zip3_table() if r["StateCode"] == state]
    if zip3:
        return zip3
    return [(area, fips, "") for fips, _, area in counties(state) if area is not None]


def write_geography(directory: Path, year: int, states: tuple[str, ...]) -> None:
    with (directory / "counties.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["StateCode", "CountyFIPS", "CountyName"])
        for state in states:
            for fips, name, _ in counties(state):
                writer.writerow([state, fips, name])
    with (directory / "zip-counties.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ZipCode", "StateCode", "CountyFIPS", "City"])
        for state in states:
            for zipcode, fips, city in zip_counties(state):
                writer.writerow([zipcode, state, fips, city])
    with (directory / "rating-areas.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["BusinessYear", "StateCode", "RatingAreaId", "CountyFIPS", "Zip3"])
        for state in states:
            for area, fips, zip3 in rating_area_rules(state):
                writer.writerow([year, state, f"Rating Area {area}", fips, zip3])
