"""The appellant's pages: their appeals, a new request, one appeal's progress, withdrawal.

A person sees only their own appeals (lookups by public id AND appellant: anyone else's
answers 404). A helper the household authorised reaches these pages as the household
(assisters/middleware.py), and the audit log records the helper.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.appeals import actions
from marketplace.appeals.forms import RequestForm
from marketplace.appeals.models import Appeal

ERRORS = {
    "too_late": lambda: _(
        "The 90 days to appeal this decision have passed. Call us if you had a good reason "
        "for the delay."
    ),
    "no_reason": lambda: _("Tell us why you think the decision is wrong."),
    "not_owner": lambda: _("Choose one of your own decisions."),
}


def _own(request, public_id) -> Appeal:
    return get_object_or_404(Appeal, public_id=public_id, appellant=request.user)


@login_required
def mine(request):
    return render(
        request,
        "appeals/mine.html",
        {
            "appeals": Appeal.objects.filter(appellant=request.user),
            "can_appeal": bool(actions.appealable(request.user)),
        },
    )


@login_required
def new(request):
    choices = actions.appealable(request.user)
    language = (get_language() or "en")[:2]
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        determinations=choices,
        language=language if language in ("en", "es") else "en",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = actions.request_appeal(
                appellant=request.user,
                determination=data["determination"],
                reason=data["reason"],
                keep_eligibility=data["keep_eligibility"],
                expedited=data["expedited"],
                token=data["token"],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, ERRORS[exc.code]())
        else:
            messages.success(request, _("We received your appeal."))
            return redirect("appeals:detail", public_id=appeal.public_id)
    return render(request, "appeals/new.html", {"form": form, "choices": choices})


@login_required
def detail(request, public_id):
    appeal = _own(request, public_id)
    return render(request, "appeals/detail.html", {"appeal": appeal})


@login_required
@require_POST
def withdraw(request, public_id):
    appeal = _own(request, public_id)
    if appeal.allowed("dismiss"):
        actions.dismiss(appeal, actor=request.user, ip_address=client_ip(request))
        messages.success(request, _("You withdrew your appeal."))
    return redirect("appeals:detail", public_id=appeal.public_id)
