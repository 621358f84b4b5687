"""Find your doctor and your drugs: /find/, for anyone (no account needed), and a staff page
of the issuers' file imports.

GET shows the person's list, a search for doctors and places and a search for drugs, with
the last searches' results. Every change is a POST (with CSRF) answered by a redirect. What
someone searched for and chose is health information: it is kept in their session, never
in a URL (docs/adr/0900-provider-and-formulary-files.md). The plan list they came from is
`next`; its "See plans" button leads back there, where plans are marked and can be filtered.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from marketplace.catalog.summary import current_plan_year
from marketplace.providers_and_drugs import choices, labels
from marketplace.providers_and_drugs.forms import drug_errors, provider_errors
from marketplace.providers_and_drugs.models import Drug, FileImport, Provider
from marketplace.providers_and_drugs.search import (
    ProviderQuery,
    search_drugs,
    search_providers,
    specialties,
)

PLACE_KEY = "providers_and_drugs_place"
SEARCH_KEY = "providers_and_drugs_search"
PAGE_SIZE = 10
PROVIDER_FIELDS = ("name", "specialty", "kind", "zip", "distance")


@never_cache
def find(request):
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            return _render(request, {"action": _("Choose what to do.")}, status=400)
        return handler(request)
    if any(key in request.GET for key in ("zip", "year", "next")):
        _remember_place(request)
        return redirect("providers_and_drugs:find")
    return _render(request, {})


def _remember_place(request) -> None:
    """Keep where the person came from (a plan list), their zip code and the plan year."""
    query = request.GET
    place = _place(request)
    zipcode = query.get("zip", "").strip()
    if zipcode.isdigit() and len(zipcode) == 5:
        place["zip"] = zipcode
    year = query.get("year", "")
    if year.isdigit() and 2014 <= int(year) <= 2100:
        place["year"] = int(year)
    target = query.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        place["next"] = target
    request.session[PLACE_KEY] = place


def _place(request) -> dict:
    place = dict(request.session.get(PLACE_KEY) or {})
    place.setdefault("zip", "")
    place.setdefault("year", current_plan_year(settings.MARKETPLACE_STATE))
    if not place.get("next"):
        try:
            place["next"] = reverse("shopping:start")
        except NoReverseMatch:
            place["next"] = "/"
    return place


def _search(request) -> dict:
    return dict(request.session.get(SEARCH_KEY) or {})


def _search_providers(request):
    values = {field: request.POST.get(field, "").strip() for field in PROVIDER_FIELDS}
    year = _place(request)["year"]
    errors = provider_errors(values, specialties(year) if year else [])
    if errors:
        return _render(request, errors, provider_values=values, status=400)
    request.session[SEARCH_KEY] = {**_search(request), "provider": values}
    return redirect(reverse("providers_and_drugs:find") + "#provider-results")


def _search_drugs(request):
    text = request.POST.get("drug", "").strip()
    errors = drug_errors(text)
    if errors:
        return _render(request, errors, drug_value=text, status=400)
    request.session[SEARCH_KEY] = {**_search(request), "drug": text}
    return redirect(reverse("providers_and_drugs:find") + "#drug-results")


def _add(request, kind: str, model, field: str, anchor: str):
    key = request.POST.get("key", "").strip()
    year = _place(request)["year"]
    row = model.objects.filter(year=year, **{field: key}).order_by("id").first() if key else None
    if row is None:
        return _render(request, {"key": _("That choice is no longer in the list.")}, status=400)
    if not choices.add(request, kind, key, row.name):
        limit = {"count": choices.MAX_EACH}
        error = (
            _("You can add up to %(count)s doctors and places. Remove one to add another.")
            if kind == "providers"
            else _("You can add up to %(count)s drugs. Remove one to add another.")
        )
        return _render(request, {"key": error % limit}, status=400)
    messages.success(request, _("Added %(name)s to your list.") % {"name": row.name})
    return redirect(reverse("providers_and_drugs:find") + anchor)


def _add_provider(request):
    return _add(request, "providers", Provider, "npi", "#provider-results")


def _add_drug(request):
    return _add(request, "drugs", Drug, "rxcui", "#drug-results")


def _remove(request, kind: str):
    key = request.POST.get("key", "").strip()
    chosen = getattr(choices.read(request), kind)
    for item in chosen:
        if item.key == key:
            choices.remove(request, kind, key)
            messages.success(request, _("Removed %(name)s from your list.") % {"name": item.name})
    return redirect(reverse("providers_and_drugs:find") + "#your-list")


def _remove_provider(request):
    return _remove(request, "providers")


def _remove_drug(request):
    return _remove(request, "drugs")


ACTIONS = {
    "search_providers": _search_providers,
    "search_drugs": _search_drugs,
    "add_provider": _add_provider,
    "add_drug": _add_drug,
    "remove_provider": _remove_provider,
    "remove_drug": _remove_drug,
}


def _provider_results(request, place: dict, values: dict):
    """The page of results of the last provider search, or None."""
    if not values or not place["year"]:
        return None
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 1000 else 1
    found = search_providers(
        ProviderQuery(
            year=place["year"],
            text=values.get("name", ""),
            specialty=values.get("specialty", ""),
            kinds=labels.KIND_CHOICES.get(values.get("kind", ""), ((), ""))[0],
            zipcode=values.get("zip", ""),
            radius_miles=int(values.get("distance") or labels.DEFAULT_DISTANCE)
            if values.get("zip")
            else None,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
    )
    return {"page": page, "results": found.results, "more": found.more}


def _render(request, errors: dict, provider_values=None, drug_value=None, status=200):
    place = _place(request)
    search = _search(request)
    chosen = choices.read(request)
    stored = search.get("provider")
    values = provider_values or stored or {"zip": place["zip"]}
    drug_text = drug_value if drug_value is not None else search.get("drug", "")
    context = {
        "place": place,
        "errors": errors,
        "values": {"distance": str(labels.DEFAULT_DISTANCE), **values},
        "drug_value": drug_text,
        "choices": chosen,
        "chosen_npis": {c.key for c in chosen.providers},
        "chosen_rxcuis": {c.key for c in chosen.drugs},
        "specialties": specialties(place["year"]) if place["year"] else [],
        "kinds": [(code, label) for code, (_kinds, label) in labels.KIND_CHOICES.items()],
        "distances": labels.DISTANCES,
        "providers": None if provider_values else _provider_results(request, place, stored),
        "drugs": (
            search_drugs(place["year"], drug_text)
            if drug_text and drug_value is None and place["year"]
            else None
        ),
        "max_each": choices.MAX_EACH,
    }
    return render(request, "providers_and_drugs/find.html", context, status=status)


@never_cache
@login_required
def file_imports(request):
    """Staff: the issuers' file imports and the records that did not load."""
    if not request.user.has_perm("accounts.view_casework"):
        raise Http404
    imports = FileImport.objects.prefetch_related("exceptions")[:100]
    return render(request, "providers_and_drugs/file_imports.html", {"imports": imports})
