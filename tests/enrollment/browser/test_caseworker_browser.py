"""Both caseworker tools in a real browser (Debian Chromium), with axe checking WCAG 2.1 A
and AA on every page: extending a verification deadline (45 CFR 155.315(f)(3)) and taking a
member off a policy (docs/adr/0800 "Maintenance").

The Garcias apply with Maria's SSN ending 0001 (the SSA cannot confirm her citizenship: one
item, docs/adr/0700), enroll Maria and Jose in the cheapest silver plan, and the simulated
issuer effectuates it. On 2 March 2026 (the exchange's clock; Maria applied on 1 December
2025, so her documents are due on 6 March) Carla, a caseworker signed in with her second
factor, first submits the extension form empty (the errors), then gives Maria 30 more days,
follows the link to the application's coverage, submits the removal form empty, then takes
Jose off (no longer eligible: his last day is 30 April 2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.verifications.models import VerificationItem
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.enrollment.conftest import determined
from tests.enrollment.maintenance_support import _effectuated
from tests.verifications.households import user as plain_user
from tests.verifications.lifecycle_support import garcias

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REASON = "Maria asked the vital records office for her birth certificate."


def _enrolled_household(tmp_path):
    user, determination = determined("maria@example.org", garcias())
    (item,) = VerificationItem.objects.filter(application=determination.application)
    enrollment = _effectuated(tmp_path, user, determination)
    assert enrollment.members.count() == 2  # the children have CHIP
    return item, enrollment


def test_a_caseworker_extends_a_deadline_and_takes_a_member_off(
    live, page_factory, settings, tmp_path
):
    item, enrollment = _enrolled_household(tmp_path)
    settings.MARKETPLACE_TODAY = date(2026, 3, 2)  # before the due date: it can be extended
    carla = plain_user("carla@example.org", role="caseworker")
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    tab = page_factory(javascript=True)
    sign_in(tab, live, carla.email, code_for=carla)

    # The verification item: the extension form, its errors, then the extension.
    tab.goto(f"{live}/casework/verifications/{item.public_id}/")
    assert_accessible(tab)
    form = tab.locator("main form:has(input[name=action][value=extend])")
    form.locator("button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    text = main_text(tab)
    assert "Enter the number of days to add, from 1 to 90." in text
    assert "Enter the reason for the extension." in text
    assert tab.locator("#id_extend-days").get_attribute("aria-invalid") == "true"
    tab.get_by_label("Number of days to add").fill("30")
    tab.get_by_label("Reason for the extension").fill(REASON)
    tab.get_by_role("button", name="Extend the due date").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    assert "The due date was extended and the person told." in main_text(tab)
    new_due = item.due_date + timedelta(days=30)
    assert new_due.isoformat() in main_text(tab)

    # The application's coverage: the removal form, its errors, then Jose taken off.
    tab.get_by_role("link", name="Coverage on this application").click()
    tab.wait_for_url(f"**/casework/applications/{enrollment.application.public_id}/enrollments/")
    assert_accessible(tab)
    assert "last day of coverage April 30, 2026" in main_text(tab)
    tab.get_by_role("button", name="Take this person off the policy").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    assert "Person: choose someone covered by this policy." in main_text(tab)
    # USWDS hides the radio inputs themselves: click their labels, as a person does.
    tab.locator("main label.usa-radio__label", has_text="Jose Garcia").click()
    tab.locator(
        "main label.usa-radio__label", has_text="No longer eligible for a Marketplace plan"
    ).click()
    tab.get_by_role("button", name="Take this person off the policy").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    assert "Jose Garcia was taken off policy" in main_text(tab)
    jose = enrollment.members.get(first_name="Jose")
    assert jose.coverage_end == date(2026, 4, 30)
