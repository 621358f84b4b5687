"""HTML to PDF with WeasyPrint (docs/adr/0700-notices-and-verification.md).

WeasyPrint needs Pango, HarfBuzz and fonts from the operating system (apt: libpango-1.0-0
libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core). When they are missing, importing
WeasyPrint fails with OSError; we turn that into `RendererUnavailable`, the render job retries
later and the message center says the notice is being prepared. Nothing else breaks.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template.loader import render_to_string

from marketplace.notices import fonts, parsing
from marketplace.notices.content import BUILDERS, BadContext


class RendererUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing on this machine."""


_weasyprint = None
_fonts = None
_stylesheet = None
_fetcher = None

STATIC = Path(__file__).resolve().parent / "static" / "notices"
STYLESHEET = STATIC / "notice.css"


class ForbiddenResource(ValueError):
    """A notice asked for something other than our own static files (never the network)."""


def static_file(url: str) -> tuple[bytes, str]:
    """(content, MIME type) of one of our static files; anything else is refused. The
    notices reference nothing today; this keeps a stray link in a notice's content from
    making the renderer wait on (or leak to) another server."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    path = Path(unquote(parsed.path)).resolve()
    ours = path.is_relative_to(STATIC) or path.is_relative_to(fonts.folder().resolve())
    if parsed.scheme != "file" or not ours or not path.is_file():
        raise ForbiddenResource(f"notices fetch only their own static files, not {url!r}")
    return path.read_bytes(), _mime_type(path)


def url_fetcher():
    """WeasyPrint's URL fetcher for notices (one per process): `static_file`, never the
    network."""
    global _fetcher
    if _fetcher is None:
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class StaticFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                body, mime_type = static_file(url)
                return URLFetcherResponse(url, body, {"Content-Type": mime_type})

        _engine()
        _fetcher = StaticFetcher(allowed_protocols=["file"])
    return _fetcher


def _mime_type(path: Path) -> str:
    types = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml", ".ttf": "font/ttf"}
    return types.get(path.suffix, "application/octet-stream")


def stylesheet():
    """notice.css after the @font-face rules of the notices' font (notices/fonts.py, ADR
    0823), parsed once per process (it was parsed again for every notice when it sat in the
    template)."""
    global _stylesheet
    if _stylesheet is None:
        _stylesheet = _engine().CSS(
            string=fonts.font_face_rules() + STYLESHEET.read_text(),
            base_url=STATIC.as_uri() + "/",
            url_fetcher=url_fetcher(),
            font_config=_font_config(),
        )
    return _stylesheet


def _font_config():
    """One font configuration for every notice this process renders: building it asks
    fontconfig for the system fonts, about a quarter of a notice's rendering time when done
    per notice. The only @font-face rules are the shared style sheet's ("Notice Sans"),
    registered once when it is parsed; the notices declare none of their own, so nothing of
    one notice carries into the next."""
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
    return layout(html)


def layout(html: str):
    """Lay out one notice's HTML with the shared style sheet, fonts and URL fetcher; parsed
    and cascaded as notices/parsing.py says (ADR 0826)."""
    document = parsing.document(_engine(), html, STATIC.as_uri() + "/", url_fetcher())
    return document.render(stylesheets=[stylesheet()], font_config=_font_config())


def warm_up() -> None:
    """Load WeasyPrint, the fonts and the style sheet, and lay out one page: what a process
    does once before rendering notices (the batch command does it before forking)."""
    layout(FLOOR_HTML).write_pdf()


FLOOR_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><h1>One page</h1><p>"
    + "The same fonts and style sheet as every notice, and nothing else. " * 20
    + "</p></body></html>"
)


def html_page(kind: str, language: str, context: dict, notice_id: str) -> str:
    """The notice as a web page, its style sheet inline: what the message center shows
    while the PDF cannot be made (no renderer on this machine)."""
    html = render_html(kind, language, context, notice_id)
    return html.replace("</head>", f"<style>{STYLESHEET.read_text()}</style></head>", 1)


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
