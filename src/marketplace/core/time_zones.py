"""The time zone each state's exchange keeps: its dates (enrollment windows, deadlines, notice
dates) and the times it shows people are in this zone
(docs/adr/0006-one-clock-and-the-plan-year.md).

One IANA zone per state: the zone of the state capital, which is also the zone of most of
the state's people. Sources: the IANA time zone database (tzdata `zone1970.tab`, whose
comments name the area each zone covers, e.g. America/New_York "Eastern (most areas)") and
the U.S. standard time zone boundaries, 49 CFR part 71.

States that span two zones keep the capital's (the other zone in brackets): Alaska (the
western Aleutians, Hawaii-Aleutian), Florida (the western panhandle, Central), Idaho (the
panhandle, Pacific), Indiana (the northwest and southwest corners, Central), Kansas (four
western counties, Mountain), Kentucky (the west, Central), Michigan (four Upper Peninsula
counties, Central), Nebraska (the west, Mountain), North Dakota (the southwest, Mountain),
Oregon (most of Malheur County, Mountain), South Dakota (the west, Mountain), Tennessee
(the east, Eastern), Texas (El Paso and Hudspeth, Mountain). Arizona does not observe
daylight saving time (America/Phoenix); the Navajo Nation, which does, is not separate here.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

TIME_ZONES: dict[str, str] = {
    "AL": "America/Chicago",
    "AK": "America/Anchorage",
    "AZ": "America/Phoenix",
    "AR": "America/Chicago",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "CT": "America/New_York",
    "DE": "America/New_York",
    "DC": "America/New_York",
    "FL": "America/New_York",
    "GA": "America/New_York",
    "HI": "Pacific/Honolulu",
    "ID": "America/Boise",
    "IL": "America/Chicago",
    "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago",
    "KS": "America/Chicago",
    "KY": "America/New_York",
    "LA": "America/Chicago",
    "ME": "America/New_York",
    "MD": "America/New_York",
    "MA": "America/New_York",
    "MI": "America/Detroit",
    "MN": "America/Chicago",
    "MS": "America/Chicago",
    "MO": "America/Chicago",
    "MT": "America/Denver",
    "NE": "America/Chicago",
    "NV": "America/Los_Angeles",
    "NH": "America/New_York",
    "NJ": "America/New_York",
    "NM": "America/Denver",
    "NY": "America/New_York",
    "NC": "America/New_York",
    "ND": "America/Chicago",
    "OH": "America/New_York",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",
    "PA": "America/New_York",
    "RI": "America/New_York",
    "SC": "America/New_York",
    "SD": "America/Chicago",
    "TN": "America/Chicago",
    "TX": "America/Chicago",
    "UT": "America/Denver",
    "VT": "America/New_York",
    "VA": "America/New_York",
    "WA": "America/Los_Angeles",
    "WV": "America/New_York",
    "WI": "America/Chicago",
    "WY": "America/Denver",
}


def state_time_zone(state: str) -> str:
    """The IANA name of the zone `state`'s exchange keeps (KeyError for an unknown state)."""
    return TIME_ZONES[state]


def state_zone(state: str) -> ZoneInfo:
    return ZoneInfo(TIME_ZONES[state])
