"""Casework: the exceptions list for batched work (notices, mail house, e-mail, Medicaid/CHIP
transfers, background jobs). Staff with `accounts.view_casework` (the staff gate); anyone else
gets 404, as on the other casework pages. Each open item says what is wrong and what to do; a
caseworker tries it again (when the work can be queued again) or closes it with what was done."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.casework.gate import Can, staff_page
from marketplace.core.posted import posted_text
from marketplace.jobs import retries, worklist
from marketplace.jobs.models import WorkException


@staff_page(Can.VIEW)
def work_exceptions(request):
    failed, error = None, ""
    if request.method == "POST":
        item = get_object_or_404(WorkException, pk=_number(request.POST.get("item")))
        error = _act(request, item)
        if not error:
            return redirect("casework:work_exceptions")
        failed = item.pk
    context = {
        "items": WorkException.objects.filter(resolved_at=None)[:500],
        "failed": failed,
        "error": error,
        "note": posted_text(request.POST, "note"),
    }
    return render(request, "casework/work_exceptions.html", context, status=400 if error else 200)


def _number(raw) -> int:
    return int(raw) if str(raw or "").isdigit() else 0


def _act(request, item: WorkException) -> str:
    ip = client_ip(request)
    if request.POST.get("action") == "retry":
        if not retries.try_again(item, actor=request.user, ip_address=ip):
            return _("This item cannot be tried again: close it with what was done.")
        messages.success(request, _("The work was queued again."))
        return ""
    note = posted_text(request.POST, "note")
    if not note:
        return _("What was done: say how this item was worked before closing it.")
    worklist.resolve(item, actor=request.user, note=note, ip_address=ip)
    messages.success(request, _("The item was closed."))
    return ""
