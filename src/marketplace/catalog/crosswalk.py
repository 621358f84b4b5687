"""The Plan ID Crosswalk as the issuers filed it: where the enrollees of a plan of one year
go the next, at a given place (docs/puf-and-834.md, the Plan ID Crosswalk PUF).

An issuer files a row for the whole area a plan was sold in, or one for a county (and, for
a county the plan covers in part, its zip codes). 45 CFR 155.335(j) renews a household by
where it lives, so the narrowest row that applies wins: a county's with zip codes, then a
county's, then the whole area's. This is the filing alone; the renewal (renewals/crosswalk.py)
then checks that the plan named is offered to the household and applies the bronze-to-silver
rule of 155.335(j)(4). The rows of a year and state are read once a process and dropped
with every catalog import.
"""

from __future__ import annotations

from marketplace.catalog.models import PlanCrosswalk
from marketplace.catalog.versioning import current_version, versioned_cache

_cache = versioned_cache()


def filed_row(
    to_year: int, state: str, from_plan_id: str, county_fips: str, zipcode: str
) -> PlanCrosswalk | None:
    """The crosswalk row for the enrollees of `from_plan_id` (14 characters or the 16 of a
    variant) of `to_year - 1` who live at the county and zip code; None when the issuer
    filed none for that place."""
    rows = _rows(to_year, state).get(from_plan_id[:14], ())
    fitting = [r for r in rows if r.applies_to(county_fips, zipcode)]
    fitting.sort(key=lambda r: (not r.county_fips, not r.zipcodes))
    return fitting[0] if fitting else None


def _rows(to_year: int, state: str) -> dict[str, tuple[PlanCrosswalk, ...]]:
    current_version()
    key = (to_year, state)
    if key not in _cache:
        _cache[key] = _read_rows(to_year, state)
    return _cache[key]


def _read_rows(to_year: int, state: str) -> dict[str, tuple[PlanCrosswalk, ...]]:
    found: dict[str, list[PlanCrosswalk]] = {}
    for row in PlanCrosswalk.objects.filter(to_year=to_year, state=state).order_by("id"):
        found.setdefault(row.from_plan_id, []).append(row)
    return {key: tuple(rows) for key, rows in found.items()}
