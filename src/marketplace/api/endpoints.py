"""The public JSON API at /api/v1/ (design.md 4.3), shaped like the CMS Marketplace API.

A public, unauthenticated, read-only calculator: no cookies are read and nothing is
written, so the POST endpoints are CSRF-exempt (docs/adr/0400-shopping-and-api.md).
Every figure comes from the same code as the shopping pages (marketplace.shopping.quotes).
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError

from marketplace.api import convert, i18n
from marketplace.api.docs import SimpleDocs
from marketplace.api.providers_drugs import router as providers_drugs_router
from marketplace.api.schemas import (
    CountiesOut,
    EligibilityIn,
    ErrorOut,
    EstimatesOut,
    MarketYearsOut,
    PlanDetailOut,
    PlanSearchIn,
    PlanSearchOut,
)
from marketplace.shopping import quotes as shopping_quotes
from marketplace.shopping.compare import benefits_for
from marketplace.shopping.places import counties_for_zip
from marketplace.shopping.plan_data import plan_infos
from marketplace.shopping.search import search

api = NinjaAPI(
    title="Marketplace API",
    version="1",
    description=(
        "Plans, prices and savings estimates for this state's health insurance exchange, "
        "shaped like the CMS Marketplace API. Public and read-only: no key needed."
    ),
    docs=SimpleDocs(),
    docs_url="/docs",
    urls_namespace="api",
)
# Every operation, its validation and its errors run in the Accept-Language's language.
api.add_decorator(i18n.in_request_language, mode="view")
api.add_router("", providers_drugs_router)

ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ZIP_RE = re.compile(r"^\d{5}$")
PLAN_ID_RE = re.compile(r"^\d{5}[A-Z]{2}\d{7}(-\d{2})?$")


def problem(status: int, code: int, message: str, errors: dict[str, str] | None = None):
    body = convert.RequestProblem(status, code, message, errors).body()
    return JsonResponse(body, status=status)


@api.exception_handler(convert.RequestProblem)
def request_problem(request, exc: convert.RequestProblem):
    return JsonResponse(exc.body(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """422 with one message per field path ('household.people.0.age': '...')."""
    errors = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        errors[".".join(loc) or "body"] = i18n.field_message(item)
    return problem(422, 1003, _("Invalid input: see errors for each field."), errors)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return problem(exc.status_code, 1003, i18n.passed_on(str(exc)))


@api.get(
    "/market-years",
    response={200: MarketYearsOut},
    tags=["places"],
    summary="Plan years on offer",
)
def market_years(request):
    """The plan years in the catalog for the served state, and the current one (no
    database work once warm: a trivial endpoint, also the benchmark's baseline)."""
    return {"years": shopping_quotes.catalog_years(), "current": shopping_quotes.plan_year()}


@api.get(
    "/counties/by/zip/{zipcode}",
    response={200: CountiesOut, **ERRORS},
    tags=["places"],
    summary="Counties a zip code lies in",
)
def counties_by_zip(request, zipcode: str = Path(..., examples=["02108"])):
    """Every county of the served state that the zip code lies in (FIPS, name, state)."""
    if not ZIP_RE.match(zipcode):
        raise convert.RequestProblem(
            400,
            1003,
            _("A zip code has 5 digits."),
            {"zip": _("A zip code has 5 digits, like 02108.")},
        )
    state = settings.MARKETPLACE_STATE
    counties = counties_for_zip(zipcode, state)
    if not counties:
        raise convert.RequestProblem(
            404,
            1001,
            _("No county found for zip code %(zip)s in %(state)s.")
            % {"zip": zipcode, "state": state},
            {"zip": _("Zip code %(zip)s is not in %(state)s.") % {"zip": zipcode, "state": state}},
        )
    return {
        "counties": [
            {"fips": c.fips, "name": c.name, "state": c.state, "zipcode": zipcode} for c in counties
        ]
    }


def _estimate(body):
    household = convert.household_query(body)
    try:
        return shopping_quotes.estimate_for(household)
    except shopping_quotes.ShoppingError as error:
        errors = {field: i18n.passed_on(message) for field, message in error.errors.items()}
        raise convert.RequestProblem(
            400, 1003, _("The household cannot be estimated."), errors
        ) from error


@api.post(
    "/households/eligibility/estimates",
    response={200: EstimatesOut, **ERRORS},
    tags=["households"],
    summary="APTC, CSR and Medicaid/CHIP estimate",
)
def eligibility_estimates(request, body: EligibilityIn):
    """The savings estimate for a household at a place: one entry per person, plus the full
    determination (the `marketplace estimate` output)."""
    estimate = _estimate(body)
    det = estimate.determination
    aptc = float(det.aptc or 0)
    return {
        "estimates": [
            {
                "aptc": aptc if member.aptc else 0.0,
                "csr": member.csr,
                "is_medicaid_chip": member.medicaid or member.chip,
                "in_coverage_gap": False,
                "hardship_exemption": False,
            }
            for member in det.members
        ],
        "determination": estimate.result,
    }


def _ranges(quotes) -> dict:
    if not quotes:
        return {"premiums": None, "deductibles": None}
    premiums = [float(q.premium_after_credit) for q in quotes]
    deductibles = [float(q.deductible) for q in quotes if q.deductible is not None]
    return {
        "premiums": {"min": min(premiums), "max": max(premiums)},
        "deductibles": (
            {"min": min(deductibles), "max": max(deductibles)} if deductibles else None
        ),
    }


@api.post(
    "/plans/search",
    response={200: PlanSearchOut, **ERRORS},
    tags=["plans"],
    summary="Plans for a household, with premiums after the tax credit",
)
def plans_search(request, body: PlanSearchIn):
    """Plans at the household's place, priced for it; filter, sort (premium after credit,
    deductible, total_costs, quality_rating) and page with offset and limit."""
    estimate = _estimate(body)
    found, ranges = _matches(estimate, body)
    window = found[body.offset : body.offset + body.limit]
    det = estimate.determination
    # Built here and returned as is: the shape is PlanSearchOut (tests validate it). Skipping
    # ninja's per-field response validation, and encoding each plan once per cached
    # estimate, saves most of the request's time.
    head = json.dumps(
        {
            "total": len(found),
            "offset": body.offset,
            "limit": body.limit,
            "aptc": float(estimate.aptc if not estimate.priced_for_all_seekers else 0),
            "csr": det.csr,
            "ranges": ranges,
        }
    )
    plans = ",".join(_plan_json(estimate, q) for q in window)
    return HttpResponse(f'{{"plans":[{plans}],{head[1:]}', content_type="application/json")


def _matches(estimate, body) -> tuple[list, dict]:
    """The matching plans in order, and their ranges; kept with the cached estimate."""
    spec = body.filter.model_dump_json() if body.filter is not None else ""
    key = ("search", spec, body.sort, body.order, body.utilization_level)
    found = estimate.fragments.get(key)
    if found is None:
        use = convert.USE_LEVELS[body.utilization_level]
        plans = search(estimate.quotes, convert.plan_filter(body.filter), body.sort, body.order,
                       use)  # fmt: skip
        found = estimate.remember(key, (plans, _ranges(plans)))
    return found


def _plan_json(estimate, quote) -> str:
    """A priced plan's API JSON, encoded once per cached estimate."""
    key = ("json", quote.plan_id)
    found = estimate.fragments.get(key)
    if found is None:
        found = estimate.remember(key, json.dumps(convert.quote_dict(quote)))
    return found


@api.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    tags=["plans"],
    summary="One plan's details",
)
def plan_detail(request, plan_id: str, year: int | None = Query(None, ge=2014, le=2100)):
    """A plan by its 14-character id (or 16 with the CSR variant, e.g. -06), for a year
    (default: the current plan year)."""
    if not PLAN_ID_RE.match(plan_id):
        raise convert.RequestProblem(
            400,
            1003,
            _("Invalid plan id."),
            {"plan_id": _("A plan id looks like 12345MA0010001 or 12345MA0010001-01.")},
        )
    year = year or shopping_quotes.plan_year()
    state = settings.MARKETPLACE_STATE
    info = plan_infos(state, year).get(plan_id[:14]) if year else None
    if info is None:
        raise convert.RequestProblem(
            404,
            1006,
            _("Plan %(plan_id)s not found for %(year)s.") % {"plan_id": plan_id, "year": year},
            {
                "plan_id": _("No plan %(plan_id)s in %(state)s for %(year)s.")
                % {"plan_id": plan_id, "state": state, "year": year}
            },
        )
    code = plan_id[15:] if len(plan_id) == 16 else "01"
    variant = info.variant_for(code)
    quote = _Unpriced(info, variant)
    rows = benefits_for([quote])
    return {
        "plan": convert.plan_dict(info, variant),
        "benefits": [{"name": row.key, "cost_sharing": row.cells[0]} for row in rows],
    }


class _Unpriced:
    """Just enough of a PlanQuote for reading a plan's benefits."""

    def __init__(self, info, variant):
        self.info = info
        self.variant = variant
