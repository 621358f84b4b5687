"""In a real browser with axe (WCAG 2.1 A and AA), following links only, in English and in
Spanish: Carla, a caseworker, signs in with her second factor, goes from her account page to
casework, the work queues and "Renewals: financial help lost", where the annual renewal left
two households covered but without the financial help they had (Omar, whose taxes were not
filed and reconciled; Ada, whose income rose; Sam keeps his credit and is not there). She
opens Omar's call sheet, records a call nobody answered: the household stays on the queue
and its item counts the call. She opens it again, records that she reached Omar and explained
the change, with a note: the sheet says the household is off the queue, and back on the queue
only Ada is left (casework/renewal_calls.py, ADR 1010)."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Application
from tests.browser_support import assert_accessible, main_text
from tests.renewals.browser.conftest import follow, staff_signed_in
from tests.renewals.conftest import RENEWED_ON, losing_help, renew

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CARLA = "carla@example.org"
TELEPHONE = "617-555-0142"
NOTE = "Will file Form 8962 this week; call back 555-0199"
WORDS = {
    "en": {
        "casework": "Casework: find a household, work queues",
        "queues": "Work queues: what is open, by age",
        "queue": "Renewals: financial help lost",
        "omar": "2027: premium tax credit lost: taxes not filed and reconciled; "
        "cost-sharing reductions lost",
        "ada": "2027: premium tax credit lost; cost-sharing reductions lost",
        "one_call": " (1 call(s), the last: No answer)",
        "sheet": "Call about a renewal: Omar Omarson",
        "on_queue": "This household is on the queue until a call reaches it",
        "off_queue": "This household is not on the queue now",
        "no_call": "No call yet.",
        "no_answer": "No answer",
        "reached": "Reached the household and explained the change",
        "note": "Note (optional)",
        "record": "Record the call",
        "recorded": "The call is recorded.",
    },
    "es": {
        "casework": "Gestión de casos: buscar un hogar, colas de trabajo",
        "queues": "Colas de trabajo: lo que está abierto, por antigüedad",
        "queue": "Renovaciones: perdieron la ayuda económica",
        "omar": "2027: perdió el crédito fiscal para la prima: no presentó ni concilió "
        "sus impuestos; perdió las reducciones de costos compartidos",
        "ada": "2027: perdió el crédito fiscal para la prima; "
        "perdió las reducciones de costos compartidos",
        "one_call": " (1 llamada(s), la última: No contestaron)",
        "sheet": "Llamada sobre una renovación: Omar Omarson",
        "on_queue": "Este hogar sigue en la cola hasta que una llamada lo contacte",
        "off_queue": "Este hogar ya no está en la cola",
        "no_call": "Todavía no hay llamadas.",
        "no_answer": "No contestaron",
        "reached": "Se habló con el hogar y se le explicó el cambio",
        "note": "Nota (opcional)",
        "record": "Registrar la llamada",
        "recorded": "La llamada quedó registrada.",
    },
}


def _renewed(settings) -> None:
    """`losing_help`'s households, Omar's telephone on his application, renewed for 2027."""
    omar_policy = losing_help()["omar"][1]
    Application.objects.filter(pk=omar_policy.application_id).update(phone=TELEPHONE)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()


def _at_the_queue(page_factory, live, language: str):
    """Carla, a caseworker with two-step sign-in, signed in, at the queue by links."""
    tab = staff_signed_in(page_factory, live, CARLA, "caseworker", language)
    words = WORDS[language]
    follow(tab, words["casework"])
    follow(tab, words["queues"])
    follow(tab, words["queue"])
    return tab


def _items(tab) -> list[str]:
    """The queue's items as the page shows them (each item's link)."""
    return sorted(tab.locator("main table tbody td a").all_inner_texts())


def _calls(tab) -> list[str]:
    """The rows of the sheet's table of calls so far (each names who called)."""
    return [
        " ".join(row.split())
        for row in tab.locator("main tbody tr", has_text=CARLA).all_inner_texts()
    ]


def _record(tab, words: dict, result: str, note: str = "") -> None:
    """Choose what came of the call by its label, write the note, send the form."""
    radio = tab.get_by_role("radio", name=result, exact=True)
    tab.click(f"label[for='{radio.get_attribute('id')}']")
    assert radio.is_checked()
    tab.get_by_label(words["note"]).fill(note)
    with tab.expect_navigation():
        tab.get_by_role("button", name=words["record"]).click()
    assert_accessible(tab)
    assert words["recorded"] in main_text(tab)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_caseworker_calls_a_household_until_she_reaches_it(
    page_factory, live, settings, language
):
    _renewed(settings)
    words = WORDS[language]
    tab = _at_the_queue(page_factory, live, language)
    assert _items(tab) == sorted([words["omar"], words["ada"]])  # not Sam

    follow(tab, words["omar"])  # the call sheet
    text = main_text(tab)
    assert words["sheet"] in text and TELEPHONE in text
    assert words["on_queue"] in text and words["no_call"] in text
    _record(tab, words, words["no_answer"])
    [call] = _calls(tab)
    assert words["no_answer"] in call
    assert words["on_queue"] in main_text(tab) and words["no_call"] not in main_text(tab)

    follow(tab, words["queue"])  # the item stays, its text counts the call
    assert _items(tab) == sorted([words["omar"] + words["one_call"], words["ada"]])

    follow(tab, words["omar"])
    _record(tab, words, words["reached"], note=NOTE)
    first, second = _calls(tab)  # oldest first
    assert words["no_answer"] in first
    assert words["reached"] in second and NOTE in second
    assert words["off_queue"] in main_text(tab)

    follow(tab, words["queue"])  # Omar is off the queue; Ada is left
    assert _items(tab) == [words["ada"]]
