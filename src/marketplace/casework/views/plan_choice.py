"""Casework: choose a plan for a household on the telephone or from paper, through the
person's own checkout action (casework/plan_choice.py). Needs
`accounts.process_paper_applications`; nobody works on their own household."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.casework import plan_choice
from marketplace.casework.forms import PlanChoiceForm
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.determinations.models import Determination
from marketplace.enrollment.actions import EnrollmentError
from marketplace.enrollment.selection import NotEnrollable, enrollment_group, quotes
from marketplace.enrollment.views import ERRORS


def _plans(group) -> list[tuple[str, str]]:
    return [
        (
            quote.plan_id,
            _("%(name)s (%(metal)s): $%(premium)s a month, $%(after)s with the most tax credit")
            % {
                "name": quote.info.name,
                "metal": quote.info.metal_level,
                "premium": quote.premium,
                "after": quote.premium_after_credit,
            },
        )
        for quote in quotes(group)
    ]


@staff_page(Can.ENTER_PAPER)
def choose(request, owner_id: int):
    owner = get_object_or_404(get_user_model(), pk=owner_id)
    refuse_own_case(request.user, owner.pk)
    determination = (
        Determination.objects.filter(application__owner=owner)
        .select_related("application")
        .order_by("-application__coverage_year", "-created_at", "-id")
        .first()
    )
    group = None
    if determination is not None and determination.offers_a_plan:
        try:
            group = enrollment_group(determination)
        except NotEnrollable:
            group = None
    context = {"owner": owner, "determination": determination, "group": group}
    if group is None:
        return render(request, "casework/plan_choice.html", context)
    data = request.POST if request.method == "POST" else None
    form = PlanChoiceForm(
        data, plans=_plans(group), most=group.max_aptc, initial={"token": uuid.uuid4()}
    )
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                enrollment = plan_choice.choose_plan(
                    owner=owner,
                    determination=determination,
                    plan_id=cleaned["plan"],
                    elected_aptc=cleaned["aptc"],
                    attestations={k: cleaned[k] for k in ("truthful", "reconcile", "terms")},
                    token=cleaned["token"],
                    channel=cleaned["channel"],
                    by=request.user,
                    ip_address=client_ip(request),
                )
            except EnrollmentError as exc:
                form.add_error(None, ERRORS.get(exc.code, str(exc)))
            except (NotEnrollable, plan_choice.PlanChoiceError):
                form.add_error("plan", _("Plan: choose one of the plans listed."))
            else:
                messages.success(
                    request,
                    _("Enrolled: policy %(policy)s, from %(start)s.")
                    % {"policy": enrollment.policy_id, "start": enrollment.coverage_start},
                )
                return redirect("casework:household", owner_id=owner.pk)
    context["form"] = form
    return render(request, "casework/plan_choice.html", context, status=status)
