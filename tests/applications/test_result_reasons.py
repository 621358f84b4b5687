"""The reasons on the results page, in the reader's language: the Garcias (four people at
161% FPL in Boston; the parents get a premium tax credit, the children CHIP) read theirs in
English and in Spanish, and a determination stored before the reasons had message codes
still shows its English reasons, marked as English."""

from __future__ import annotations

import re

import pytest

from marketplace.applications import actions
from marketplace.determinations.models import Determination

pytestmark = pytest.mark.django_db

APTC_EN = "Eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f))."
APTC_ES = "Califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(1); 45 CFR 155.305(f))."
CHIP_ES = "CHIP (MA): ingresos del "


def _reasons(page: str) -> list[str]:
    """The <li> items under "Reasons for each person", as HTML."""
    section = page.split('id="reasons"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li[^>]*>.*?</li>", section, flags=re.S)


def _url(determination) -> str:
    application = determination.application
    return f"/apply/{application.public_id}/determinations/{determination.public_id}/"


@pytest.fixture
def determined(filled, maria):
    return actions.submit_application(filled, maria, None)


def test_the_stored_result_keeps_english_reasons_and_their_codes(determined):
    maria = determined.result["members"][0]
    assert APTC_EN in maria["reasons"]
    assert len(maria["reason_codes"]) == len(maria["reasons"])
    assert {"id": "aptc.eligible", "args": {}} in maria["reason_codes"]
    assert len(determined.result["explanation_codes"]) == len(determined.result["explanation"])


def test_english_reasons_are_the_stored_text(maria_client, determined):
    page = maria_client.get(_url(determined)).content.decode()
    items = _reasons(page)
    assert f"<li>{APTC_EN}</li>" in items
    assert not any("lang=" in item for item in items)


def test_spanish_reasons_are_in_spanish_without_an_english_mark(maria_client, determined):
    maria_client.cookies["marketplace_language"] = "es"
    page = maria_client.get(_url(determined)).content.decode()
    items = _reasons(page)
    assert f"<li>{APTC_ES}</li>" in items
    assert any(item.startswith(f"<li>{CHIP_ES}") for item in items)
    assert not any("lang=" in item for item in items)
    assert "Eligible for" not in " ".join(items)


def test_an_old_determination_without_codes_shows_english_reasons_marked_english(
    maria_client, determined
):
    old = dict(determined.result)
    old.pop("explanation_codes")
    old["members"] = [
        {k: v for k, v in m.items() if k != "reason_codes"} for m in determined.result["members"]
    ]
    stored = Determination.objects.create(
        application=determined.application,
        rules_version=determined.rules_version,
        input_snapshot=determined.input_snapshot,
        result=old,
    )
    maria_client.cookies["marketplace_language"] = "es"
    items = _reasons(maria_client.get(_url(stored)).content.decode())
    assert f'<li lang="en">{APTC_EN}</li>' in items
    assert all(item.startswith('<li lang="en">') for item in items)
