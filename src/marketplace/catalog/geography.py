"""Where a zip code is, and which rating area prices it. Cached per process (versioning.py).

- `counties_of(state)`: the state's counties by name; `county_names(codes)`: their names.
- `counties_for_zip(zipcode, state)`: the counties a zip code lies in (one, or several for
  a zip that spans counties), e.g. 02108 -> [Suffolk County, MA].
- `rating_area_for(year, state, countyfips, zipcode)`: the RatingArea, by the state's rule
  for that plan year: by 3-digit zip where the state rates by zip3 (MA), else by county; a
  state with a single rating area needs neither.
"""

from __future__ import annotations

from marketplace.catalog.models import County, RatingArea, RatingAreaRule, ZipCounty
from marketplace.catalog.versioning import current_version, versioned_cache

_zips = versioned_cache()
_rules = versioned_cache()


def counties_of(state: str) -> list[County]:
    """Every county of `state`, by name (a filter's choices)."""
    return list(County.objects.filter(state=state).order_by("name"))


def county_names(fips_codes) -> dict[str, str]:
    """{FIPS code: county name} for the codes given that the catalog knows."""
    return dict(County.objects.filter(fips__in=list(fips_codes)).values_list("fips", "name"))


def counties_for_zip(zipcode: str, state: str | None = None) -> list[County]:
    """Counties of a 5-digit zip code (in `state`, if given), ordered by name."""
    current_version()
    key = (zipcode, state)
    found = _zips.get(key)
    if found is None:
        query = County.objects.filter(zips__zipcode=zipcode)
        if state:
            query = query.filter(zips__state=state)
        found = _zips[key] = list(query.distinct().order_by("name"))
    return list(found)


def zip_counties_with_prefix(prefix: str, state: str) -> list[tuple[str, County]]:
    """(zip code, county) for every zip code of `state` that starts with `prefix` (a typeahead
    lookup: the API's counties/by/zip with 1 to 4 digits), by zip code then county name."""
    current_version()
    key = ("prefix", prefix, state)
    found = _zips.get(key)
    if found is None:
        rows = (
            ZipCounty.objects.filter(zipcode__startswith=prefix, state=state)
            .select_related("county")
            .order_by("zipcode", "county__name")
        )
        found = _zips[key] = [(row.zipcode, row.county) for row in rows]
    return list(found)


class _AreaRules:
    """A state's rating-area rules for one plan year."""

    def __init__(self, year: int, state: str):
        self.areas = {a.id: a for a in RatingArea.objects.filter(year=year, state=state)}
        self.by_zip3: dict[str, RatingArea] = {}
        self.by_county: dict[str, RatingArea] = {}
        for area_id, county, zip3 in RatingAreaRule.objects.filter(
            year=year, state=state
        ).values_list("rating_area_id", "county_fips", "zip3"):
            if zip3:
                self.by_zip3[zip3] = self.areas[area_id]
            elif county:
                self.by_county[county] = self.areas[area_id]

    def area(self, state: str, countyfips: str | None, zipcode: str | None) -> RatingArea | None:
        if len(self.areas) == 1:
            return next(iter(self.areas.values()))
        if self.by_zip3:
            return self.by_zip3.get(zipcode[:3]) if zipcode else None
        if countyfips:
            return self.by_county.get(countyfips)
        if zipcode:  # no county given: fine when all the zip's counties share one area
            found = {self.by_county.get(c.fips) for c in counties_for_zip(zipcode, state)}
            if len(found) == 1:
                return found.pop()
        return None


def area_rules(year: int, state: str) -> _AreaRules:
    current_version()
    rules = _rules.get((year, state))
    if rules is None:
        rules = _rules[(year, state)] = _AreaRules(year, state)
    return rules


def rating_area_for(
    year: int, state: str, countyfips: str | None, zipcode: str | None
) -> RatingArea | None:
    """The rating area of a location in a plan year, or None when it cannot be told."""
    return area_rules(year, state).area(state, countyfips, zipcode)
