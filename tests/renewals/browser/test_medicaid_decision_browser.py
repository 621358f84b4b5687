"""In a real browser with axe (WCAG 2.1 A and AA), following links only, in English and in
Spanish: Rosa's renewal left her son Tito out of her 2027 plan, referred to CHIP; the CHIP
agency's file says it found him not eligible (docs/adr/0713). From her account she opens My
renewal, which says what the agency decided, and "Choose a different plan" now enrolls
Tito with her."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tests.applications.conftest import PASSWORD
from tests.browser_support import main_text, sign_in
from tests.renewals.browser.conftest import follow
from tests.renewals.conftest import RENEWED_ON, dropping_a_child, renew

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = {
    "en": {
        "application": "My application",
        "renewal": "Your renewal for 2027",
        "decided": "On December 9, 2026 the state agency found Tito Rosason not eligible for "
        "CHIP. We accepted its decision and put Tito Rosason back on your plan",
        "choose": "Choose a different plan",
        "enrolling": "Who is enrolling",
    },
    "es": {
        "application": "Mi solicitud",
        "renewal": "Su renovación para 2027",
        "decided": "El 9 de diciembre de 2026 la agencia estatal decidió que Tito Rosason no "
        "califica para CHIP. Aceptamos su decisión y volvimos a incluir a Tito Rosason en su plan",
        "choose": "Elegir otro plan",
        "enrolling": "Quién se inscribe",
    },
}


def _found_not_eligible(tmp_path) -> None:
    """The transfer file sent, and the agency's answer about Tito read back."""
    call_command("medicaid-transfer-export", "--out", str(tmp_path / "out"), stdout=StringIO())
    [sent] = (tmp_path / "out").iterdir()
    [record] = [json.loads(line) for line in sent.read_text().splitlines()]
    answer = tmp_path / "decisions.jsonl"
    answer.write_text(
        json.dumps(
            {
                "format": "marketplace-account-transfer-decision/1",
                "transfer_id": record["transfer_id"],
                "decision": "not_eligible",
                "decided_on": "2026-12-09",
            }
        )
        + "\n"
    )
    call_command("medicaid-decisions-import", str(answer), stdout=StringIO())


@pytest.mark.parametrize("language", ["en", "es"])
def test_rosa_sees_the_decision_and_can_add_tito(page_factory, live, settings, tmp_path, language):
    user, _policy = dropping_a_child()
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    settings.MARKETPLACE_TODAY = date(2026, 12, 14)
    _found_not_eligible(tmp_path)
    words = WORDS[language]

    tab = page_factory(javascript=True)
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    sign_in(tab, live, user.email, password=PASSWORD)
    follow(tab, words["application"])
    follow(tab, words["renewal"])
    assert words["decided"] in main_text(tab)
    follow(tab, words["choose"])
    text = main_text(tab)
    enrolling = text.split(words["enrolling"], 1)[1][:200]
    assert "Rosa Rosason" in enrolling and "Tito Rosason" in enrolling
