"""A notice's HTML turned into WeasyPrint's document without WeasyPrint's HTML5 parser, and
cascaded against a user-agent style sheet without the rules no notice can match (ADR 0826).

The notice templates write well-formed XHTML (closed void elements, every table with its
tbody, the margin boxes' words escaped by `content.css_string`), so Python's C XML parser
(expat) builds the same element tree as WeasyPrint's pure Python HTML5 parser (tinyhtml5),
at a fraction of its CPU: the PDFs are the same bytes (tested). HTML that is not
well-formed still goes through WeasyPrint's own parser.

WeasyPrint matches every element against its whole HTML user-agent style sheet; the rules
for the dir, hidden, rules and frame attributes and for form fields sit in its "match
everything" list, tried on every element of every notice. Notices carry none of them, so
those rules are left out (the same PDF bytes, tested), the rest kept as WeasyPrint ships
them.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

# Lines of WeasyPrint's html5_ua.css (one rule a line) for attributes and elements a notice
# never has: text direction, hidden, the table rules/frame attributes, form fields.
DROPPED_UA_RULES = (
    "[dir",
    "dd[dir",
    ":is(dir, menu, ol, ul)[dir",
    ":is(colgroup, col, thead, tbody, tfoot, tr, td, th)[hidden]",
    "table:is([rules]",
    "button",
    "input",
    "select",
    "textarea",
    "fieldset",
    "iframe",
    "video",
)

_html_class = None
_ua = None


def notice_ua_css(weasyprint_folder: Path) -> str:
    """WeasyPrint's HTML user-agent style sheet without the rules of DROPPED_UA_RULES."""
    lines = (weasyprint_folder / "css" / "html5_ua.css").read_text().splitlines()
    return "\n".join(line for line in lines if not line.startswith(DROPPED_UA_RULES))


def _ua_stylesheet(weasyprint):
    global _ua
    if _ua is None:
        _ua = weasyprint.CSS(string=notice_ua_css(Path(weasyprint.__file__).parent))
    return _ua


def html_class(weasyprint):
    """WeasyPrint's HTML class with the notices' user-agent style sheet and a constructor
    from an element tree (one class per process)."""
    global _html_class
    if _html_class is None:
        import cssselect2

        class NoticeHTML(weasyprint.HTML):
            @classmethod
            def from_tree(cls, root, base_url: str, url_fetcher):
                """What HTML.__init__ sets after its parser, from a parsed tree."""
                document = cls.__new__(cls)
                document.base_url, document.url_fetcher = base_url, url_fetcher
                document.media_type = "print"
                document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root)
                document.etree_element = document.wrapper_element.etree_element
                return document

            def _ua_stylesheets(self, forms=False):
                return super()._ua_stylesheets(forms) if forms else [_ua_stylesheet(weasyprint)]

        _html_class = NoticeHTML
    return _html_class


def document(weasyprint, html: str, base_url: str, url_fetcher):
    """The notice's WeasyPrint HTML document: parsed by expat when well-formed, else by
    WeasyPrint's HTML5 parser. Notices never carry a <base> element: `base_url` stands."""
    cls = html_class(weasyprint)
    try:
        # Our templates' output, every value escaped: no DTD or entity can come in, and
        # expat fetches no external entity.
        root = ElementTree.fromstring(html)  # noqa: S314
    except ElementTree.ParseError:
        return cls(string=html, base_url=base_url, url_fetcher=url_fetcher)
    return cls.from_tree(root, base_url, url_fetcher)
