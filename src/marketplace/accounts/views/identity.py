"""Identity proofing pages for the person (the caseworkers' review is in casework/views).

Documents are addressed by a random public id and looked up within the owner's rows: anyone
else gets 404, never 403 (no hint that the document exists).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from marketplace.accounts import identity
from marketplace.accounts.forms import DocumentForm, IdentityFactsForm, QuestionsForm
from marketplace.accounts.models import IdentityDocument, IdentityStatus
from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.views.common import safe_next

#: Session key: the page to continue to once identity is proofed (the sign page, usually).
CONTINUE_TO = "_identity_continue_to"


def _continue_url(request) -> str:
    """Where "Continue" leads once the person is verified: the page that sent them here
    (if on this site), else their application."""
    if request.GET.get("next"):
        request.session[CONTINUE_TO] = safe_next(request, default="applications:dashboard")
    return request.session.get(CONTINUE_TO) or reverse("applications:dashboard")


@never_cache
@login_required
def start(request):
    record = identity.verification_for(request.user)
    continue_url = _continue_url(request)
    initial = identity.known_facts(request.user)
    form = IdentityFactsForm(request.POST or None, initial=initial)
    can_try = identity.remote_attempts_left(record) > 0 and record.status in {
        IdentityStatus.NOT_STARTED,
        IdentityStatus.UNAVAILABLE,
        IdentityStatus.QUESTIONS,
    }
    if request.method == "POST" and can_try and form.is_valid():
        data = form.cleaned_data
        subject = identity.Subject(
            data["first_name"], data["last_name"], data["date_of_birth"], data["ssn_last4"]
        )
        record = identity.start_remote(request.user, subject, ip_address=client_ip(request))
        if record.status == IdentityStatus.QUESTIONS:
            return redirect("accounts:identity_questions")
        return redirect("accounts:identity")
    documents = request.user.identity_documents.all()
    return render(
        request,
        "accounts/identity.html",
        {
            "record": record,
            "form": form,
            "can_try": can_try,
            "documents": documents,
            "attempts_left": identity.remote_attempts_left(record),
            "Status": IdentityStatus,
            "continue_url": continue_url,
        },
    )


@never_cache
@login_required
def questions(request):
    record = identity.verification_for(request.user)
    if record.status != IdentityStatus.QUESTIONS:
        return redirect("accounts:identity")
    try:
        asked = identity.service().questions(record.reference)
    except identity.IdentityServiceUnavailable:
        record.status = IdentityStatus.UNAVAILABLE
        record.save()
        return redirect("accounts:identity")
    form = QuestionsForm(asked, request.POST or None)
    if request.method == "POST" and form.is_valid():
        identity.answer_remote(request.user, form.cleaned_data, ip_address=client_ip(request))
        return redirect("accounts:identity")
    return render(request, "accounts/identity_questions.html", {"form": form})


@never_cache
@login_required
def upload(request):
    if identity.is_identity_verified(request.user):
        return redirect("accounts:identity")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        identity.submit_document(
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["file"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("We received your document. A caseworker will review it."))
        return redirect("accounts:identity")
    return render(request, "accounts/identity_upload.html", {"form": form})


def file_response(document):
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def own_document(request, public_id):
    document = get_object_or_404(IdentityDocument, public_id=public_id, user=request.user)
    return file_response(document)
