"""Casework pages for appeals: the queue, a request taken on paper or by phone, and one
appeal's hearing, decision and carrying out, behind the one staff gate
(`casework.gate.staff_page`: sign in first, then the permission, else 404). Staff with
`view_casework` reach them; a paper or phone request needs `process_paper_applications`;
only staff who may approve money-changing work (`approve_overrides`: supervisors and
administrators) record a decision. Nobody works on their own appeal (`refuse_own_case`)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.db.models import Case, F, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.appeals import actions, states
from marketplace.appeals.forms import (
    DecisionForm,
    ExpeditedForm,
    HearingForm,
    HhsForm,
    InformalForm,
    StaffRequestForm,
)
from marketplace.appeals.models import Appeal
from marketplace.applications.models import Application
from marketplace.casework.gate import Can, refuse_own_case, staff_page
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
    "no_expedited_reason": lambda: _("Give the reason for the denial."),
    "expedited_not_pending": lambda: _("No request for an expedited appeal awaits a ruling."),
    "no_informal_outcome": lambda: _("Write the outcome of the informal resolution."),
    "informal_too_late": lambda: _("Informal resolution comes before the hearing decision."),
    "not_decided": lambda: _("The appeal has no decision yet."),
    "bad_hhs_date": lambda: _("The date must be after the decision and not after today."),
}


def appeal_for(request, public_id) -> Appeal:
    appeal = get_object_or_404(
        Appeal.objects.select_related("appellant", "application", "determination"),
        public_id=public_id,
    )
    refuse_own_case(request.user, appeal.appellant_id)
    return appeal


def show_error(form, exc: actions.AppealError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, STAFF_ERRORS.get(exc.code, lambda: exc.code)())


@staff_page(Can.VIEW)
def queue(request):
    """Open appeals: expedited ones first, soonest due first (155.540), then the rest,
    oldest first."""
    today = clock.today()
    open_appeals = Appeal.objects.filter(status__in=states.OPEN).select_related("appellant")
    awaiting_ruling = Case(When(expedited_requested=True, expedited="", then=0), default=1)
    ordered = open_appeals.order_by(
        F("expedited_due").asc(nulls_last=True), awaiting_ruling, "received_on", "id"
    )
    rows = [(a, (today - a.received_on).days) for a in ordered]
    return render(request, "appeals/staff/queue.html", {"rows": rows})


@staff_page(Can.ENTER_PAPER)
def new(request):
    form = StaffRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        application = Application.objects.filter(public_id=data["application"]).first()
        latest = application.determinations.first() if application else None
        if application is not None:
            refuse_own_case(request.user, application.owner_id)
        if latest is None:
            form.add_error("application", _("No application with a determination has this ID."))
        else:
            try:
                appeal = actions.request_appeal(
                    appellant=application.owner,
                    determination=latest,
                    reason=data["reason"],
                    keep_eligibility=data["keep_eligibility"],
                    expedited=data["expedited"],
                    token=data["token"],
                    channel=data["channel"],
                    entered_by=request.user,
                    received_on=data["received_on"],
                    actor=request.user,
                    ip_address=client_ip(request),
                )
            except actions.AppealError as exc:
                show_error(form, exc)
            else:
                messages.success(
                    request, _("Appeal %(number)s recorded.") % {"number": appeal.number}
                )
                return redirect("appeals:staff_detail", public_id=appeal.public_id)
    return render(request, "appeals/staff/new.html", {"form": form})


FORMS = {
    "hearing_form": HearingForm,
    "decision_form": DecisionForm,
    "expedited_form": ExpeditedForm,
    "informal_form": InformalForm,
    "hhs_form": HhsForm,
}


@staff_page(Can.VIEW)
def detail(request, public_id, **bound):
    appeal = appeal_for(request, public_id)
    context = {name: bound.get(name) or form() for name, form in FORMS.items()}
    context["appeal"] = appeal
    context["may_decide"] = request.user.has_perm("accounts.approve_overrides")
    return render(request, "appeals/staff/detail.html", context)


@staff_page(Can.VIEW)
@require_POST
def hearing(request, public_id):
    appeal = appeal_for(request, public_id)
    form = HearingForm(request.POST)
    if form.is_valid() and appeal.allowed("schedule"):
        at = datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"])
        try:
            actions.schedule_hearing(
                appeal,
                at=at.replace(tzinfo=clock.zone()),
                mode=form.cleaned_data["mode"],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Hearing scheduled; the notice is on its way."))
            return redirect("appeals:staff_detail", public_id=appeal.public_id)
    elif form.is_valid():
        form.add_error(None, _("This appeal cannot have a hearing now."))
    return detail(request, public_id, hearing_form=form)


@staff_page(Can.APPROVE_OVERRIDES)
@require_POST
def decision(request, public_id):
    appeal = appeal_for(request, public_id)
    form = DecisionForm(request.POST)
    if form.is_valid() and appeal.allowed("decide"):
        data = form.cleaned_data
        try:
            actions.decide(
                appeal,
                outcome=data["outcome"],
                text=data["decision_text"],
                corrections={"income": data["income"]},
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Decision recorded; the notice is on its way."))
            return redirect("appeals:staff_detail", public_id=appeal.public_id)
    elif form.is_valid():
        form.add_error(None, _("This appeal cannot be decided now."))
    return detail(request, public_id, decision_form=form)


@staff_page(Can.VIEW)
@require_POST
def implement(request, public_id):
    appeal = appeal_for(request, public_id)
    if appeal.allowed("implement") or appeal.status == states.IMPLEMENTED:
        actions.implement(appeal, actor=request.user, ip_address=client_ip(request))
        messages.success(request, _("The decision is carried out."))
    return redirect("appeals:staff_detail", public_id=appeal.public_id)
