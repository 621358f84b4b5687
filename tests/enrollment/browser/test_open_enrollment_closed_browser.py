"""After open enrollment ends, in a real browser (Debian Chromium), in English and Spanish:
the checkout page says the period is closed, when the next one opens and what a special
enrollment period is, leads on to the application, and axe-core finds no WCAG 2.1 AA
violation (core/clock.py moves the exchange's date)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.applications.conftest import PASSWORD, garcias
from tests.browser_support import assert_accessible
from tests.enrollment.conftest import determined

CLOSED = {
    "en": ("Open enrollment for 2026 coverage is closed", "What is a special enrollment period?"),
    "es": (
        "La inscripción abierta para la cobertura de 2026 está cerrada",
        "¿Qué es un período de inscripción especial?",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_day_after_open_enrollment_the_checkout_page_explains_what_now(
    page, live, settings, language
):
    settings.MARKETPLACE_TODAY = date(2025, 12, 1)  # Maria applies in open enrollment
    user, determination = determined("maria@example.org", garcias())
    user.preferred_language = language  # signing in sets the page language from it
    user.save(update_fields=["preferred_language"])
    settings.MARKETPLACE_TODAY = date(2026, 1, 24)  # the day after the Health Connector's end
    page.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    page.goto(live + "/account/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live}/enroll/{determination.public_id}/")
    page.locator("main table a.usa-button").first.click()  # a plan
    with page.expect_navigation():  # read the checkout page, not the one being left
        page.locator("main form button[type=submit]").click()  # its tax credit: the checkout
    closed, sep = CLOSED[language]
    body = page.content()
    assert closed in body and sep in body
    assert page.locator("input[name=truthful]").count() == 0
    assert_accessible(page)
    page.locator("main a.usa-button--outline").last.click()  # on to the application
    assert "/apply/" in page.url
