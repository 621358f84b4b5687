"""Zip code to counties, for the pages and the API (through the catalog's geography)."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.states import state_name


@dataclass(frozen=True, slots=True)
class CountyChoice:
    """A county a zip code lies in, as the CMS API names it."""

    fips: str
    name: str
    state: str
    zipcode: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


SUFFIXES = ("County", "Parish", "Borough", "Census Area", "city", "Municipality", "Municipio")


def county_name(name: str) -> str:
    """As the CMS API names it: 'Suffolk' -> 'Suffolk County'."""
    return name if name.endswith(SUFFIXES) else f"{name} County"


def _field(item, name: str):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def counties_for_zip(zipcode: str, state: str) -> list[CountyChoice]:
    """Every county of `state` that `zipcode` lies in (several when it spans counties)."""
    from marketplace.catalog.geography import counties_for_zip as lookup

    found = []
    for item in lookup(zipcode, state):
        fips = _field(item, "fips") or _field(item, "countyfips") or _field(item, "county_fips")
        name = county_name(str(_field(item, "name") or _field(item, "county_name") or ""))
        found.append(CountyChoice(str(fips), str(name), _field(item, "state") or state, zipcode))
    return found


def counties_for_zip_prefix(prefix: str, state: str) -> list[CountyChoice]:
    """The counties of every zip code of `state` that starts with `prefix`, by zip code."""
    from marketplace.catalog.geography import zip_counties_with_prefix

    return [
        CountyChoice(county.fips, county_name(county.name), county.state, zipcode)
        for zipcode, county in zip_counties_with_prefix(prefix, state)
    ]


def served_state_name(state: str) -> str:
    return state_name(state)
