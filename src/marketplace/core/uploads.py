"""What an uploaded document really is, read from its first bytes, not from its name or the
browser's claim. Identity and verification documents are PDF, JPEG or PNG."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

SIGNATURES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}
ACCEPT = ".pdf,.jpg,.jpeg,.png"


def _help_text(also: str = "") -> str:
    text = _("A PDF, JPEG or PNG file, %(size)s at most.") % {
        "size": filesizeformat(settings.VERIFICATION_UPLOAD_MAX_BYTES)
    }
    return f"{text} {also}" if also else text


def document_field(label, *, required: bool = True, also: str = "") -> forms.FileField:
    """The file field of every document upload (identity, verification, a paper application's
    scan): its help names the configured limit, in the page's language when the form is
    shown; `also` adds a sentence. Its form's clean method calls `checked_document`."""
    return forms.FileField(
        label=label,
        required=required,
        help_text=lazy(_help_text, str)(also),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


def document_type(upload) -> str:
    """The MIME type of an accepted document, or "" when it is none of them."""
    head = upload.read(8)
    upload.seek(0)
    return next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), "")


def checked_document(upload):
    """The form check shared by identity and verification uploads: at most
    settings.VERIFICATION_UPLOAD_MAX_BYTES (10 MB unless configured) and really a PDF, JPEG or
    PNG; the upload's content_type is set from its bytes. Raises forms.ValidationError with
    the message the person sees."""
    limit = settings.VERIFICATION_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}
        )
    sniffed = document_type(upload)
    if not sniffed:
        raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
    upload.content_type = sniffed
    return upload
