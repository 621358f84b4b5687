"""The change pages in Spanish, and the app's catalogue complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "src/marketplace/changes/locale/es/LC_MESSAGES"

pytestmark = pytest.mark.django_db


def test_every_message_has_a_spanish_translation_and_the_catalogue_is_compiled():
    text = (PO / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert untranslated == []
    assert (PO / "django.mo").stat().st_mtime >= (PO / "django.po").stat().st_mtime - 1


def test_reporting_a_change_in_spanish_shows_spanish_dates(client, okafor):
    user, application, _ = okafor
    client.force_login(user)
    client.cookies["marketplace_language"] = "es"
    index = client.get("/changes/").content.decode()
    assert "Informar un cambio" in index and 'lang="es"' in index
    sam = application.members.get(first_name="Sam")
    answer = client.post(
        "/changes/report/",
        {
            "kind": "income",
            "token": "t",
            "event_date": "2026-04-01",
            "member": str(sam.public_id),
            "annual_income": "52000",
            "income_source": "wages",
        },
    )
    page = client.get(answer["Location"]).content.decode()
    assert "Qué cambió con su informe" in page
    assert "1 de abril de 2026" in page
    assert "$52,000.00" in page  # money as the whole exchange writes it (shopping.money)


def test_the_screener_in_spanish(client, db):
    client.cookies["marketplace_language"] = "es"
    page = client.post("/changes/periods/", {"event": "marriage", "event_date": "2026-04-01"})
    html = page.content.decode()
    assert "¿Puedo inscribirme o cambiar de plan ahora?" in html
    assert "Matrimonio" in html


def test_the_screener_tells_the_cost_sharing_metal_levels_in_spanish(client, db):
    client.cookies["marketplace_language"] = "es"
    page = client.post(
        "/changes/periods/", {"event": "subsidy_eligibility_change", "event_date": "2026-04-01"}
    )
    assert "un nivel de metal más arriba o más abajo" in page.content.decode()
