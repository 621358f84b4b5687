"""The reasons in the eligibility notice, in the notice's language: the Garcias (four people
at 161% FPL in Boston; the parents get a premium tax credit and ConnectorCare, the children
CHIP) get theirs in Spanish, and a determination stored before the reasons had message
codes keeps its English reasons, marked as English, with a note saying so."""

from __future__ import annotations

import pytest

from aca_rules import determination_to_dict, determine, parse_household
from marketplace.notices import render
from marketplace.notices.text import TEXT
from tests.notices.support import layout_text
from tests.pdfs import pdf_text
from tests.verifications.households import GARCIA_INPUT, GARCIA_RESULT, garcia_context

APTC_EN = "Eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f))."
APTC_ES = "Califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(1); 45 CFR 155.305(f))."
NOTICE_ID = "0" * 36


def _fresh_result() -> dict:
    """The Garcias' determination as `determination_to_dict` stores it today (with codes)."""
    return determination_to_dict(determine(parse_household(GARCIA_INPUT)))


def test_the_stored_garcia_result_is_an_old_record_without_codes():
    assert "explanation_codes" not in GARCIA_RESULT
    assert all("reason_codes" not in m for m in GARCIA_RESULT["members"])


def test_the_spanish_notice_pdf_gives_the_reasons_in_spanish():
    pdf, _pages = render.render_pdf("eligibility", "es", garcia_context(_fresh_result()), NOTICE_ID)
    text = pdf_text(pdf)
    assert "Los resultados de cada persona y sus razones" in text
    assert APTC_ES in text
    assert "Tiene 40 años y no tiene una exención por dificultades" in text
    assert "CHIP (MA): ingresos del 157.57% del FPL de 2026" in text
    assert "ConnectorCare, tipo de plan 2B" in text  # the state help, in Spanish too
    assert "Eligible for" not in text
    assert TEXT["es"]["reasons_in_english_note"] not in text


def test_the_spanish_notice_marks_no_reason_as_english():
    html = render.render_html("eligibility", "es", garcia_context(_fresh_result()), NOTICE_ID)
    assert f"<li>{APTC_ES}</li>" in html
    assert 'lang="en"' not in html


def test_the_english_notice_gives_the_reasons_as_stored():
    result = _fresh_result()
    text = layout_text("eligibility", "en", garcia_context(result))
    assert APTC_EN in text
    assert result["state_subsidy"]["reason"] in text


def test_an_old_determination_keeps_english_reasons_in_a_spanish_notice():
    html = render.render_html("eligibility", "es", garcia_context(), NOTICE_ID)
    assert f'<li lang="en">{APTC_EN}</li>' in html
    assert '<span lang="en">ConnectorCare Plan Type 2B' in html
    assert TEXT["es"]["reasons_in_english_note"] in html
    text = layout_text("eligibility", "es", garcia_context())
    assert APTC_EN in text


def test_the_english_notice_needs_no_language_note():
    html = render.render_html("eligibility", "en", garcia_context(), NOTICE_ID)
    assert f"<li>{APTC_EN}</li>" in html
    assert 'lang="en"' not in html.split("<body", 1)[1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_both_languages_have_the_note_key(language):
    assert "reasons_in_english_note" in TEXT[language]
    assert "reasons_language_note" not in TEXT[language]
