"""Our own geography files (docs/howto/load-plans.md): counties, zip codes, rating areas.

The PUFs carry no geography (docs/puf-and-834.md A.8): a state marketplace owns its county, zip and
rating-area tables per plan year.

- counties.csv: StateCode, CountyFIPS, CountyName
- zip-counties.csv: ZipCode, StateCode, CountyFIPS, City (optional); one row per county
  of a zip that spans counties
- rating-areas.csv: BusinessYear (optional), StateCode, RatingAreaId ("Rating Area 3" or 3),
  CountyFIPS, Zip3 - one of the last two on each row
"""

from __future__ import annotations

from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.problems import Problems


def _state(text: str) -> str:
    state = text.strip().upper()
    if len(state) != 2 or not state.isalpha():
        raise ValueError(f"not a 2-letter state code: {text!r}")
    return state


def read_counties(table: Table, problems: Problems) -> list[tuple[str, str, str]]:
    cols = table.columns(problems, ["StateCode", "CountyFIPS", "CountyName"])
    if any(v is None for v in cols.values()):
        return []
    out, seen = [], {}
    for number, row in table.rows():
        try:
            state = _state(row[cols["StateCode"]])
            fips = values.fips(row[cols["CountyFIPS"]])
        except (ValueError, IndexError) as exc:
            problems.add(table.name, number, "StateCode/CountyFIPS", str(exc))
            continue
        if fips in seen:
            problems.add(
                table.name, number, "CountyFIPS", f"duplicate row: also on row {seen[fips]}"
            )
            continue
        seen[fips] = number
        out.append((state, fips, row[cols["CountyName"]].strip()[:100]))
    return out


def read_zip_counties(
    table: Table, county_states: dict[str, str], problems: Problems
) -> list[tuple[str, str, str, str]]:
    """Rows (zip, state, county fips, city); every county must be known."""
    cols = table.columns(problems, ["ZipCode", "StateCode", "CountyFIPS"], ["City"])
    if any(cols[c] is None for c in ("ZipCode", "StateCode", "CountyFIPS")):
        return []
    out, seen = [], {}
    for number, row in table.rows():
        try:
            zipcode = values.zipcode(row[cols["ZipCode"]])
            state = _state(row[cols["StateCode"]])
            fips = values.fips(row[cols["CountyFIPS"]])
        except (ValueError, IndexError) as exc:
            problems.add(table.name, number, "ZipCode/StateCode/CountyFIPS", str(exc))
            continue
        if county_states.get(fips) != state:
            problems.add(table.name, number, "CountyFIPS", f"unknown county {fips} for {state}")
            continue
        if (zipcode, fips) in seen:
            problems.add(
                table.name, number, "ZipCode", f"duplicate row: also on row {seen[(zipcode, fips)]}"
            )
            continue
        seen[(zipcode, fips)] = number
        city = (
            row[cols["City"]].strip()[:100]
            if cols["City"] is not None and cols["City"] < len(row)
            else ""
        )
        out.append((zipcode, state, fips, city))
    return out


def read_rating_areas(
    table: Table, year: int, county_states: dict[str, str], problems: Problems
) -> list[tuple[str, int, str, str]]:
    """Rows (state, rating area number, county fips or '', zip3 or '')."""
    cols = table.columns(
        problems, ["StateCode", "RatingAreaId"], ["BusinessYear", "CountyFIPS", "Zip3"]
    )
    if cols["StateCode"] is None or cols["RatingAreaId"] is None:
        return []
    if cols["CountyFIPS"] is None and cols["Zip3"] is None:
        problems.add(table.name, 1, "CountyFIPS", "missing column (CountyFIPS or Zip3 is needed)")
        return []

    def cell(row, column):
        position = cols[column]
        return row[position].strip() if position is not None and position < len(row) else ""

    out, seen = [], {}
    for number, row in PlanYearRows(table, cols, year, problems):
        try:
            state = _state(cell(row, "StateCode"))
            area = values.rating_area(cell(row, "RatingAreaId"))
        except ValueError as exc:
            problems.add(table.name, number, "StateCode/RatingAreaId", str(exc))
            continue
        county, zip3 = cell(row, "CountyFIPS"), cell(row, "Zip3")
        if bool(county) == bool(zip3):
            problems.add(table.name, number, "CountyFIPS", "give either CountyFIPS or Zip3")
            continue
        if county:
            try:
                county = values.fips(county)
            except ValueError as exc:
                problems.add(table.name, number, "CountyFIPS", str(exc))
                continue
            if county_states and county_states.get(county) != state:
                problems.add(
                    table.name, number, "CountyFIPS", f"unknown county {county} for {state}"
                )
                continue
        elif not (zip3.isdigit() and len(zip3) == 3):
            problems.add(table.name, number, "Zip3", f"not a 3-digit zip prefix: {zip3!r}")
            continue
        key = (state, county, zip3)
        if key in seen:
            problems.add(
                table.name, number, "CountyFIPS/Zip3", f"duplicate row: also on row {seen[key]}"
            )
            continue
        seen[key] = number
        out.append((state, area, county, zip3))
    return out
