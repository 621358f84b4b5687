"""Spanish pages write numbers, money and percents as CuidadoDeSalud.gov does ("$52,000.00",
"4.91%"), like the English pages and the rules' Spanish messages, and dates the Spanish
way ("2 de marzo de 1985")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from marketplace.applications import actions
from tests.applications import pages

pytestmark = pytest.mark.django_db


def test_numbers_django_formats_itself_read_the_same_in_both_languages():
    template = Template("{% load humanize %}{{ n }} {{ big|intcomma }} {{ n|floatformat:2 }}")
    context = Context({"n": Decimal("1234.5"), "big": 1234567})
    for language in ("en", "es"):
        with translation.override(language):
            assert template.render(context) == "1234.5 1,234,567 1234.50"


def test_the_spanish_result_page_agrees_with_the_spanish_estimate_page(maria_client, filled, maria):
    determination = actions.submit_application(filled, maria, None)
    maria_client.cookies["marketplace_language"] = "es"
    page = maria_client.get(
        f"/apply/{filled.public_id}/determinations/{determination.public_id}/"
    ).content.decode()
    percent = Decimal(str(determination.result["applicable_percentage"])) * 100
    assert f'data-figure="applicable_percentage">{percent:.2f}%<' in page
    assert "$52,000.00" in page
    assert re.search(r"Decidido el \d{1,2} de \w+ de \d{4}", page)


def test_the_spanish_review_page_writes_the_birth_date_in_spanish(maria_client):
    maria_client.cookies["marketplace_language"] = "es"
    application = pages.walk_to_sign(maria_client)
    review = maria_client.get(f"/apply/{application.public_id}/review/").content.decode()
    assert "2 de marzo de 1985" in review  # Maria, born 1985-03-02
    household = maria_client.get(f"/apply/{application.public_id}/household/").content.decode()
    assert "2 de marzo de 1985" in household


def test_the_spanish_message_center_writes_dates_in_spanish(maria_client, filled, maria):
    actions.submit_application(filled, maria, None)
    maria_client.cookies["marketplace_language"] = "es"
    page = maria_client.get("/notices/").content.decode()
    assert re.search(r'data-label="Fecha">\d{1,2} de \w+ de \d{4}<', page)


def test_the_signed_out_time_reads_the_spanish_way(maria_client):
    english = maria_client.get("/apply/").content.decode()
    assert re.search(r"you will be signed out at \d{1,2}:\d\d [AP]M\.", english)
    maria_client.cookies["marketplace_language"] = "es"
    spanish = maria_client.get("/apply/").content.decode()
    assert re.search(r"cerraremos su sesión a las \d\d:\d\d", spanish)
