"""Casework pages for the steps beside the hearing: the ruling on an expedited appeal
(45 CFR 155.540; a supervisor, as for the decision), informal resolution (155.535(a)) and
the record that the person appealed to HHS (155.520(c)). Behind the one staff gate."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.appeals import actions, escalation, expedited, informal
from marketplace.appeals.forms import ExpeditedForm, HhsForm, InformalForm
from marketplace.appeals.staff_views import STAFF_ERRORS, appeal_for, detail, show_error
from marketplace.casework.gate import Can, staff_page


def _done(request, appeal, text: str):
    messages.success(request, text)
    return redirect("appeals:staff_detail", public_id=appeal.public_id)


def _refused(request, appeal, form, exc: actions.AppealError, **bound):
    """A refusal that names a field shows on the form; one about the appeal's state (its
    form may no longer be on the page) shows as a message above it."""
    if exc.field in form.fields:
        show_error(form, exc)
        return detail(request, appeal.public_id, **bound)
    messages.error(request, STAFF_ERRORS[exc.code]())
    return redirect("appeals:staff_detail", public_id=appeal.public_id)


@staff_page(Can.APPROVE_OVERRIDES)
@require_POST
def expedite(request, public_id):
    appeal = appeal_for(request, public_id)
    form = ExpeditedForm(request.POST)
    if form.is_valid():
        try:
            expedited.rule_on_request(
                appeal,
                granted=form.cleaned_data["ruling"] == "grant",
                reason=form.cleaned_data["reason"],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            return _refused(request, appeal, form, exc, expedited_form=form)
        return _done(request, appeal, _("Ruling recorded; the notice is on its way."))
    return detail(request, public_id, expedited_form=form)


@staff_page(Can.VIEW)
@require_POST
def resolve(request, public_id):
    appeal = appeal_for(request, public_id)
    form = InformalForm(request.POST)
    if form.is_valid():
        try:
            informal.record(
                appeal,
                outcome=form.cleaned_data["outcome"],
                accepted=form.cleaned_data["accepted"] == "yes",
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            return _refused(request, appeal, form, exc, informal_form=form)
        return _done(request, appeal, _("Informal resolution recorded; the notice is on its way."))
    return detail(request, public_id, informal_form=form)


@staff_page(Can.VIEW)
@require_POST
def hhs(request, public_id):
    appeal = appeal_for(request, public_id)
    form = HhsForm(request.POST)
    if form.is_valid():
        try:
            escalation.record_hhs_appeal(
                appeal,
                on=form.cleaned_data["on"],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AppealError as exc:
            return _refused(request, appeal, form, exc, hhs_form=form)
        return _done(request, appeal, _("The appeal to HHS is recorded."))
    return detail(request, public_id, hhs_form=form)
