"""What an uploaded document really is, read from its first bytes, not from its name or the
browser's claim. Identity and verification documents are PDF, JPEG or PNG."""

from __future__ import annotations

SIGNATURES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def document_type(upload) -> str:
    """The MIME type of an accepted document, or "" when it is none of them."""
    head = upload.read(8)
    upload.seek(0)
    return next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), "")
