"""Where a zip code is, and how far apart two places are.

Positions are the zip code centroids of the `zipcodes` package (ADR 0002), read once per
process. Distances are great-circle miles between centroids, so two addresses in one zip
code are 0 miles apart; that is the precision the search promises (ADR 0900).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0


@dataclass(frozen=True, slots=True)
class ZipPlace:
    latitude: float
    longitude: float
    city: str
    state: str


@cache
def _zip_table() -> dict[str, ZipPlace]:
    found = {}
    for entry in zipcodes.list_all():
        try:
            found[entry["zip_code"]] = ZipPlace(
                float(entry["lat"]), float(entry["long"]), entry["city"], entry["state"]
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def zip_place(zipcode: str) -> ZipPlace | None:
    """The zip code's centroid, city and state, or None for an unknown zip."""
    return _zip_table().get(str(zipcode).strip()[:5])


def zip_centroid(zipcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the zip code's centroid, or None for an unknown zip."""
    place = zip_place(zipcode)
    return (place.latitude, place.longitude) if place else None


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(center: tuple[float, float], miles: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of a box holding every point within `miles`."""
    lat, lon = center
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
