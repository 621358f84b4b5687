"""Casework: the work queues (casework/queues.py), the backlog, and assignment in bulk.

Any caseworker takes items ("assign to me") or gives back their own; giving items to
someone else, and downloading a queue's calling list (casework/calling_list.py), needs
`accounts.assign_work` (supervisors)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.roles import STAFF_ROLES
from marketplace.audit import log
from marketplace.casework import calling_list as calling
from marketplace.casework import queues
from marketplace.casework.forms import QueueFilterForm
from marketplace.casework.gate import Can, staff_page
from marketplace.reports import charts


@staff_page(Can.VIEW)
def backlog(request):
    rows = queues.backlog()
    chart = charts.bar_chart(
        "open-by-queue",
        _("Open items by queue"),
        [(row["queue"].title, row["total"]) for row in rows],
    )
    context = {
        "rows": rows,
        "totals": queues.totals(rows),
        "chart": chart,
        "buckets": queues.AGE_BUCKETS,
        "missing": queues.missing(),
    }
    return render(request, "casework/backlog.html", context)


def _number(raw) -> int:
    return int(raw) if str(raw or "").isdigit() and len(str(raw)) < 7 else 1


def _workers():
    return get_user_model().objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("email")


def _queue(key: str) -> queues.Queue:
    each = queues.queue(key)
    if each is None:
        raise Http404
    return each


def _filter_form(request, each) -> QueueFilterForm:
    return QueueFilterForm(
        request.GET or None, by_county=bool(each.county), state=settings.MARKETPLACE_STATE
    )


@staff_page(Can.VIEW)
def queue_page(request, key: str):
    each = _queue(key)
    error = ""
    if request.method == "POST":
        error = _act(request, each)
        if not error:
            return redirect(request.get_full_path())
    return _render_queue(request, each, error)


def _narrowed(request, show: str, county: str) -> dict:
    """The queue's filters as `queues.page` and `queues.oldest_first` take them."""
    return {
        "mine": request.user if show == "mine" else None,
        "unassigned": show == "unassigned",
        "county": county,
    }


def _render_queue(request, each, error: str = ""):
    form = _filter_form(request, each)
    show, county = form.chosen()
    page = queues.page(
        each, number=_number(request.GET.get("page")), **_narrowed(request, show, county)
    )
    can_assign = request.user.has_perm(Can.ASSIGN_WORK)
    chosen = {name: value for name, value in (("show", show), ("county", county)) if value}
    context = {
        "queue": each,
        "counts": queues.counts(each, county=county),
        "page": page,
        "show": show,
        "county": county,
        "filters": form,
        "query": urlencode(chosen),
        "error": error,
        "can_assign": can_assign,
        "workers": _workers() if can_assign else [],
        "calling_list": each.calling_list is not None and can_assign,
    }
    status = 400 if error or form.errors else 200
    return render(request, "casework/queue.html", context, status=status)


@staff_page(Can.ASSIGN_WORK)
def queue_calling_list(request, key: str):
    """The queue's open items, narrowed as its page is, as a CSV calling list."""
    each = _queue(key)
    if each.calling_list is None:
        raise Http404
    form = _filter_form(request, each)
    if form.is_bound and not form.is_valid():
        return _render_queue(request, each)
    show, county = form.chosen()
    items = queues.oldest_first(each, **_narrowed(request, show, county))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calling.file_name(each, county)}"'
    writer = csv.writer(response)
    writer.writerow(calling.header(each))
    written = 0
    for row in calling.rows(each, items, request.build_absolute_uri):
        writer.writerow(row)
        written += 1
    log.record(
        "casework.calling_list",
        actor=request.user,
        ip_address=client_ip(request),
        queue=each.key,
        show=show,
        county=county,
        rows=written,
    )
    return response


def _act(request, each) -> str:
    chosen = request.POST.getlist("item")
    if not chosen:
        return _("Choose at least one item.")
    action = request.POST.get("action")
    if action == "take":
        to = request.user
    elif action == "release":
        to = None
    elif action == "give" and request.user.has_perm(Can.ASSIGN_WORK):
        to = _workers().filter(pk=_number(request.POST.get("worker"))).first()
        if to is None:
            return _("Worker: choose who gets the items.")
    else:
        return _("Choose what to do with the items.")
    changed = queues.assign(each, chosen, to=to, by=request.user, ip_address=client_ip(request))
    messages.success(request, _("%(count)s item(s) changed hands.") % {"count": changed})
    return ""
