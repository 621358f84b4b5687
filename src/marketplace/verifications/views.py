"""The person's verification pages (what is needed, by when, upload; the caseworkers' review
is in casework/views). Items and documents are looked up within the owner's rows or, for
staff, with the casework permission: anyone else gets 404, never 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from marketplace.accounts.netaddr import client_ip
from marketplace.verifications import actions
from marketplace.verifications.forms import UploadForm
from marketplace.verifications.models import ItemStatus, VerificationDocument, VerificationItem

CASEWORK_PERMISSION = "accounts.view_casework"


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
