"""Sol, a supervisor, signs in with her second factor, follows the link from her account to
the readiness page, looks at 2026 and 2027, in English and in Spanish; axe finds nothing."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from tests.accounts.conftest import STAFF_PASSWORD, make_user
from tests.browser_support import assert_accessible

HEADING = {"en": "Rules and readiness for {year}", "es": "Normas y preparación para {year}"}
LINK = {"en": "Rules and plan-year readiness", "es": "Normas y preparación del año del plan"}
SHOW = {"en": "Show this year", "es": "Mostrar este año"}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_supervisor_reads_the_rules_in_force(live_server, transactional_db, page, language):
    sol = make_user("sol@example.org", STAFF_PASSWORD, role="supervisor")
    sol.totp_secret = totp.new_secret()
    sol.mfa_enabled_at = timezone.now()
    sol.preferred_language = language
    sol.save()
    base = live_server.url
    page.goto(base + "/account/login/")
    page.fill("input[name=email]", sol.email)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/account/login/code/")
    page.fill("input[name=code]", totp.code_at(sol.totp_secret, totp.current_step()))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/account/$"))
    if language == "es" and page.locator("html").get_attribute("lang") != "es":
        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()

    page.get_by_role("link", name=LINK[language]).click()
    page.wait_for_url(re.compile(r".*/readiness/$"))
    assert page.get_by_role("heading", name=HEADING[language].format(year=2027)).is_visible()
    assert_accessible(page)

    page.select_option("select[name=year]", "2026")
    page.get_by_role("button", name=SHOW[language]).click()
    page.wait_for_url(re.compile(r".*/readiness/\?year=2026$"))
    assert page.get_by_role("heading", name=HEADING[language].format(year=2026)).is_visible()
    assert page.locator("tr#param-basic_health_program").count() == 1
    assert_accessible(page)
