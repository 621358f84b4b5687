"""Search the loaded files: doctors and facilities (name, NPI, specialty, type, distance from
a zip code) and drugs (name or RxNorm id), for one plan year.

Every criterion goes through an index: name words by prefix (ProviderWord, DrugWord),
specialties by key, NPIs and RxCUIs by value, places by a latitude/longitude box. Distance
search widens the box ring by ring until it holds a page of results, so a dense city costs
a small box, not the whole state. A provider in several issuers' files is one result (by
NPI): the nearest of its addresses, every specialty any issuer lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.providers_and_drugs import geo
from marketplace.providers_and_drugs.models import (
    Drug,
    DrugWord,
    Provider,
    ProviderAddress,
    ProviderSpecialty,
    ProviderWord,
)
from marketplace.providers_and_drugs.versioning import data_version
from marketplace.providers_and_drugs.words import plain, prefix_range, words_of

RINGS_MILES = (2, 5, 10, 25, 50, 100, 250)
MAX_WORDS = 5


@dataclass(frozen=True)
class ProviderQuery:
    year: int
    text: str = ""  # words of a name, or a 10-digit NPI
    specialty: str = ""  # a specialty or facility type, as filed (any case)
    kinds: tuple[str, ...] = ()  # individual, facility, group; empty = all
    zipcode: str = ""  # distances from here; empty = by name
    radius_miles: int | None = None  # only within this distance (needs zipcode)
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class FoundAddress:
    street: str
    street_2: str
    city: str
    state: str
    zipcode: str
    phone: str


@dataclass(frozen=True)
class FoundProvider:
    npi: str
    kind: str
    name: str
    specialties: tuple[str, ...]
    facility_types: tuple[str, ...]
    languages: tuple[str, ...]
    accepting: str
    gender: str
    address: FoundAddress | None
    distance_miles: float | None


@dataclass(frozen=True)
class ProviderPage:
    results: tuple[FoundProvider, ...]
    more: bool  # another page follows


@dataclass(frozen=True)
class FoundDrug:
    rxcui: str
    name: str


def search_providers(query: ProviderQuery) -> ProviderPage:
    """A page of providers matching every criterion given: nearest first when a zip code is
    given, else by name."""
    wanted = query.offset + query.limit + 1  # one more tells whether another page follows
    if query.zipcode:
        center = geo.zip_centroid(query.zipcode)
        if center is None:
            return ProviderPage((), False)
        ranked = _nearest(query, center, wanted)
    else:
        ranked = [(npi, None, None) for npi in _by_name(_matching_providers(query), wanted)]
    window = ranked[query.offset : query.offset + query.limit]
    found = _describe(query.year, window)
    return ProviderPage(tuple(found), more=len(ranked) > query.offset + query.limit)


def _npi(text: str) -> str | None:
    digits = text.replace(" ", "")
    return digits if digits.isdigit() and len(digits) == 10 else None


def _matching_providers(query: ProviderQuery):
    """Provider rows of the year matching the name or NPI, specialty and kinds."""
    rows = Provider.objects.filter(year=query.year)
    npi = _npi(query.text)
    if npi:
        rows = rows.filter(npi=npi)
    else:
        for word in words_of(query.text)[:MAX_WORDS]:
            low, high = prefix_range(word)
            rows = rows.filter(
                id__in=ProviderWord.objects.filter(
                    year=query.year, word__gte=low, word__lt=high
                ).values("provider_id")
            )
    if query.specialty.strip():
        rows = rows.filter(
            id__in=ProviderSpecialty.objects.filter(
                year=query.year, key=plain(query.specialty)
            ).values("provider_id")
        )
    if query.kinds:
        rows = rows.filter(kind__in=query.kinds)
    return rows


def _allowed_ids(query: ProviderQuery) -> set[int] | None:
    """Ids of the provider records matching the name or NPI and the specialty, read through
    their indexes; None when neither is asked for."""
    sets = []
    npi = _npi(query.text)
    if npi:
        sets.append(Provider.objects.filter(year=query.year, npi=npi).values_list("id", flat=True))
    else:
        for word in words_of(query.text)[:MAX_WORDS]:
            low, high = prefix_range(word)
            sets.append(
                ProviderWord.objects.filter(
                    year=query.year, word__gte=low, word__lt=high
                ).values_list("provider_id", flat=True)
            )
    if query.specialty.strip():
        sets.append(
            ProviderSpecialty.objects.filter(
                year=query.year, key=plain(query.specialty)
            ).values_list("provider_id", flat=True)
        )
    allowed = None
    for rows in sets:
        allowed = set(rows) if allowed is None else allowed & set(rows)
        if not allowed:
            return set()
    return allowed


def _by_name(providers, wanted: int) -> list[str]:
    """NPIs in name order; an NPI filed by several issuers comes once."""
    npis: dict[str, None] = {}
    rows = providers.order_by("sort_name", "npi").values_list("npi", flat=True)
    # Each NPI has at most one row per issuer; read enough rows for `wanted` distinct NPIs.
    for npi in rows.iterator(chunk_size=500):
        npis.setdefault(npi, None)
        if len(npis) >= wanted:
            break
    return list(npis)


def _nearest(query: ProviderQuery, center, wanted: int) -> list[tuple]:
    """(npi, address id, miles) nearest first, reading a box of addresses that widens ring
    by ring until it holds `wanted` providers (or reaches the radius)."""
    allowed = _allowed_ids(query)
    limit = query.radius_miles or RINGS_MILES[-1]
    best: dict[str, tuple[float, int]] = {}
    for ring in [r for r in RINGS_MILES if r < limit] + [limit]:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(center, ring)
        rows = ProviderAddress.objects.filter(
            year=query.year,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
        if query.kinds:
            rows = rows.filter(kind__in=query.kinds)
        best = {}
        for provider_id, npi, address_id, lat, lon in rows.values_list(
            "provider_id", "npi", "id", "latitude", "longitude"
        ):
            if allowed is not None and provider_id not in allowed:
                continue
            miles = geo.miles_between(center, (lat, lon))
            if miles <= ring and (npi not in best or miles < best[npi][0]):
                best[npi] = (miles, address_id)
        if len(best) >= wanted or allowed == set():
            break
    return _in_order(query.year, best, wanted)


def _in_order(year: int, best: dict[str, tuple[float, int]], wanted: int) -> list[tuple]:
    """Nearest first (to a tenth of a mile), then by name: the first `wanted` and any tied
    with the last of them."""
    by_distance = sorted(best.items(), key=lambda item: round(item[1][0], 1))
    if len(by_distance) > wanted:
        cutoff = round(by_distance[wanted - 1][1][0], 1)
        by_distance = [item for item in by_distance if round(item[1][0], 1) <= cutoff]
    names = dict(
        Provider.objects.filter(year=year, npi__in=[npi for npi, _ in by_distance]).values_list(
            "npi", "sort_name"
        )
    )
    ranked = sorted(
        by_distance, key=lambda item: (round(item[1][0], 1), names.get(item[0], ""), item[0])
    )
    return [(npi, address_id, miles) for npi, (miles, address_id) in ranked]


def _describe(year: int, window: list[tuple]) -> list[FoundProvider]:
    """Merge each NPI's records of the year (every issuer's) into one result, at the address
    the distance was measured to (else the first record's first address)."""
    records: dict[str, list[Provider]] = {}
    for row in Provider.objects.filter(year=year, npi__in=[npi for npi, _, _ in window]):
        records.setdefault(row.npi, []).append(row)
    ids = [row.id for rows in records.values() for row in rows]
    addresses = {a.id: a for a in ProviderAddress.objects.filter(provider_id__in=ids)}
    first_of: dict[int, ProviderAddress] = {}
    for address in sorted(addresses.values(), key=lambda a: a.id):
        first_of.setdefault(address.provider_id, address)
    found = []
    for npi, address_id, miles in window:
        rows = sorted(records.get(npi, []), key=lambda row: row.id)
        if rows:
            address = addresses.get(address_id) or first_of.get(rows[0].id)
            found.append(_merged(rows, address, miles))
    return found


def _merged(rows: list[Provider], address, miles) -> FoundProvider:
    first = rows[0]

    def union(attribute: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for row in rows for v in getattr(row, attribute)))

    return FoundProvider(
        npi=first.npi,
        kind=first.kind,
        name=first.name,
        specialties=union("specialties"),
        facility_types=union("facility_types"),
        languages=union("languages"),
        accepting=first.accepting,
        gender=first.gender,
        address=(
            FoundAddress(
                address.street,
                address.street_2,
                address.city,
                address.state,
                address.zipcode,
                address.phone,
            )
            if address
            else None
        ),
        distance_miles=round(miles, 1) if miles is not None else None,
    )


