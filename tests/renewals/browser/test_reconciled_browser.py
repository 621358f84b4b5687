"""A person renewed without the premium tax credit for a failure to file and reconcile reads
why on the renewal offer, follows its link to "I have filed and reconciled", signs, and sees
the change it made, in a real browser, in English and Spanish, following links only; axe-core
finds no WCAG 2.1 AA violation on any of these pages (docs/adr/0106)."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Member
from marketplace.changes.models import ReportedChange
from tests.applications.conftest import PASSWORD
from tests.browser_support import assert_accessible
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_renewed_without_the_credit_attests_having_filed(page, live, settings, language):
    spec = household(
        "Omarson", [P("Omar", 45, "self", "male", wages_yearly=32000, ssn="212554567")]
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    omar = Member.objects.get(application_id=policy.application_id)
    omar.ssn = "212554444"  # the IRS reports FTR for 2024 and 2025
    omar.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    page.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    page.goto(live + "/account/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(live + "/apply/")
    page.locator("main a[href='/renewal/']").click()
    assert "Form" in page.content() and "8962" in page.content()
    assert_accessible(page)
    page.locator("main [data-ftr-attest] a").click()
    page.wait_for_selector("main [data-years='2024,2025']")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()  # nothing filled in: errors
    assert_accessible(page)
    ident = page.locator("input[name=attested]").get_attribute("id")
    page.click(f"label[for='{ident}']")
    page.fill("input[name=signature]", "Omar Omarson")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/changes/*/")
    assert_accessible(page)
    assert ReportedChange.objects.get(kind="reconciled").after.result["ptc_eligible"] is True
