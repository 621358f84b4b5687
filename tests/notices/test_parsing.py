"""Notices are parsed as XML and cascaded against a trimmed user-agent style sheet (ADR 0826):
the PDFs are the same bytes as with WeasyPrint's HTML5 parser and its whole style sheet."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from marketplace.notices import parsing, render
from marketplace.notices.content import css_string
from tests.notices.support import pdf_as_weasyprint_parses_it
from tests.verifications.households import garcia_context

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_eligibility_notice_is_xml_and_the_same_pdf(language):
    html = render.render_html("eligibility", language, garcia_context(), "0" * 36)
    ElementTree.fromstring(html)  # noqa: S314 - well-formed: the fast parser is the one used
    pdf, _ = render.render_pdf("eligibility", language, garcia_context(), "0" * 36)
    assert pdf == pdf_as_weasyprint_parses_it(html)


def test_html_that_is_not_xml_still_renders():
    html = render.FLOOR_HTML  # a lowercase doctype, an unclosed <meta>
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(html)  # noqa: S314
    assert render.layout(html).write_pdf() == pdf_as_weasyprint_parses_it(html)


def test_the_trimmed_user_agent_sheet_keeps_the_page_and_display_rules():
    weasyprint = render._engine()
    from pathlib import Path

    css = parsing.notice_ua_css(Path(weasyprint.__file__).parent)
    assert "@bottom-right" in css and "li { display: list-item }" in css
    assert "h1 { bookmark-level: 1 }" in css
    rules = [line.strip() for line in css.splitlines()]
    dropped = [r for r in rules if r.startswith(("input", "textarea", "[dir", "button"))]
    assert dropped == []
    assert "[dir=rtl i]" not in css
    # The hidden inputs stay hidden: that rule lists input[type=hidden] among others.
    assert any("input[type=hidden i]" in r and "display: none" in r for r in rules)


def test_an_ampersand_in_the_footer_is_a_css_escape_not_an_entity():
    assert css_string("Health & Care &lt;") == "Health \\26  Care \\26 lt;"
