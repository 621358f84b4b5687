"""The public JSON API at /api/v1/ (docs/contracts.md 4.3), shaped like the CMS Marketplace API.

A public, unauthenticated, read-only calculator: no cookies are read and nothing is
written, so the POST endpoints are CSRF-exempt (docs/adr/0400-shopping-and-api.md).
Every figure comes from the same code as the shopping pages (marketplace.shopping.quotes).
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError

from marketplace.api import convert, i18n, overrides
from marketplace.api.docs import SimpleDocs
from marketplace.api.providers_drugs import router as providers_drugs_router
from marketplace.api.schemas import (
    FIRST_YEAR,
    LAST_YEAR,
    CountiesOut,
    CrosswalkOut,
    EligibilityIn,
    ErrorOut,
    EstimatesOut,
    MarketYearsOut,
    PlanDetailOut,
    PlanSearchIn,
    PlanSearchOut,
)
from marketplace.catalog.crosswalk import filed_row
from marketplace.catalog.models import CrosswalkLevel
from marketplace.catalog.plan_data import plan_infos
from marketplace.shopping import quotes as shopping_quotes
from marketplace.shopping.compare import benefits_for
from marketplace.shopping.places import counties_for_zip, counties_for_zip_prefix
from marketplace.shopping.search import search

ZIP_PREFIX_RE = re.compile(r"^[0-9]{1,5}$")
PLAN_ID_RE = re.compile(r"^[0-9]{5}[A-Z]{2}[0-9]{7}(-[0-9]{2})?$")


class CmsApi(NinjaAPI):
    """The path parameters' patterns go into the OpenAPI document, while the views check
    them themselves, so that a bad zip code or plan id is CMS's 400 (1003) with a message
    rather than a validation 422 (ADR 0401)."""

    PATH_PATTERNS = {"zipcode": ZIP_PREFIX_RE.pattern, "plan_id": PLAN_ID_RE.pattern}

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for parameter in operation.get("parameters", ()):
                    pattern = self.PATH_PATTERNS.get(parameter["name"])
                    if parameter["in"] == "path" and pattern:
                        parameter["schema"]["pattern"] = pattern
        return schema


api = CmsApi(
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


#: CMS's `year` query parameter ("4 digit market year", default: the current one).
YEAR_QUERY = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Plan year (as in the body)")


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
    """ninja's own refusals (a body that is not JSON): the field is the body."""
    message = i18n.passed_on(str(exc))
    return problem(exc.status_code, 1003, message, {"body": message})


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
def counties_by_zip(
    request,
    zipcode: str = Path(..., examples=["02108"]),
):
    """Every county of the served state that the zip code lies in (FIPS, name, state); for
    a prefix of 1 to 4 digits, the counties of every zip code that starts with it, each
    with its zip code (CMS: "5 digits or prefix thereof")."""
    if not ZIP_PREFIX_RE.match(zipcode):
        raise convert.RequestProblem(
            400,
            1003,
            _("A zip code has 5 digits."),
            {"zip": _("A zip code has 5 digits, like 02108.")},
        )
    state = settings.MARKETPLACE_STATE
    if len(zipcode) == 5:
        counties = counties_for_zip(zipcode, state)
    else:
        counties = counties_for_zip_prefix(zipcode, state)
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
            {"fips": c.fips, "name": c.name, "state": c.state, "zipcode": c.zipcode}
            for c in counties
        ]
    }


