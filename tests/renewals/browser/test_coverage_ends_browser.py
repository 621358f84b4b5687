"""In a real browser with axe (WCAG 2.1 A and AA), following links only, in English and in
Spanish: Carla, a caseworker, signs in with her second factor, goes from her account page to
casework, the work queues and "Renewals: coverage ends", where the annual renewal left two
households without coverage on January 1 (Gus, referred to Medicaid; Hal, no longer eligible;
Sam, renewed, is not there). She opens Gus's call sheet: who is left out and why, and what
the household can still do; she records that she reached him: the sheet says he is off the
queue, and back on the queue only Hal is left (casework/coverage_ends.py, ADR 1011)."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_accessible, main_text
from tests.renewals.browser.conftest import follow, staff_signed_in
from tests.renewals.conftest import RENEWED_ON, losing_coverage, renew

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CARLA = "carla@example.org"
WORDS = {
    "en": {
        "casework": "Casework: find a household, work queues",
        "queues": "Work queues: what is open, by age",
        "queue": "Renewals: coverage ends",
        "gus": "2027: 1 referred to Medicaid or CHIP; coverage ends 12/31/2026",
        "hal": "2027: no longer eligible for a Marketplace plan; coverage ends 12/31/2026",
        "sheet": "Call about a renewal: Gus Gusson",
        "why": "assessed eligible for Medicaid: referred to the state Medicaid agency",
        "can_do": "Its Marketplace coverage ends on Dec. 31, 2026. Ask it to answer the agency.",
        "reached": "Reached the household and explained the change",
        "record": "Record the call",
        "recorded": "The call is recorded.",
        "off_queue": "This household is not on the queue now",
    },
    "es": {
        "casework": "Gestión de casos: buscar un hogar, colas de trabajo",
        "queues": "Colas de trabajo: lo que está abierto, por antigüedad",
        "queue": "Renovaciones: la cobertura termina",
        "gus": "2027: 1 referido(s) a Medicaid o CHIP; la cobertura termina el 31/12/2026",
        "hal": "2027: ya no es elegible para un plan del Mercado; "
        "la cobertura termina el 31/12/2026",
        "sheet": "Llamada sobre una renovación: Gus Gusson",
        "why": "evaluado como elegible para Medicaid: referido a la agencia estatal de Medicaid",
        "can_do": "Su cobertura del Mercado termina el 31 de diciembre de 2026. "
        "Pídale que responda a la agencia.",
        "reached": "Se habló con el hogar y se le explicó el cambio",
        "record": "Registrar la llamada",
        "recorded": "La llamada quedó registrada.",
        "off_queue": "Este hogar ya no está en la cola",
    },
}


def _items(tab) -> list[str]:
    return sorted(tab.locator("main table tbody td a").all_inner_texts())


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_caseworker_reaches_a_household_whose_coverage_ends(
    page_factory, live, settings, language
):
    losing_coverage()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    words = WORDS[language]
    tab = staff_signed_in(page_factory, live, CARLA, "caseworker", language)
    for link in ("casework", "queues", "queue"):
        follow(tab, words[link])
    assert _items(tab) == sorted([words["gus"], words["hal"]])  # not Sam

    follow(tab, words["gus"])
    text = " ".join(main_text(tab).split())
    assert words["sheet"] in text and words["why"] in text and words["can_do"] in text
    radio = tab.get_by_role("radio", name=words["reached"], exact=True)
    tab.click(f"label[for='{radio.get_attribute('id')}']")
    with tab.expect_navigation():
        tab.get_by_role("button", name=words["record"]).click()
    assert_accessible(tab)
    assert words["recorded"] in main_text(tab) and words["off_queue"] in main_text(tab)

    follow(tab, words["queue"])  # back by the sheet's own link: only Hal is left
    assert _items(tab) == [words["hal"]]
