"""Casework: the work queues (casework/queues.py), the backlog, and assignment in bulk.

Any caseworker takes items ("assign to me") or gives back their own; giving items to
someone else needs `accounts.assign_work` (supervisors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.roles import STAFF_ROLES
from marketplace.casework import queues
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


@staff_page(Can.VIEW)
def queue_page(request, key: str):
    each = queues.queue(key)
    if each is None:
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        error = _act(request, each)
        if not error:
            return redirect(request.get_full_path())
        status = 400
    show = request.GET.get("show", "")
    page = queues.page(
        each,
        number=_number(request.GET.get("page")),
        mine=request.user if show == "mine" else None,
        unassigned=show == "unassigned",
    )
    can_assign = request.user.has_perm(Can.ASSIGN_WORK)
    context = {
        "queue": each,
        "counts": queues.counts(each),
        "page": page,
        "show": show,
        "error": error,
        "can_assign": can_assign,
        "workers": _workers() if can_assign else [],
    }
    return render(request, "casework/queue.html", context, status=status)


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
