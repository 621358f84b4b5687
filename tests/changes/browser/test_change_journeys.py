"""In a real browser (Debian Chromium), in English and Spanish, following links only, with
axe-core finding no WCAG 2.1 AA violation on any page:

- Sam, enrolled since January, reports in April that his income rose and sees the new
  result with its arithmetic and what he now pays.
- Sam, who applied but never enrolled, reports in April that he lost his job-based
  coverage, and enrolls through the special enrollment period it gives him, from May 1.
- Nina, an Alaska Native who applied but never enrolled, opens her once-a-month period
  (45 CFR 155.420(d)(8)) on her account in April and enrolls from May 1.
- Sam asks the screener about the low-income period for an event in December 2026 and
  reads why it is not open: paused by 90 FR 27074.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from tests.applications.conftest import PASSWORD
from tests.browser_support import assert_accessible
from tests.changes.conftest import (
    ATTESTED,
    IN_OPEN_ENROLLMENT,
    SPRING,
    cheapest_silver,
    determined,
    sam,
)
from tests.changes.sep_support import nina_spec

WORDS = {
    "en": {
        "report": "Report a life change",
        "income": "Income changed",
        "lost": "Lost other health coverage",
        "done": "What your change did",
        "choose": "Choose a plan",
        "start": "May 1, 2026",
        "claim": "open a special enrollment period",
        "open": "open now",
        "screener": "Find out which special enrollment periods you have",
        "check": "Check",
        "paused": "The law has paused this period",
    },
    "es": {
        "report": "Informar un cambio en su vida",
        "income": "Cambió el ingreso",
        "lost": "Perdió otra cobertura de salud",
        "done": "Qué cambió con su informe",
        "choose": "Elija un plan",
        "start": "1 de mayo de 2026",
        "claim": "abra un período especial de inscripción",
        "open": "abierto ahora",
        "screener": "Averigüe qué períodos especiales de inscripción tiene",
        "check": "Verificar",
        "paused": "La ley ha suspendido este período",
    },
}


def _choose(tab, name, index=0):
    ident = tab.locator(f"input[name={name}]").nth(index).get_attribute("id")
    tab.click(f"label[for='{ident}']")


def _sign_in(page, live, user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    page.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    page.goto(live + "/account/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_reporting_an_income_change(page, live, settings, language):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT
    user, application, determination = determined("sam@example.org", sam())
    enrollment = actions.checkout(
        user=user,
        determination=determination,
        plan_id=cheapest_silver(determination),
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    settings.MARKETPLACE_TODAY = SPRING
    words = WORDS[language]
    _sign_in(page, live, user, language)
    page.goto(live + "/apply/")
    page.get_by_role("link", name=words["report"]).click()
    assert_accessible(page)
    page.get_by_role("link", name=words["income"]).click()
    assert_accessible(page)
    page.fill("input[name=event_date]", "2026-04-01")
    _choose(page, "member")
    page.fill("input[name=annual_income]", "52,000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#arithmetic")
    assert words["done"] in page.content()
    assert_accessible(page)
    enrollment.refresh_from_db()
    assert f"${enrollment.premium_after_credit:,.2f}" in page.content()
    assert application.determinations.count() == 2


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_enrolling_through_a_special_enrollment_period(page, live, settings, language):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT
    user, application, _ = determined("sam@example.org", sam())
    settings.MARKETPLACE_TODAY = SPRING
    words = WORDS[language]
    _sign_in(page, live, user, language)
    page.goto(live + "/apply/")
    page.get_by_role("link", name=words["report"]).click()
    page.get_by_role("link", name=words["lost"]).click()
    page.fill("input[name=event_date]", "2026-04-10")
    _choose(page, "member")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#people")
    assert_accessible(page)
    page.get_by_role("link", name=words["choose"]).first.click()
    assert_accessible(page)
    page.locator("main table a.usa-button").first.click()  # the cheapest plan
    with page.expect_navigation():  # read the checkout page once it has loaded
        page.locator("main form button[type=submit]").click()  # all the tax credit
    assert words["start"] in page.content()
    assert_accessible(page)
    for name in ("truthful", "reconcile", "terms"):
        _choose(page, name)
    page.locator("main form.usa-form button[type=submit]").click()
    page.wait_for_selector("[data-testid=confirmation]")
    assert_accessible(page)
    enrollment = Enrollment.objects.get(application=application)
    assert enrollment.coverage_start == date(2026, 5, 1)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_an_alaska_native_opens_her_monthly_period_and_enrolls(page, live, settings, language):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT
    spec = nina_spec()
    user, application, _ = determined("nina@example.org", spec)
    settings.MARKETPLACE_TODAY = SPRING
    words = WORDS[language]
    _sign_in(page, live, user, language)
    page.goto(live + "/apply/")
    page.get_by_role("link", name=words["report"]).click()
    page.get_by_role("link", name=words["claim"]).click()
    assert_accessible(page)
    page.click("label[for='id_event_0']")  # American Indian or Alaska Native
    _choose(page, "attested")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-period=american_indian_alaska_native]")
    assert words["open"] in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=words["choose"]).first.click()
    page.locator("main table a.usa-button").first.click()  # the cheapest plan
    with page.expect_navigation():  # read the checkout page once it has loaded
        page.locator("main form button[type=submit]").click()  # all the tax credit
    assert words["start"] in page.content()
    for name in ("truthful", "reconcile", "terms"):
        _choose(page, name)
    page.locator("main form.usa-form button[type=submit]").click()
    page.wait_for_selector("[data-testid=confirmation]")
    enrollment = Enrollment.objects.get(application=application)
    assert enrollment.coverage_start == date(2026, 5, 1)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_screener_says_why_a_paused_period_is_not_open(page, live, settings, language):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT
    user, _, _ = determined("sam@example.org", sam())
    settings.MARKETPLACE_TODAY = date(2026, 12, 1)
    words = WORDS[language]
    _sign_in(page, live, user, language)
    page.goto(live + "/apply/")
    page.get_by_role("link", name=words["report"]).click()
    page.get_by_role("link", name=words["screener"]).click()
    page.click("input[value=low_income_monthly] + label")
    page.fill("input[name=event_date]", "2026-12-01")
    page.get_by_role("button", name=words["check"]).click()
    page.wait_for_selector("#paused")
    reason = page.locator("#paused").inner_text()
    assert words["paused"] in reason and "90 FR 27074" in reason
    assert_accessible(page)
