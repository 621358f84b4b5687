"""The person's verification pages (what is needed, by when, upload) and the caseworkers'
review. Items and documents are looked up within the owner's rows or, for staff, with the
casework permission: anyone else gets 404, never 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from marketplace.accounts.netaddr import client_ip
from marketplace.core import clock
from marketplace.verifications import actions
from marketplace.verifications.forms import ExtensionForm, ReviewForm, UploadForm
from marketplace.verifications.models import ItemStatus, VerificationDocument, VerificationItem

CASEWORK_PERMISSION = "accounts.view_casework"
EXTEND_PERMISSION = "accounts.extend_verification_deadlines"
MAINTAIN_PERMISSION = "accounts.maintain_enrollments"

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


def _is_staff(user) -> bool:
    return user.is_authenticated and user.has_perm(CASEWORK_PERMISSION)


@never_cache
@login_required
def my_items(request):
    items = VerificationItem.objects.filter(application__owner=request.user).select_related(
        "application", "redetermination"
    )
    return render(request, "verifications/my_items.html", {"items": items})


@never_cache
@login_required
def upload(request, public_id):
    item = get_object_or_404(VerificationItem, public_id=public_id, application__owner=request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and item.status == ItemStatus.OPEN and form.is_valid():
        actions.submit_document(
            item, form.cleaned_data["file"], user=request.user, ip_address=client_ip(request)
        )
        messages.success(request, _("We received your document. A caseworker will review it."))
        return redirect("verifications:mine")
    return render(request, "verifications/upload.html", {"item": item, "form": form})


@login_required
def document_file(request, public_id):
    document = get_object_or_404(
        VerificationDocument.objects.select_related("item__application"), public_id=public_id
    )
    if document.item.application.owner_id != request.user.pk and not _is_staff(request.user):
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


def _reviewer(request):
    if not _is_staff(request.user):
        raise Http404
    return request.user


@never_cache
def review_queue(request):
    _reviewer(request)
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
        "verifications/review_queue.html",
        {"items": items, "expired": expired, "waiting": waiting, "superseded": superseded},
    )


@never_cache
def review_item(request, public_id):
    reviewer = _reviewer(request)
    item = get_object_or_404(
        VerificationItem.objects.select_related("application__owner"), public_id=public_id
    )
    if item.application.owner_id == reviewer.pk:
        raise Http404  # nobody reviews their own case
    extending = request.method == "POST" and request.POST.get("action") == "extend"
    form = ReviewForm(request.POST if request.method == "POST" and not extending else None)
    may_extend = reviewer.has_perm(EXTEND_PERMISSION)
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
                return redirect("verifications:review_item", public_id=item.public_id)
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
        return redirect("verifications:review_queue")
    return render(
        request,
        "verifications/review_item.html",
        {
            "item": item,
            "form": form,
            "documents": item.documents.all(),
            "extension": extension,
            "can_extend": may_extend
            and item.is_pending
            and not item.awaiting_service
            and item.due_date >= clock.today(),
            "can_maintain": reviewer.has_perm(MAINTAIN_PERMISSION),
        },
        status=status,
    )
