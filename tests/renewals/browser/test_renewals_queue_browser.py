"""In a real browser with axe (WCAG 2.1 A and AA), following links only, in English and in
Spanish: Carla, a caseworker, goes from her account page to the work queues, finds the
household the renewal left to choose a plan, reads its renewals on the household page and
chooses a plan with the person on the telephone; the household leaves the queue."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.casework import queues
from marketplace.enrollment.models import Enrollment
from marketplace.renewals.models import Outcome, Renewal
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.renewals.conftest import RENEWED_ON, enrolled, issuer_plan, renew, single
from tests.verifications.households import user as plain_user

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
    },
    "es": {
        "casework": "Gestión de casos: buscar un hogar, colas de trabajo",
        "queues": "Colas de trabajo: lo que está abierto, por antigüedad",
        "queue": "Renovaciones: debe elegir un plan",
        "item": "2027: debe elegir un plan",
        "outcome": "Debe elegir un plan",
        "choose": "Elegir un plan para el hogar (por teléfono o en papel)",
    },
}


def _follow(tab, name: str) -> None:
    tab.get_by_role("link", name=name).first.click()
    tab.wait_for_load_state()
    assert_accessible(tab)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_caseworker_works_a_renewal_left_to_choose(page_factory, live, settings, language):
    settings.MARKETPLACE_STATE = "NC"
    owner, _ = enrolled(single("Bo", 50, 70000, zipcode="28701", countyfips="37021"), GOLD_PLUS)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    assert Renewal.objects.get(previous__owner=owner).outcome == Outcome.NEEDS_ACTION
    carla = plain_user("carla@example.org", role="caseworker", preferred_language=language)
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    words = WORDS[language]

    tab = page_factory(javascript=True)
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    sign_in(tab, live, carla.email, code_for=carla)
    _follow(tab, words["casework"])
    _follow(tab, words["queues"])
    _follow(tab, words["queue"])
    _follow(tab, words["item"])  # the household page
    assert words["outcome"] in main_text(tab)
    _follow(tab, words["choose"])
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
