"""Window-shopping pages: zip code, household, savings, plans, a plan, compare.

No account and no session: the household lives in the query string (see household.py), so
every page can be shared and works without JavaScript (plain GET forms). Only going on to
apply (`apply`, a POST) copies it into the session (core/carry.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aca_rules.messages import localize
from marketplace.catalog.versioning import versioned_cache
from marketplace.core import carry
from marketplace.core.states import state_name
from marketplace.determinations.models import Determination
from marketplace.providers_and_drugs import plan_lists
from marketplace.shopping import labels
from marketplace.shopping.compare import MAX_COMPARE, benefits_for
from marketplace.shopping.household import (
    MAX_PEOPLE,
    RELATIONSHIPS,
    HouseholdForm,
    parse_household,
    read_people,
    validate_place,
)
from marketplace.shopping.places import counties_for_zip
from marketplace.shopping.quotes import ShoppingError, estimate_for, plan_year
from marketplace.shopping.search import (
    METAL_LEVELS,
    PLAN_TYPES,
    SORTS,
    USE_LEVEL_NAMES,
    filter_from_query,
    paginate,
    search,
)


def _redirect(name: str, items) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode(items)}")


def _state() -> str:
    return settings.MARKETPLACE_STATE


def start(request):
    """Step 1: the zip code, then the county when the zip spans several."""
    query = request.GET
    context = {"step": 1, "values": {"zip": query.get("zip", ""), "county": ""}, "errors": {}}
    if "zip" not in query:
        return render(request, "shopping/start.html", context)
    values, errors = validate_place(query)
    context["values"] = values
    counties = []
    if not errors:
        counties = counties_for_zip(values["zip"], _state())
        if not counties:
            errors["zip"] = _(
                "We could not find zip code %(zip)s in %(state)s. Check the number, or call us "
                "if you live in %(state)s."
            ) % {"zip": values["zip"], "state": request_state_name()}
    context.update(errors=errors, counties=counties)
    if errors:
        return render(request, "shopping/start.html", context, status=400)
    chosen = [c for c in counties if c.fips == values["county"]]
    if len(counties) == 1 or chosen:
        county = chosen[0] if chosen else counties[0]
        items = [(k, v) for k, vals in query.lists() for v in vals if k not in ("zip", "county")]
        return _redirect(
            "shopping:household", [("zip", values["zip"]), ("county", county.fips), *items]
        )
    if values["county"]:
        errors["county"] = _("Choose your county from the list.")
    return render(request, "shopping/start.html", context, status=400 if errors else 200)


def request_state_name() -> str:
    return state_name(_state())


def _place_or_redirect(query):
    """The zip and county of the query when they are valid, else a redirect to step 1."""
    values, errors = validate_place(query)
    if errors or not values["county"]:
        return None, _redirect("shopping:start", [("zip", values["zip"])] if values["zip"] else [])
    counties = counties_for_zip(values["zip"], _state())
    county = next((c for c in counties if c.fips == values["county"]), None)
    if county is None:
        return None, _redirect("shopping:start", [("zip", values["zip"])])
    return county, None


def _household_context(county, form: HouseholdForm, query) -> dict:
    return {
        "step": 2,
        "county": county,
        "form": form,
        "values": form.values,
        "errors": form.errors,
        "people": [
            (
                i,
                {
                    **typed,
                    "age_error": form.errors.get(f"age{i}"),
                    "rel_error": form.errors.get(f"rel{i}"),
                    "coverage_error": form.errors.get(f"coverage{i}"),
                },
            )
            for i, typed in enumerate(form.people)
        ],
        "can_add": len(form.people) < MAX_PEOPLE,
        "relationships": [(r, labels.RELATIONSHIPS[r]) for r in RELATIONSHIPS if r != "self"],
        "max_people": MAX_PEOPLE,
        "year": query.get("year", ""),
    }


def household(request):
    """Step 2: the people and the income; add or remove people without JavaScript."""
    query = request.GET
    county, redirect = _place_or_redirect(query)
    if redirect:
        return redirect
    people = read_people(query) or read_people(query, 1)
    if "add" in query and len(people) < MAX_PEOPLE:
        people.append(
            {"age": "", "rel": "child", "tobacco": "", "pregnant": "", "aian": "", "coverage": "1"}
        )
    remove = query.get("remove", "")
    if remove.isdigit() and 0 < int(remove) < len(people):
        del people[int(remove)]
    values = {"zip": county.zipcode, "county": county.fips, "income": query.get("income", "")}
    form = HouseholdForm(values=values, people=people)
    status = 200
    if "go" in query:
        found, form = parse_household(query)
        if found is not None:
            return _redirect("shopping:estimate", found.query_items())
        status = 400
    return render(
        request, "shopping/household.html", _household_context(county, form, query), status=status
    )


def _estimate_or_form(request):
    """The household's estimate, or the household page showing what is wrong."""
    query = request.GET
    county, redirect = _place_or_redirect(query)
    if redirect:
        return None, redirect
    found, form = parse_household(query)
    if found is None:
        context = _household_context(county, form, query)
        return None, render(request, "shopping/household.html", context, status=400)
    try:
        estimate = estimate_for(found)
    except ShoppingError as error:
        form.errors.update(error.errors)
        context = _household_context(county, form, query)
        return None, render(request, "shopping/household.html", context, status=400)
    return (estimate, county), None


