"""Casework: the call sheet of one renewal (casework/renewal_calls.py, ADR 1010): who to call
and how, what the renewal changed and why with the figures the household's notice gave, the
calls so far, and the form that records what came of this one. Caseworkers and up
(`accounts.view_casework`); nobody calls about their own household."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.casework import coverage_ends, renewal_calls
from marketplace.casework.forms import RenewalCallForm
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.casework.renewals import contacts
from marketplace.core import clock
from marketplace.enrollment import dates
from marketplace.renewals.models import Renewal
from marketplace.renewals.notice import WORDS, explanation, page_language


@staff_page(Can.VIEW)
def renewal_call(request, public_id):
    renewal = get_object_or_404(
        Renewal.objects.select_related("application__owner", "enrollment", "previous"),
        public_id=public_id,
    )
    refuse_own_case(request.user, renewal.application.owner_id)
    period = dates.window(settings.MARKETPLACE_STATE, renewal.to_year)
    form = RenewalCallForm(
        request.POST or None,
        initial={"token": uuid.uuid4()},
        today=clock.today(),
        last_day=period.closes if period is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        _call, new = renewal_calls.record_call(
            renewal,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
            token=form.cleaned_data["token"],
            call_back_on=form.cleaned_data["call_back_on"],
            by=request.user,
            ip_address=client_ip(request),
        )
        if new:
            messages.success(request, _("The call is recorded."))
        return redirect("casework:renewal_call", public_id=renewal.public_id)
    return render(
        request,
        "casework/renewal_call.html",
        _sheet(renewal, form),
        status=400 if form.errors else 200,
    )


#: The queues of calls about renewals; a renewal on both (help lost and a member left out)
#: is shown as the more urgent one's, the coverage that ends.
CALL_QUEUES = (coverage_ends.COVERAGE_ENDS, renewal_calls.HELP_LOST)


def _queue_of(renewal: Renewal) -> renewal_calls.CallQueue | None:
    return next((queue for queue in CALL_QUEUES if queue.covers(renewal)), None)


def _on_queue(renewal: Renewal) -> dict:
    """The queue of calls the renewal belongs to, whether it is on it now, and the later day
    a call is planned for when it waits."""
    queue = _queue_of(renewal)
    if queue is None:
        return {"call_queue": None, "on_queue": False, "waiting_until": None}
    return {
        "call_queue": queue,
        "on_queue": renewal_calls.is_open(queue, renewal),
        "waiting_until": renewal_calls.waiting_until(queue, renewal),
    }


def _sheet(renewal: Renewal, form) -> dict:
    language = page_language()
    name, telephone, email, preferred, county = contacts([renewal])[0]
    return {
        "renewal": renewal,
        "form": form,
        "household": name,
        "telephone": telephone,
        "email": email,
        "preferred": preferred,
        "county": county,
        "lost": renewal_calls.lost_words(renewal),
        "before": renewal.previous,
        "after": renewal.enrollment,
        "left_out": coverage_ends.left_out(renewal),
        "covered_until": coverage_ends.covered_until(renewal)
        if coverage_ends.ends(renewal)
        else None,
        "calls": renewal_calls.calls_of(renewal),
        **_on_queue(renewal),
        "words": WORDS[language],
        **explanation(renewal.detail, language),
    }
