"""Provider and drug coverage endpoints, shaped like the CMS Marketplace API's "Provider &
Drug Coverage" group: `GET providers/search`, `GET providers/covered`,
`GET drugs/autocomplete`, `GET drugs/covered` (features.md section 2; ADR 0900).

The answers come from the issuers' machine-readable files (marketplace.providers_and_drugs),
the same functions the /find/ page and the plan lists use. Lists in the query string are
comma-separated, as CMS takes them. Public and read-only, like the rest of the API.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from marketplace.api import convert
from marketplace.api.schemas import ErrorOut
from marketplace.catalog.summary import current_plan_year
from marketplace.providers_and_drugs import coverage, search
from marketplace.providers_and_drugs.geo import zip_place

router = Router(tags=["providers and drugs"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
NPI_RE = re.compile(r"^\d{10}$")
RXCUI_RE = re.compile(r"^\d{1,8}$")
PLAN_ID_RE = re.compile(r"^\d{5}[A-Z]{2}\d{7}(-\d{2})?$")
MAX_IDS = 50
PAGE = 10
TYPES = {"Individual": "individual", "Facility": "facility", "Group": "group"}
Year = Query(None, ge=2014, le=2100, description="Plan year; default: the current one")


class AddressOut(Schema):
    street_1: str
    street_2: str = ""
    city: str
    state: str
    zipcode: str
    phone: str = Field("", description="Digits only (extension)")


class ProviderOut(Schema):
    npi: str = Field(pattern=r"^\d{10}$")
    name: str
    type: Literal["Individual", "Facility", "Group"]
    specialties: list[str]
    facility_types: list[str]
    languages: list[str]
    accepting: Literal["accepting", "not accepting", "accepting in some locations", "unknown"]
    gender: str | None = None


class NearbyProviderOut(Schema):
    provider: ProviderOut
    address: AddressOut | None
    distance: float = Field(ge=0, description="Miles between zip code centroids")


class ProviderSearchOut(Schema):
    providers: list[NearbyProviderOut]
    next: str | None = Field(None, description="URL of the next page, if any")
    prev: str | None = Field(None, description="URL of the previous page, if any")


class ProviderCoverageOut(Schema):
    npi: str
    plan_id: str
    coverage: Literal["Covered", "NotCovered", "DataNotProvided"]
    addresses: list[AddressOut]
    accepting: str
    network_tier: str | None = Field(None, description="As the issuer names it (extension)")


class ProviderCoverageListOut(Schema):
    coverage: list[ProviderCoverageOut]


class DrugOut(Schema):
    id: str = Field(description="The RxCUI (CMS gives its own drug id)")
    rxcui: str
    name: str
    full_name: str


class DrugsOut(Schema):
    drugs: list[DrugOut]


class DrugCoverageOut(Schema):
    rxcui: str
    plan_id: str
    coverage: Literal["Covered", "NotCovered", "DataNotProvided", "GenericCovered"]
    generic_rxcui: str | None = None
    drug_tier: str | None = Field(None, description="Formulary tier (extension)")
    prior_authorization: bool | None = Field(None, description="extension")
    step_therapy: bool | None = Field(None, description="extension")
    quantity_limit: bool | None = Field(None, description="extension")


class DrugCoverageListOut(Schema):
    coverage: list[DrugCoverageOut]


def _year(year: int | None) -> int:
    found = year or current_plan_year(settings.MARKETPLACE_STATE)
    if found is None:
        raise convert.RequestProblem(404, 1003, _("No plan year is loaded."))
    return found


def _ids(raw: str, field: str, pattern: re.Pattern, example: str) -> list[str]:
    """A comma-separated list of ids, each checked, at most MAX_IDS, duplicates dropped."""
    ids = list(dict.fromkeys(item.strip() for item in raw.split(",") if item.strip()))
    bad = [item for item in ids if not pattern.match(item)]
    if not ids or bad or len(ids) > MAX_IDS:
        message = _("Give 1 to %(max)s ids, separated by commas, each like %(example)s.") % {
            "max": MAX_IDS,
            "example": example,
        }
        raise convert.RequestProblem(400, 1003, _("Invalid input."), {field: message})
    return ids


def _address(address) -> dict | None:
    if address is None:
        return None
    return {
        "street_1": address.street,
        "street_2": address.street_2,
        "city": address.city,
        "state": address.state,
        "zipcode": address.zipcode,
        "phone": address.phone,
    }


@router.get(
    "/providers/search",
    response={200: ProviderSearchOut, **ERRORS},
    summary="Doctors and facilities near a zip code",
)
def providers_search(
    request,
    zipcode: str = Query(..., pattern=r"^\d{5}$", examples=["02108"]),
    q: str = Query("", max_length=100, description="Name words or a 10-digit NPI"),
    type: str = Query("", description="Individual, Facility or Group; comma-separated"),
    specialty: str = Query("", max_length=100, description="A specialty or facility type"),
    year: int | None = Year,
    radius: int = Query(50, ge=1, le=250, description="Miles (extension)"),
    offset: int = Query(0, ge=0, le=1000, description="extension"),
):
    """Providers in the issuers' files, nearest first (10 a page, `next` for more)."""
    kinds = []
    for item in (t.strip() for t in type.split(",") if t.strip()):
        if item not in TYPES:
            raise convert.RequestProblem(
                400, 1003, _("Invalid input."), {"type": _("Use Individual, Facility or Group.")}
            )
        kinds.append(TYPES[item])
    if zip_place(zipcode) is None:
        raise convert.RequestProblem(
            400,
            1003,
            _("Invalid input."),
            {"zipcode": _("Unknown zip code %(zip)s.") % {"zip": zipcode}},
        )
    query = search.ProviderQuery(
        year=_year(year),
        text=q,
        specialty=specialty,
        kinds=tuple(kinds),
        zipcode=zipcode,
        radius_miles=radius,
        offset=offset,
        limit=PAGE,
    )
    found = search.search_providers(query)
    return {
        "providers": [_nearby(p) for p in found.results],
        "next": _page_url(request, offset + PAGE) if found.more else None,
        "prev": _page_url(request, max(0, offset - PAGE)) if offset else None,
    }


