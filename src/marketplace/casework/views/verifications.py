"""Casework: verification documents to review, and more time for a good-faith effort
(45 CFR 155.315(f)). Behind the staff gate with `accounts.view_casework`; extending a due date
needs `accounts.extend_verification_deadlines`; nobody reviews their own case."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.accounts.netaddr import client_ip
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.core import clock
from marketplace.verifications import actions
from marketplace.verifications.forms import ExtensionForm, ReviewForm
from marketplace.verifications.models import ItemStatus, VerificationItem

EXTENSION_REFUSED = {
    "not_open": gettext_lazy(
        "This item is closed (verified, expired or replaced): its due date cannot be extended."
    ),
    "awaiting_service": gettext_lazy(
        "No documents were asked for yet (the data service has not answered): there is no "
        "due date to extend."
    ),
    "past_due": gettext_lazy("The due date has passed, so the period cannot be extended any more."),
    "days": gettext_lazy("The number of days to add must be from 1 to 90."),
    "reason": gettext_lazy("Enter the reason for the extension."),
}


@staff_page(Can.VIEW)
def verification_queue(request):
    items = (
        VerificationItem.objects.filter(status=ItemStatus.DOCUMENT_SUBMITTED)
        .select_related("application__owner")
        .order_by("due_date", "id")[:200]
    )
    # Expired items (newest first): the redetermination made and what is left for staff.
    expired = (
        VerificationItem.objects.filter(status=ItemStatus.EXPIRED)
        .select_related("application__owner", "redetermination")
        .order_by("-closed_at", "-id")[:200]
    )
    # Items still waiting for a data service (oldest first): nobody was asked yet, they do
    # not expire; staff see how long the service has been down for them.
    waiting = (
        VerificationItem.objects.filter(status=ItemStatus.OPEN, awaiting_service=True)
        .select_related("application__owner")
        .order_by("opened_at", "id")[:200]
    )
    # Items a later submission closed (newest first), with the reason.
    superseded = (
        VerificationItem.objects.filter(status=ItemStatus.SUPERSEDED)
        .select_related("application__owner")
        .order_by("-closed_at", "-id")[:200]
    )
    return render(
        request,
        "casework/verification_queue.html",
        {"items": items, "expired": expired, "waiting": waiting, "superseded": superseded},
    )


@staff_page(Can.VIEW)
def verification_item(request, public_id):
    reviewer = request.user
    item = get_object_or_404(
        VerificationItem.objects.select_related("application__owner"), public_id=public_id
    )
    refuse_own_case(reviewer, item.application.owner_id)
    extending = request.method == "POST" and request.POST.get("action") == "extend"
    form = ReviewForm(request.POST if request.method == "POST" and not extending else None)
    may_extend = reviewer.has_perm(Can.EXTEND_DEADLINES)
    extension = ExtensionForm(request.POST if extending else None, prefix="extend")
    status = 200
    if extending:
        if not may_extend:
            raise Http404
        if extension.is_valid():
            try:
                actions.extend_deadline(
                    item,
                    days=extension.cleaned_data["days"],
                    reason=extension.cleaned_data["reason"],
                    actor=reviewer,
                    ip_address=client_ip(request),
                )
            except actions.ExtensionRefused as refused:
                extension.add_error(None, EXTENSION_REFUSED.get(refused.code, str(refused)))
            else:
                messages.success(request, _("The due date was extended and the person told."))
                return redirect("casework:verification_item", public_id=item.public_id)
        status = 400
    elif (
        request.method == "POST"
        and item.status == ItemStatus.DOCUMENT_SUBMITTED
        and form.is_valid()
    ):
        actions.review(
            item,
            reviewer=reviewer,
            verified=form.cleaned_data["decision"] == "verify",
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("The decision is saved."))
        return redirect("casework:verification_queue")
    return render(
        request,
        "casework/verification_item.html",
        {
            "item": item,
            "form": form,
            "documents": item.documents.all(),
            "extension": extension,
            "can_extend": may_extend
            and item.is_pending
            and not item.awaiting_service
            and item.due_date >= clock.today(),
            "can_maintain": reviewer.has_perm(Can.MAINTAIN_ENROLLMENTS),
        },
        status=status,
    )
