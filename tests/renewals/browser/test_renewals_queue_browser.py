"""In a real browser with axe (WCAG 2.1 A and AA), following links only, in English and in
Spanish: Carla, a caseworker, goes from her account page to the work queues, finds the
household the renewal left to choose a plan, reads its renewals on the household page and
chooses a plan with the person on the telephone; the household leaves the queue. Sam, a
supervisor, narrows the queue to a county with the page's form and downloads its calling
list."""

from __future__ import annotations

import csv
import io
import re

import pytest

from marketplace.casework import queues
from marketplace.enrollment.models import Enrollment
from marketplace.renewals.models import Outcome, Renewal
from tests.browser_support import assert_accessible, main_text
from tests.renewals.browser.conftest import follow, staff_signed_in
from tests.renewals.conftest import RENEWED_ON, enrolled, issuer_plan, renew, single

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLUE_RIDGE = "39847"
#: Blue Ridge's Gold Plus EPO: discontinued for 2027 with no crosswalk (the demo catalog).
GOLD_PLUS = issuer_plan(BLUE_RIDGE, "Gold Plus EPO")
WORDS = {
    "en": {
        "casework": "Casework: find a household, work queues",
        "queues": "Work queues: what is open, by age",
        "queue": "Renewals: must choose a plan",
        "item": "2027: must choose a plan",
        "outcome": "Must choose a plan",
        "choose": "Choose a plan for the household (telephone or paper)",
        "county": "County",
        "show": "Show this county",
        "download": "Download these items as a calling list (CSV)",
    },
    "es": {
        "casework": "Gestión de casos: buscar un hogar, colas de trabajo",
        "queues": "Colas de trabajo: lo que está abierto, por antigüedad",
        "queue": "Renovaciones: debe elegir un plan",
        "item": "2027: debe elegir un plan",
        "outcome": "Debe elegir un plan",
        "choose": "Elegir un plan para el hogar (por teléfono o en papel)",
        "county": "Condado",
        "show": "Mostrar este condado",
        "download": "Descargar estos casos como lista de llamadas (CSV)",
    },
}


def _at_the_queue(page_factory, live, email: str, role: str, language: str):
    """A staff member with two-step sign-in, signed in, at the renewals queue by links."""
    tab = staff_signed_in(page_factory, live, email, role, language)
    words = WORDS[language]
    follow(tab, words["casework"])
    follow(tab, words["queues"])
    follow(tab, words["queue"])
    return tab


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_caseworker_works_a_renewal_left_to_choose(page_factory, live, settings, language):
    settings.MARKETPLACE_STATE = "NC"
    owner, _ = enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips="37021"), GOLD_PLUS)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    assert Renewal.objects.get(previous__owner=owner).outcome == Outcome.NEEDS_ACTION
    words = WORDS[language]
    tab = _at_the_queue(page_factory, live, "carla@example.org", "caseworker", language)
    follow(tab, words["item"])  # the household page
    assert words["outcome"] in main_text(tab)
    follow(tab, words["choose"])
    first = tab.locator("input[name=plan]").first.get_attribute("id")
    tab.click(f"label[for='{first}']")
    tab.fill("input[name=aptc]", "0")
    for name in ("truthful", "reconcile", "terms"):
        tab.locator(f"input[name={name}]").check()
    tab.locator("main form.usa-form button[type=submit]").click()
    tab.wait_for_url(re.compile(rf".*/casework/households/{owner.pk}/$"))
    assert_accessible(tab)
    policy = Enrollment.objects.get(owner=owner, coverage_year=2027)
    assert policy.plan_name in main_text(tab)  # now in force for the new year
    assert policy.channel == "phone"
    assert not queues.queue("renewals").open_items().exists()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_supervisor_narrows_the_queue_to_a_county_and_downloads_it(
    page_factory, live, settings, language
):
    settings.MARKETPLACE_STATE = "NC"
    enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips="37021"), GOLD_PLUS)
    enrolled(single("Cy", 44, 61000, zipcode="28739", countyfips="37089"), GOLD_PLUS)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    words = WORDS[language]
    tab = _at_the_queue(page_factory, live, "sam@example.org", "supervisor", language)
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
