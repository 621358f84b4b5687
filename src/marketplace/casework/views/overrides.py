"""Casework: override a verification or a data source's income, and a supervisor's approval
where money changes (casework/overrides.py, ADR 1003).

Asking needs `accounts.override_determinations` (caseworkers and up); approving or refusing
needs `accounts.approve_overrides` (supervisors, administrators), never one's own request;
nobody works on their own household."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.applications.models import Application
from marketplace.casework import overrides
from marketplace.casework.forms import OverrideForm
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.casework.models import Override, OverrideKind, OverrideStatus
from marketplace.verifications.models import VerificationItem

REFUSED = {
    "item": gettext_lazy("What to override: choose a verification of this household."),
    "item_closed": gettext_lazy(
        "What to override: this verification is closed already; nothing to override."
    ),
    "no_determination": gettext_lazy(
        "What to override: this application has no determination yet."
    ),
    "income": gettext_lazy("Yearly household income: enter an amount from 0 to 100,000,000."),
    "note": gettext_lazy("What you saw or were told: enter it."),
    "reason": gettext_lazy("Reason: choose one."),
    "kind": gettext_lazy("What to override: choose one."),
    "own_override": gettext_lazy(
        "You asked for this override: another supervisor must approve or refuse it."
    ),
    "decided": gettext_lazy("This override was decided already."),
}


def _targets(owner) -> list[tuple[str, str]]:
    items = VerificationItem.objects.filter(
        application__owner=owner, status__in=overrides.PENDING_ITEM
    ).order_by("opened_at", "id")
    targets = [
        (
            f"verify:{item.public_id}",
            _("Verified: %(what)s of %(who)s (%(year)s application)")
            % {
                "what": item.get_type_display(),
                "who": item.member_name or "—",
                "year": item.application.coverage_year,
            },
        )
        for item in items.select_related("application")
    ]
    applications = Application.objects.filter(owner=owner, determinations__isnull=False)
    for application in applications.distinct().order_by("-coverage_year", "-id"):
        targets.append(
            (
                f"income:{application.public_id}",
                _("Income: correct the yearly household income on the %(year)s application")
                % {"year": application.coverage_year},
            )
        )
    return targets


def _uuid(raw: str):
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@staff_page(Can.OVERRIDE)
def new_override(request, owner_id: int):
    owner = get_object_or_404(get_user_model(), pk=owner_id)
    refuse_own_case(request.user, owner.pk)
    form = OverrideForm(request.POST or None, targets=_targets(owner))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            kind, _sep, ident = form.cleaned_data["target"].partition(":")
            item, application = None, None
            if kind == "verify":
                item = VerificationItem.objects.filter(
                    public_id=_uuid(ident), application__owner=owner
                ).first()
                application = item.application if item else None
            else:
                application = Application.objects.filter(
                    public_id=_uuid(ident), owner=owner
                ).first()
            if application is None:
                form.add_error("target", REFUSED["item"])
            else:
                try:
                    done = overrides.request_override(
                        application=application,
                        by=request.user,
                        kind=OverrideKind.VERIFIED if kind == "verify" else OverrideKind.INCOME,
                        reason_code=form.cleaned_data["reason_code"],
                        note=form.cleaned_data["note"],
                        item=item,
                        income=form.cleaned_data["income"],
                        ip_address=client_ip(request),
                    )
                except overrides.OverrideError as exc:
                    form.add_error(exc.field, REFUSED.get(exc.code, REFUSED["kind"]))
                else:
                    if done.status == OverrideStatus.PENDING:
                        messages.success(
                            request,
                            _(
                                "The override waits for a supervisor's approval: it changes "
                                "money, so nothing changes until it is approved."
                            ),
                        )
                    else:
                        messages.success(request, _("The override is in effect."))
                    return redirect("casework:override", public_id=done.public_id)
    return render(
        request, "casework/override_new.html", {"owner": owner, "form": form}, status=status
    )


@staff_page(Can.VIEW)
def override_page(request, public_id):
    override = get_object_or_404(
        Override.objects.select_related(
            "owner", "application", "item", "requested_by", "decided_by", "determination"
        ),
        public_id=public_id,
    )
    refuse_own_case(request.user, override.owner_id)
    may_decide = (
        override.status == OverrideStatus.PENDING
        and request.user.has_perm(Can.APPROVE_OVERRIDES)
        and override.requested_by_id != request.user.pk
    )
    return render(
        request,
        "casework/override.html",
        {"override": override, "may_decide": may_decide},
    )


@staff_page(Can.APPROVE_OVERRIDES)
@require_POST
def decide_override(request, public_id):
    override = get_object_or_404(Override, public_id=public_id)
    refuse_own_case(request.user, override.owner_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            overrides.approve(override, by=request.user, ip_address=client_ip(request))
            messages.success(request, _("Approved: the override is in effect."))
        elif decision == "reject":
            overrides.reject(override, by=request.user, ip_address=client_ip(request))
            messages.success(request, _("Refused: nothing changed."))
        else:
            messages.error(request, _("Decision: choose approve or refuse."))
    except overrides.OverrideError as exc:
        messages.error(request, REFUSED.get(exc.code, REFUSED["decided"]))
    return redirect("casework:override", public_id=override.public_id)
