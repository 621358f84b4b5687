"""Casework: identity documents to review when remote identity proofing fails (ADR 0300).
Behind the staff gate with `accounts.review_identity_documents`; nobody reviews their own
identity."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts import identity
from marketplace.accounts.forms import ReviewForm
from marketplace.accounts.models import DocumentStatus, IdentityDocument
from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.views.identity import file_response
from marketplace.casework.gate import Can, refuse_own_case, staff_page


@staff_page(Can.REVIEW_IDENTITY)
def identity_queue(request):
    # Oldest first, on the pending documents' own index (accounts_iddoc_pending).
    pending = (
        IdentityDocument.objects.filter(status=DocumentStatus.PENDING)
        .select_related("user")
        .order_by("uploaded_at", "id")[:100]
    )
    return render(request, "casework/identity_queue.html", {"documents": pending})


@staff_page(Can.REVIEW_IDENTITY)
def identity_document(request, public_id):
    reviewer = request.user
    document = get_object_or_404(
        IdentityDocument.objects.select_related("user"), public_id=public_id
    )
    refuse_own_case(reviewer, document.user_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and document.status == DocumentStatus.PENDING and form.is_valid():
        identity.review_document(
            reviewer,
            document,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("The decision is saved."))
        return redirect("casework:identity_queue")
    return render(
        request,
        "casework/identity_document.html",
        {
            "document": document,
            "form": form,
            "verification": identity.verification_for(document.user),
        },
    )


@staff_page(Can.REVIEW_IDENTITY)
def identity_file(request, public_id):
    document = get_object_or_404(IdentityDocument, public_id=public_id)
    refuse_own_case(request.user, document.user_id)
    return file_response(document)