def search_drugs(year: int, text: str, limit: int = 20) -> list[FoundDrug]:
    """Drugs of the year whose name has words starting with each word typed (or the drug
    with that RxNorm id), shortest names first; one result per RxCUI."""
    text = text.strip()
    rows = Drug.objects.filter(year=year)
    if text.isdigit():
        rows = rows.filter(rxcui=text)
    else:
        words = words_of(text)[:MAX_WORDS]
        if not words:
            return []
        for word in words:
            low, high = prefix_range(word)
            rows = rows.filter(
                id__in=DrugWord.objects.filter(year=year, word__gte=low, word__lt=high).values(
                    "drug_id"
                )
            )
    found: dict[str, str] = {}
    for rxcui, name in rows.values_list("rxcui", "name").order_by("rxcui", "id"):
        found.setdefault(rxcui, name)
    ranked = sorted(found.items(), key=lambda item: (len(item[1]), item[1].lower()))
    return [FoundDrug(rxcui, name) for rxcui, name in ranked[:limit]]


def specialties(year: int) -> list[str]:
    """Every specialty and facility type filed for the year, as filed, in order (kept until
    another import lands)."""
    key = (year, data_version())
    if key not in _specialties:
        labels: dict[str, str] = {}
        rows = ProviderSpecialty.objects.filter(year=year).values_list("key", "label")
        for normalized, label in rows.distinct():
            labels.setdefault(normalized, label)
        _specialties.clear()
        _specialties[key] = sorted(labels.values(), key=str.lower)
    return _specialties[key]


_specialties: dict[tuple, list[str]] = {}