def estimate(request):
    """Step 3: the savings estimate, with the Medicaid/CHIP screen and state help."""
    found, response = _estimate_or_form(request)
    if response:
        return response
    estimate, county = found
    det = estimate.determination
    medicaid = [(i, m) for i, m in enumerate(det.members) if m.medicaid or m.chip]
    context = {
        "step": 3,
        "estimate": estimate,
        "det": det,
        "result": estimate.result,
        "county": county,
        "hq": estimate.household.querystring(),
        "medicaid_members": medicaid,
        "members": list(zip(estimate.household.people, det.members, strict=True)),
        "subsidy": det.state_subsidy,
        "plan_count": len(estimate.quotes),
        "household_items": estimate.household.query_items(),
        # The rules applied, in the page's language (aca_rules.messages).
        "explanation": localize(
            estimate.result["explanation"], estimate.result["explanation_codes"], get_language()
        ),
    }
    return render(request, "shopping/estimate.html", context)


def _list_items(query, household_items) -> list[tuple[str, str]]:
    keep = (
        "metal",
        "type",
        "issuer",
        "premium_min",
        "premium_max",
        "deductible_min",
        "deductible_max",
        "hsa",
        "standardized",
        "sort",
        "order",
        "use",
        plan_lists.FILTER_FIELD,
    )
    items = list(household_items)
    for key in keep:
        items.extend((key, v) for v in query.getlist(key) if v)
    return items


def _cards(estimate, quotes, chosen_ids, hq: str, coverage) -> list[str]:
    """Each plan card's HTML, rendered once per language (and doctors and drugs chosen) and
    kept with the estimate."""
    language = get_language()
    use_levels = list(labels.USE_LEVELS.items())
    cards = []
    for quote in quotes:
        key = (language, quote.plan_id, quote.plan_id in chosen_ids, coverage.choices.cache_key)
        html = estimate.fragments.get(key)
        if html is None:
            context = {
                "quote": quote,
                "chosen_ids": chosen_ids,
                "use_levels": use_levels,
                "marks": coverage.marks.get(quote.plan_id),
                "parts": _card_parts(quote, language, hq),
            }
            html = mark_safe(render_to_string("shopping/_plan_card.html", context))  # noqa: S308
            estimate.remember(key, html)
        cards.append(html)
    return cards


#: The parts of a plan card that are the plan's own (its name, issuer and tags, quality
#: rating, compare checkbox), rendered once per language and plan: catalog data, emptied
#: when a catalog import lands (ADR 1702). The household's link is put in afterwards.
_card_parts_cache: dict = versioned_cache()
CARD_PARTS_CACHE_SIZE = 4000
HQ_MARK = "@@household query@@"


