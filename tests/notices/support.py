"""Helpers for the notices' tests: a notice's text as laid out, without a PDF."""

from __future__ import annotations

from marketplace.notices import render


def layout_text(kind, language, context) -> str:
    document = render.render_document(kind, language, context, "0" * 36)
    return " ".join(render.document_text(document).split())


def pdf_as_weasyprint_parses_it(html: str) -> bytes:
    """The PDF as WeasyPrint makes it with its own HTML5 parser and user-agent style sheet
    (what notices/parsing.py replaces, ADR 0826), the notices' style sheet and fonts."""
    weasyprint = render._engine()
    document = weasyprint.HTML(
        string=html, base_url=render.STATIC.as_uri() + "/", url_fetcher=render.url_fetcher()
    )
    rendered = document.render(stylesheets=[render.stylesheet()], font_config=render._font_config())
    return rendered.write_pdf()