def _nearby(provider) -> dict:
    return {
        "provider": {
            "npi": provider.npi,
            "name": provider.name,
            "type": {v: k for k, v in TYPES.items()}[provider.kind],
            "specialties": list(provider.specialties),
            "facility_types": list(provider.facility_types),
            "languages": list(provider.languages),
            "accepting": provider.accepting,
            "gender": provider.gender or None,
        },
        "address": _address(provider.address),
        "distance": provider.distance_miles or 0.0,
    }


def _page_url(request, offset: int) -> str:
    items = [(k, v) for k, v in request.GET.items() if k != "offset"] + [("offset", str(offset))]
    return request.build_absolute_uri(f"{request.path}?{urlencode(items)}")


@router.get(
    "/providers/covered",
    response={200: ProviderCoverageListOut, **ERRORS},
    summary="Whether plans cover providers",
)
def providers_covered(
    request,
    providerids: str = Query(..., description="NPIs, comma-separated", examples=["1234567893"]),
    planids: str = Query(..., description="Plan ids, comma-separated"),
    year: int | None = Year,
):
    """One answer per (NPI, plan): Covered (in the plan's network), NotCovered, or
    DataNotProvided (the plan's issuer sent no provider file for the year)."""
    npis = _ids(providerids, "providerids", NPI_RE, "1234567893")
    plans = [p[:14] for p in _ids(planids, "planids", PLAN_ID_RE, "12345MA0010001")]
    answers = coverage.provider_coverage(_year(year), npis, list(dict.fromkeys(plans)))
    return {
        "coverage": [
            {
                "npi": a.npi,
                "plan_id": a.plan_id,
                "coverage": a.coverage,
                "addresses": [_address(x) for x in a.addresses],
                "accepting": a.accepting,
                "network_tier": a.network_tier or None,
            }
            for a in answers
        ]
    }


@router.get(
    "/drugs/autocomplete",
    response={200: DrugsOut, **ERRORS},
    summary="Drugs whose name starts like the query",
)
def drugs_autocomplete(
    request,
    q: str = Query(..., min_length=3, max_length=100, examples=["metfor"]),
    year: int | None = Year,
):
    """Drugs on the issuers' formularies for the year (at most 20), by name words or RxCUI."""
    found = search.search_drugs(_year(year), q)
    return {
        "drugs": [
            {"id": d.rxcui, "rxcui": d.rxcui, "name": d.name, "full_name": d.name} for d in found
        ]
    }


@router.get(
    "/drugs/covered",
    response={200: DrugCoverageListOut, **ERRORS},
    summary="Whether plans cover drugs",
)
def drugs_covered(
    request,
    drugs: str = Query(..., description="RxCUIs, comma-separated", examples=["861007"]),
    planids: str = Query(..., description="Plan ids, comma-separated"),
    year: int | None = Year,
):
    """One answer per (RxCUI, plan): Covered (with its tier and restrictions), NotCovered,
    or DataNotProvided (no drug file from the plan's issuer for the year)."""
    rxcuis = _ids(drugs, "drugs", RXCUI_RE, "861007")
    plans = [p[:14] for p in _ids(planids, "planids", PLAN_ID_RE, "12345MA0010001")]
    answers = coverage.drug_coverage(_year(year), rxcuis, list(dict.fromkeys(plans)))
    return {
        "coverage": [
            {
                "rxcui": a.rxcui,
                "plan_id": a.plan_id,
                "coverage": a.coverage,
                "generic_rxcui": None,
                "drug_tier": a.drug_tier or None,
                "prior_authorization": a.prior_authorization,
                "step_therapy": a.step_therapy,
                "quantity_limit": a.quantity_limit,
            }
            for a in answers
        ]
    }