def _with_year(body, year: int | None):
    """CMS takes the plan year in the body or, like every other operation, as `?year=`."""
    if body.year is None and year is not None:
        return body.model_copy(update={"year": year})
    return body


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
def eligibility_estimates(request, body: EligibilityIn, year: int | None = YEAR_QUERY):
    """The savings estimate for a household at a place: one entry per person, plus the full
    determination (the `marketplace estimate` output)."""
    estimate = _estimate(_with_year(body, year))
    det = estimate.determination
    aptc = float(det.aptc or 0)
    people = body.household.people
    return {
        "estimates": [
            {
                "aptc": aptc if member.aptc and person.aptc_eligible else 0.0,
                "csr": convert.CSR_NAMES.get(member.csr or ""),
                "csr_level": member.csr,
                "is_medicaid_chip": member.medicaid or member.chip,
                "in_coverage_gap": False,
                "hardship_exemption": False,
            }
            for member, person in zip(det.members, people, strict=True)
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
def plans_search(request, body: PlanSearchIn, year: int | None = YEAR_QUERY):
    """Plans at the household's place, priced for it; filter, sort (premium after credit,
    deductible, oopc, total_costs, quality_rating) and page with offset and limit. CMS's
    aptc_override, csr_override, catastrophic_override and suppressed_plan_ids apply."""
    body = _with_year(body, year)
    estimate = _estimate(body)
    aptc, csr = overrides.chosen(body, estimate)
    found, ranges = _matches(estimate, body, aptc, csr)
    window = found[body.offset : body.offset + body.limit]
    # Built here and returned as is: the shape is PlanSearchOut (tests validate it). Skipping
    # ninja's per-field response validation, and encoding each plan once per cached
    # estimate, saves most of the request's time.
    head = json.dumps(
        {
            "total": len(found),
            "offset": body.offset,
            "limit": body.limit,
            "aptc": float(aptc),
            "csr": csr,
            "ranges": ranges,
        }
    )
    plans = ",".join(_plan_json(estimate, q, aptc, csr) for q in window)
    return HttpResponse(f'{{"plans":[{plans}],{head[1:]}', content_type="application/json")


def _matches(estimate, body, aptc, csr) -> tuple[list, dict]:
    """The matching plans in order, and their ranges; kept with the cached estimate."""
    spec = body.filter.model_dump_json() if body.filter is not None else ""
    key = (
        ("search", spec, body.sort, body.order, body.utilization_level, body.market),
        (aptc, csr, tuple(body.suppressed_plan_ids), body.catastrophic_override),
    )
    found = estimate.fragments.get(key)
    if found is None:
        use = convert.USE_LEVELS[body.utilization_level]
        plans = []
        if body.market != "SHOP":  # the individual market only: no SHOP plans here
            keep = convert.extra_filter(
                body.filter, body.suppressed_plan_ids, body.catastrophic_override
            )
            priced = [q for q in overrides.quotes(estimate, aptc, csr) if keep(q)]
            sort = "total_costs" if body.sort == "oopc" else body.sort
            plans = search(priced, convert.plan_filter(body.filter), sort, body.order, use)
            if body.sort == "oopc":
                plans.sort(
                    key=lambda q: (_oopc(q, use), q.premium_after_credit, q.plan_id),
                    reverse=body.order == "desc",
                )
        found = estimate.remember(key, (plans, _ranges(plans)))
    return found


def _oopc(quote, use: str):
    """Expected yearly out-of-pocket cost at the use level (the total less the premiums)."""
    return quote.yearly_costs[use] - 12 * quote.premium_after_credit


def _plan_json(estimate, quote, aptc, csr) -> str:
    """A priced plan's API JSON, encoded once per cached estimate."""
    key = ("json", quote.plan_id, aptc, csr)
    found = estimate.fragments.get(key)
    if found is None:
        found = estimate.remember(key, convert.quote_json(quote))
    return found


@api.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    tags=["plans"],
    summary="One plan's details",
)
def plan_detail(request, plan_id: str, year: int | None = YEAR_QUERY):
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
        raise _plan_not_found(plan_id, state, year)
    code = plan_id[15:] if len(plan_id) == 16 else "01"
    variant = info.variant_for(code)
    quote = _Unpriced(info, variant)
    rows = benefits_for([quote])
    return {
        "plan": convert.plan_dict(info, variant),
        "benefits": [{"name": row.key, "cost_sharing": row.cells[0]} for row in rows],
    }


@api.get(
    "/crosswalk",
    response={200: CrosswalkOut, **ERRORS},
    tags=["plans"],
    summary="Where a plan's enrollees go next year",
)
def crosswalk(
    request,
    year: int = Query(..., ge=FIRST_YEAR, le=LAST_YEAR, description="The plan's (previous) year"),
    plan_id: str = Query(..., pattern=PLAN_ID_RE.pattern, examples=["12345MA0010001"]),
    state: str = Query(..., pattern=r"^[A-Z]{2}$", examples=["MA"]),
    zipcode: str = Query(..., pattern=r"^[0-9]{5}$", examples=["02108"]),
    fips: str = Query(..., pattern=r"^[0-9]{5}$", examples=["25025"]),
):
    """The plan of the next year that the enrollees of `plan_id` (of `year`) living at the
    zip code and county are renewed into, as the issuer filed it in the Plan ID Crosswalk
    (45 CFR 155.335(j)); 404 (1005) when it filed nothing for that place. A household's own
    renewal may still differ: the plan named must be offered to it, and one eligible for
    cost-sharing reductions may go from bronze to silver (155.335(j)(4))."""
    place = SimpleNamespace(state=state, zipcode=zipcode, countyfips=fips)
    county = convert.place_county(place, fields=("state", "zipcode", "fips"))
    if plan_infos(state, year).get(plan_id[:14]) is None:
        raise _plan_not_found(plan_id, state, year)
    row = filed_row(year + 1, state, plan_id, county, zipcode)
    if row is None:
        message = _("No crosswalk of plan %(plan_id)s from %(year)s for zip code %(zip)s.") % {
            "plan_id": plan_id[:14],
            "year": year,
            "zip": zipcode,
        }
        raise convert.RequestProblem(404, 1005, message, {"plan_id": message})
    return {
        "new_plan_id": row.to_plan_id or None,
        "level": str(row.level),
        "reason": row.reason,
        "level_description": str(CrosswalkLevel(row.level).label),
        "new_year": row.to_year,
    }


def _plan_not_found(plan_id: str, state: str, year) -> convert.RequestProblem:
    """CMS's 1006: no such plan in the state for the year."""
    return convert.RequestProblem(
        404,
        1006,
        _("Plan %(plan_id)s not found for %(year)s.") % {"plan_id": plan_id, "year": year},
        {
            "plan_id": _("No plan %(plan_id)s in %(state)s for %(year)s.")
            % {"plan_id": plan_id, "state": state, "year": year}
        },
    )


class _Unpriced:
    """Just enough of a PlanQuote for reading a plan's benefits."""

    def __init__(self, info, variant):
        self.info = info
        self.variant = variant
