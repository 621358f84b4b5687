"""In a real browser with axe (WCAG 2.1 A and AA), following links and the page's own form,
in English and in Spanish: Sam, a supervisor, opens the renewals queue, narrows it to one
county and downloads its calling list."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.renewals.conftest import RENEWED_ON, enrolled, issuer_plan, renew, single
from tests.verifications.households import user as plain_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Blue Ridge's Gold Plus EPO: discontinued for 2027 with no crosswalk (the demo catalog).
GOLD_PLUS = issuer_plan("39847", "Gold Plus EPO")
WORDS = {
    "en": {
        "casework": "Casework: find a household, work queues",
        "queues": "Work queues: what is open, by age",
        "queue": "Renewals: must choose a plan",
        "county": "County",
        "show": "Show this county",
        "download": "Download these items as a calling list (CSV)",
    },
    "es": {
        "casework": "Gestión de casos: buscar un hogar, colas de trabajo",
        "queues": "Colas de trabajo: lo que está abierto, por antigüedad",
        "queue": "Renovaciones: debe elegir un plan",
        "county": "Condado",
        "show": "Mostrar este condado",
        "download": "Descargar estos casos como lista de llamadas (CSV)",
    },
}


def _follow(tab, name: str) -> None:
    tab.get_by_role("link", name=name).first.click()
    tab.wait_for_load_state()
    assert_accessible(tab)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_supervisor_narrows_the_queue_to_a_county_and_downloads_it(
    page_factory, live, settings, language
):
    settings.MARKETPLACE_STATE = "NC"
    enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips="37021"), GOLD_PLUS)
    enrolled(single("Cy", 44, 61000, zipcode="28739", countyfips="37089"), GOLD_PLUS)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    sam = plain_user("sam@example.org", role="supervisor", preferred_language=language)
    sam.totp_secret = totp.new_secret()
    sam.mfa_enabled_at = timezone.now()
    sam.save()
    words = WORDS[language]

    tab = page_factory(javascript=True)
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    sign_in(tab, live, sam.email, code_for=sam)
    _follow(tab, words["casework"])
    _follow(tab, words["queues"])
    _follow(tab, words["queue"])
    assert "Boson" not in main_text(tab)  # the queue shows what to do, not who
    tab.get_by_label(words["county"]).select_option(label="Henderson")
    with tab.expect_navigation():
        tab.get_by_role("button", name=words["show"]).click()
    assert_accessible(tab)
    assert tab.get_by_label(words["county"]).input_value() == "37089"
    with tab.expect_download() as download:
        tab.get_by_role("link", name=words["download"]).click()
    saved = download.value.path()
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [(row["household"], row["county"]) for row in rows] == [("Cy Cyson", "Henderson")]
