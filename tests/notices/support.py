"""Helpers for the notices' tests: a notice's text as laid out, without a PDF."""

from __future__ import annotations

from marketplace.notices import render


def layout_text(kind, language, context) -> str:
    document = render.render_document(kind, language, context, "0" * 36)
    return " ".join(render.document_text(document).split())
