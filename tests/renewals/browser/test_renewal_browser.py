"""A renewed person reviews the renewal offer and chooses another plan, in a real browser
(Debian Chromium), in English and Spanish, following links only from the dashboard; axe-core
finds no WCAG 2.1 AA violation on the offer page or the pages it leads to."""

from __future__ import annotations

import pytest

from marketplace.enrollment.models import Enrollment
from marketplace.renewals.models import Renewal
from tests.applications.conftest import PASSWORD
from tests.browser_support import assert_accessible
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, renew, single

WORDS = {
    "en": ("My renewal", "How we figured your savings", "Choose a different plan"),
    "es": ("Mi renovación", "Cómo calculamos sus ahorros", "Elegir otro plan"),
}


def _check(tab, name):
    ident = tab.locator(f"input[name={name}]").get_attribute("id")
    tab.click(f"label[for='{ident}']")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_renewed_person_reviews_and_changes_the_offer(page, live, settings, language):
    user, before = enrolled(single("Sam", 30, 31800), by_name("Standard Silver"))
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    auto = Renewal.objects.get(previous=before).enrollment
    heading, how, choose = WORDS[language]
    page.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    page.goto(live + "/account/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(live + "/apply/")
    page.locator("main a[href='/renewal/']").click()
    body = page.content()
    assert heading in body and how in body and auto.plan_name in body
    assert_accessible(page)
    page.get_by_role("link", name=choose).click()
    assert_accessible(page)
    page.locator("main table a.usa-button").first.click()  # the cheapest plan
    page.locator("main form button[type=submit]").click()  # all the tax credit
    for name in ("truthful", "reconcile", "terms"):
        _check(page, name)
    page.locator("main form.usa-form button[type=submit]").click()
    page.wait_for_selector("[data-testid=confirmation]")
    assert_accessible(page)
    auto.refresh_from_db()
    assert auto.status == "cancelled"
    chosen = Enrollment.objects.get(owner=user, coverage_year=2027, status="selected")
    assert chosen.pk != auto.pk and str(chosen.coverage_start) == "2027-01-01"
