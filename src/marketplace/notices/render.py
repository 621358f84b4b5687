"""HTML to PDF with WeasyPrint (docs/adr/0700-notices-and-verification.md).

WeasyPrint needs Pango, HarfBuzz and fonts from the operating system (apt: libpango-1.0-0
libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core). When they are missing, importing
WeasyPrint fails with OSError; we turn that into `RendererUnavailable`, the render job retries
later and the message center says the notice is being prepared. Nothing else breaks.
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from marketplace.notices.content import BUILDERS, BadContext


class RendererUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing on this machine."""


_weasyprint = None
_fonts = None


def _font_config():
    """One font configuration for every notice this process renders: building it asks
    fontconfig for the system fonts, about a quarter of a notice's rendering time when done
    per notice. The notices declare no @font-face of their own, so nothing of one notice
    carries into the next."""
    global _fonts
    if _fonts is None:
        _engine()
        from weasyprint.text.fonts import FontConfiguration

        _fonts = FontConfiguration()
    return _fonts


def _engine():
    global _weasyprint
    if _weasyprint is None:
        try:
            import weasyprint
        except (ImportError, OSError) as exc:
            raise RendererUnavailable(
                "PDF rendering needs WeasyPrint and the system packages libpango-1.0-0 "
                f"libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core: {exc}"
            ) from exc
        # WeasyPrint logs every layout step at INFO; keep the worker's log readable.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        _weasyprint = weasyprint
    return _weasyprint


def render_html(kind: str, language: str, context: dict, notice_id: str) -> str:
    try:
        template, build = BUILDERS[kind]
    except KeyError as exc:
        raise BadContext(f"unknown notice kind {kind!r}") from exc
    return render_to_string(template, build(notice_id, language, context))


def render_document(kind: str, language: str, context: dict, notice_id: str):
    """The laid-out WeasyPrint document (pages), before writing the PDF."""
    html = render_html(kind, language, context, notice_id)
    return _engine().HTML(string=html).render(font_config=_font_config())


def render_pdf(kind: str, language: str, context: dict, notice_id: str) -> tuple[bytes, int]:
    """(PDF bytes, page count)."""
    document = render_document(kind, language, context, notice_id)
    return document.write_pdf(), len(document.pages)


def document_text(document) -> str:
    """The text of a laid-out document, page by page (for tests and accessibility checks)."""
    out: list[str] = []

    def walk(box):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            out.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
        out.append("\f")
    return " ".join(out)