def _card_parts(quote, language: str, hq: str) -> dict:
    """The plan's own parts of its card, with the household's query `hq` in its link."""
    program = quote.state_help.name if quote.state_help is not None else None
    key = (language, quote.info.year, quote.plan_id, program)
    parts = _card_parts_cache.get(key)
    if parts is None:
        context = {"quote": quote, "hq": HQ_MARK}
        parts = {
            "head": render_to_string("shopping/_plan_card_head.html", context),
            "quality": render_to_string("shopping/_plan_card_quality.html", context),
            "checked": render_to_string(
                "shopping/_plan_card_footer.html", {**context, "chosen_ids": {quote.plan_id}}
            ),
            "unchecked": render_to_string("shopping/_plan_card_footer.html", context),
        }
        if len(_card_parts_cache) >= CARD_PARTS_CACHE_SIZE:
            _card_parts_cache.clear()
        _card_parts_cache[key] = parts
    # our own templates' output; the query is escaped as the template's {{ hq }} was
    safe = {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308
    safe["head"] = mark_safe(parts["head"].replace(HQ_MARK, escape(hq)))  # noqa: S308
    return safe


def plans(request):
    """Step 4: the plan list with filters, sorts, pages and compare checkboxes.

    The page body depends only on the query and the language, so it is kept with the cached
    estimate (bounded) and a repeated request renders only the page frame.
    """
    found, response = _estimate_or_form(request)
    if response:
        return response
    estimate, county = found
    query = request.GET
    doctors_and_drugs = plan_lists.read_choices(request)  # their marks are in the body
    query_key = tuple(sorted((k, tuple(v)) for k, v in query.lists()))
    key = ("page", get_language(), query_key, doctors_and_drugs.cache_key)
    body = estimate.fragments.get(key)
    errors = {}
    if body is None:
        here = request.get_full_path()
        context = _plans_context(estimate, county, query, doctors_and_drugs, here)
        errors = context["errors"]
        body = mark_safe(  # noqa: S308 - our own template's output
            render_to_string("shopping/_plans_body.html", context)
        )
        if not errors:
            estimate.remember(key, body)
    return render(
        request,
        "shopping/plans.html",
        {"body": body, "errors": errors},
        status=400 if errors else 200,
    )


def _plans_context(estimate, county, query, doctors_and_drugs, here: str) -> dict:
    plan_filter, errors = filter_from_query(query)
    sort = query.get("sort") if query.get("sort") in SORTS else "premium"
    use = query.get("use") if query.get("use") in USE_LEVEL_NAMES else "medium"
    coverage = plan_lists.for_plan_list(
        doctors_and_drugs,
        year=estimate.year,
        plan_ids=[q.plan_id for q in estimate.quotes],
        next_url=here,
        zipcode=county.zipcode,
        only_covering=query.get(plan_lists.FILTER_FIELD) == "1",
    )
    quotes = [q for q in estimate.quotes if coverage.keep(q.plan_id)]
    matches = search(quotes, plan_filter, sort, "asc", use)
    page_number = query.get("page", "1")
    page = paginate(matches, int(page_number) if page_number.isdigit() else 1)
    household_items = estimate.household.query_items()
    issuers = sorted(
        {(q.info.issuer_id, q.info.issuer_name) for q in estimate.quotes}, key=lambda i: i[1]
    )
    metals_here = {q.info.metal_level for q in estimate.quotes}
    types_here = {q.info.plan_type for q in estimate.quotes}
    chosen = set(query.getlist("plan"))
    return {
        "step": 4,
        "estimate": estimate,
        "det": estimate.determination,
        "county": county,
        "page": page,
        "cards": _cards(estimate, page.items, chosen, estimate.household.querystring(), coverage),
        "coverage": coverage,
        "filter": plan_filter,
        "errors": errors,
        "raw": query,
        "sort": sort,
        "use": use,
        "sorts": list(labels.SORTS.items()),
        "use_levels": list(labels.USE_LEVELS.items()),
        "metals": [(m, labels.METALS[m]) for m in METAL_LEVELS if m in metals_here],
        "types": [t for t in PLAN_TYPES if t in types_here],
        "issuers": issuers,
        "hq": estimate.household.querystring(),
        "household_items": household_items,
        "list_qs": urlencode(_list_items(query, household_items)),
        "chosen_ids": chosen,
    }


def plan_detail(request, plan_id: str):
    """One plan: its prices for the household, cost sharing and the 11 visit types."""
    found, response = _estimate_or_form(request)
    if response:
        return response
    estimate, county = found
    quote = estimate.quote(plan_id)
    if quote is None:
        raise Http404(plan_id)
    context = {
        "estimate": estimate,
        "det": estimate.determination,
        "county": county,
        "quote": quote,
        "benefits": benefits_for([quote]),
        "hq": estimate.household.querystring(),
        "household_items": estimate.household.query_items(),
    }
    return render(request, "shopping/plan_detail.html", context)


def compare(request):
    """Side by side: 2 to 4 plans over the 11 visit types."""
    found, response = _estimate_or_form(request)
    if response:
        return response
    estimate, county = found
    ids = list(dict.fromkeys(request.GET.getlist("plan")))
    quotes = [q for q in (estimate.quote(i) for i in ids) if q is not None]
    error = None
    if len(ids) > MAX_COMPARE:
        error = _("You chose %(count)s plans. Choose up to %(max)s plans to compare.") % {
            "count": len(ids),
            "max": MAX_COMPARE,
        }
    elif len(quotes) < 2:
        error = _("Choose at least 2 plans to compare.")
    context = {
        "estimate": estimate,
        "det": estimate.determination,
        "county": county,
        "quotes": quotes if not error else [],
        "chosen": quotes,
        "error": error,
        "benefits": benefits_for(quotes) if not error else [],
        "hq": estimate.household.querystring(),
        "list_qs": urlencode(
            _list_items(request.GET, estimate.household.query_items())
            + [("plan", q.plan_id) for q in quotes]
        ),
        "plan_year": estimate.year or plan_year(),
    }
    return render(request, "shopping/compare.html", context, status=400 if error else 200)


PERSON_KEYS = ("age", "rel", "tobacco", "pregnant", "aian", "coverage")
HOUSEHOLD_KEYS = {"zip", "county", "income", "year"} | {
    f"{name}{i}" for name in PERSON_KEYS for i in range(MAX_PEOPLE)
}


@require_POST
def apply(request):
    """Go on from window shopping to applying ("Apply for coverage", "Choose this plan"):
    the household (and the plan chosen) go into the session (core/carry.py), so the
    application starts with them after signing in. Someone whose latest eligibility result
    already lets them buy a plan of that year goes straight to that plan."""
    found, _form = parse_household(request.POST)
    try:
        estimate = estimate_for(found) if found is not None else None
    except ShoppingError:
        estimate = None
    if estimate is None:  # show the household page with what is wrong
        keep = [(k, v) for k, vals in request.POST.lists() for v in vals if k in HOUSEHOLD_KEYS]
        return _redirect("shopping:household", [*keep, ("go", "1")])
    quote = estimate.quote(request.POST.get("plan", ""))
    year = estimate.year or plan_year()
    plan = {"id": quote.plan_id, "name": quote.info.name, "year": year} if quote else None
    carry.remember(request.session, found.carried(), plan)
    determination = _latest_result(request.user)
    if plan and determination is not None and determination.year == year:
        if determination.offers_a_plan:
            return HttpResponseRedirect(
                reverse("enrollment:plan", args=[determination.public_id, quote.plan_id])
            )
    return HttpResponseRedirect(reverse("applications:dashboard"))


def _latest_result(user):
    if not user.is_authenticated:
        return None
    return Determination.objects.filter(application__owner=user).order_by("-created_at").first()
