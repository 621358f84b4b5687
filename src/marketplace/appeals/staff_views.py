"""Casework pages for appeals: the queue, a request taken on paper or by phone, and one
appeal's hearing, decision and carrying out. Staff with `view_casework` reach them; only
staff who may approve money-changing work (`approve_overrides`: supervisors and
administrators) record a decision. Everyone else gets 404."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.appeals import actions, states
from marketplace.appeals.forms import DecisionForm, HearingForm, StaffRequestForm
from marketplace.appeals.models import Appeal
from marketplace.applications.models import Application
from marketplace.core import clock

STAFF_ERRORS = {
    "too_late": lambda: _("The request came more than 90 days after the notice."),
    "no_reason": lambda: _("Write the reason the person gives."),
    "received_in_future": lambda: _("The date received cannot be after today."),
    "hearing_too_soon": lambda: _("The hearing must be at least 15 days from today."),
    "no_corrections": lambda: _("Give the income the decision finds."),
    "bad_amount": lambda: _("Give an amount in dollars."),
    "no_decision_text": lambda: _("Write the reasons for the decision."),
    "not_owner": lambda: _("The application has no determination to appeal."),
}


def _gate(request, perm: str = "accounts.view_casework") -> None:
    if not request.user.has_perm(perm):
        raise Http404


def _appeal(public_id) -> Appeal:
    return get_object_or_404(
        Appeal.objects.select_related("appellant", "application", "determination"),
        public_id=public_id,
    )


def _error(form, exc: actions.AppealError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, STAFF_ERRORS.get(exc.code, lambda: exc.code)())


@login_required
def queue(request):
    _gate(request)
    today = clock.today()
    open_appeals = Appeal.objects.filter(status__in=states.OPEN).select_related("appellant")
    rows = [(a, (today - a.received_on).days) for a in open_appeals.order_by("received_on", "id")]
    return render(request, "appeals/staff/queue.html", {"rows": rows})


@login_required
def new(request):
    _gate(request, "accounts.process_paper_applications")
    form = StaffRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        application = Application.objects.filter(public_id=data["application"]).first()
        latest = application.determinations.first() if application else None
        if latest is None:
            form.add_error("application", _("No application with a determination has this ID."))
        else:
            try:
                appeal = actions.request_appeal(
                    appellant=application.owner, determination=latest, reason=data["reason"],
                    keep_eligibility=data["keep_eligibility"], token=data["token"],
                    channel=data["channel"], entered_by=request.user,
                    received_on=data["received_on"], actor=request.user,
                    ip_address=client_ip(request),
                )  # fmt: skip
            except actions.AppealError as exc:
                _error(form, exc)
            else:
                messages.success(
                    request, _("Appeal %(number)s recorded.") % {"number": appeal.number}
                )
                return redirect("appeals:staff_detail", public_id=appeal.public_id)
    return render(request, "appeals/staff/new.html", {"form": form})


@login_required
def detail(request, public_id, hearing_form=None, decision_form=None):
    _gate(request)
    appeal = _appeal(public_id)
    return render(
        request,
        "appeals/staff/detail.html",
        {
            "appeal": appeal,
            "hearing_form": hearing_form or HearingForm(),
            "decision_form": decision_form or DecisionForm(),
            "may_decide": request.user.has_perm("accounts.approve_overrides"),
        },
    )


@login_required
@require_POST
def hearing(request, public_id):
    _gate(request)
    appeal = _appeal(public_id)
    form = HearingForm(request.POST)
    if form.is_valid() and appeal.allowed("schedule"):
        at = datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"])
        try:
            actions.schedule_hearing(
                appeal, at=at.replace(tzinfo=clock.zone()), mode=form.cleaned_data["mode"],
                actor=request.user, ip_address=client_ip(request),
            )  # fmt: skip
        except actions.AppealError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Hearing scheduled; the notice is on its way."))
            return redirect("appeals:staff_detail", public_id=appeal.public_id)
    elif form.is_valid():
        form.add_error(None, _("This appeal cannot have a hearing now."))
    return detail(request, public_id, hearing_form=form)


@login_required
@require_POST
def decision(request, public_id):
    _gate(request, "accounts.approve_overrides")
    appeal = _appeal(public_id)
    form = DecisionForm(request.POST)
    if form.is_valid() and appeal.allowed("decide"):
        data = form.cleaned_data
        try:
            actions.decide(
                appeal, outcome=data["outcome"], text=data["decision_text"],
                corrections={"income": data["income"]}, actor=request.user,
                ip_address=client_ip(request),
            )  # fmt: skip
        except actions.AppealError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Decision recorded; the notice is on its way."))
            return redirect("appeals:staff_detail", public_id=appeal.public_id)
    elif form.is_valid():
        form.add_error(None, _("This appeal cannot be decided now."))
    return detail(request, public_id, decision_form=form)


@login_required
@require_POST
def implement(request, public_id):
    _gate(request)
    appeal = _appeal(public_id)
    if appeal.allowed("implement") or appeal.status == states.IMPLEMENTED:
        actions.implement(appeal, actor=request.user, ip_address=client_ip(request))
        messages.success(request, _("The decision is carried out."))
    return redirect("appeals:staff_detail", public_id=appeal.public_id)
