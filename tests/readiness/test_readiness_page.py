"""The officials' page: the law in force for a coverage year, what changed, and the
checklist before open enrollment; staff with the reports permission only; EN and ES."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.accounts.conftest import STAFF_PASSWORD, sign_in

URL = "/readiness/"
pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.content.decode().split())


def test_anyone_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_consumer_and_a_caseworker_without_reports_get_404(ana_client, client, carla):
    assert ana_client.get(URL).status_code == 404
    ana_client.logout()
    sign_in(client, carla, STAFF_PASSWORD)
    assert client.get(URL).status_code == 404


def test_the_supervisors_account_page_links_to_it(sol_client):
    page = text(sol_client.get("/account/"))
    assert f'href="{URL}"' in page and "Rules and plan-year readiness" in page


def test_a_consumers_account_page_does_not(ana_client):
    assert URL not in ana_client.get("/account/").content.decode()


def test_2027_lists_every_parameter_the_checklist_and_what_changed(sol_client):
    page = text(sol_client.get(URL, {"year": "2027"}))
    assert "Rules and readiness for 2027" in page
    # The checklist: answered; values read only in secondary copies; not reviewed for
    # 2027; the reduced MOOPs not published; no 2027 plans in the catalog yet; the window.
    assert "The rules answer for 2027" in page
    assert "Every required parameter has a value in force for 2027." in page
    assert "Not published yet: moop 94, moop 87, moop 73." in page
    assert "Plans and rates for 2027 in MA" in page
    assert "The catalog has 0 plans and 0 rates for 2027: import them." in page
    assert "Open-enrollment window for 2027" in page
    # Every parameter, with how it was read and the verdict.
    assert 'id="param-applicable_percentage_table"' in page
    assert "Not confirmed: read only in secondary copies" in page
    assert "not reviewed for 2027" in page
    assert 'href="https://github.com/search?q=%22Rev.+Proc.+2026-26%22&amp;type=code"' in page
    # What changed from 2026, with the figure of each year.
    assert "What changed from 2026" in page
    assert "0.1022" in page and "0.0996" in page
    # The served state's own value of a state table.
    assert "In MA:" in page


@pytest.mark.usefixtures("demo_catalog")
def test_2026_finds_the_demo_catalog(sol_client):
    page = text(sol_client.get(URL, {"year": "2026"}))
    assert "Plans and rates for 2026 in MA" in page
    assert "rating areas." in page and "import them" not in page
    assert "own subsidy program (MA)" in page


def test_without_a_year_the_latest_entered_year_is_shown(sol_client):
    assert "Rules and readiness for 2027" in text(sol_client.get(URL))


def test_a_year_not_offered_is_named_and_the_default_is_shown(sol_client):
    page = text(sol_client.get(URL, {"year": "1999"}))
    assert "Coverage year: Choose a coverage year from the list." in page
    assert "Rules and readiness for 2027" in page


def test_the_page_in_spanish(sol_client):
    sol_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = text(sol_client.get(URL, {"year": "2027"}))
    assert 'lang="es"' in page
    for phrase in (
        "Normas y preparación para 2027",
        "Lista de control antes de la inscripción abierta para 2027",
        "Las normas dan respuesta para 2027",
        "No confirmado: leído solo en copias secundarias",
        "Qué cambió desde 2026",
        "Del 1 de noviembre de 2026 al 31 de diciembre de 2026",
    ):
        assert phrase in page, phrase
    # The law's own words stay in English, marked so (WCAG 3.1.2).
    assert '<p class="mp-parameters__what" lang="en">' in page
