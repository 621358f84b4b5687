"""A caseworker in a real browser (Debian Chromium), axe checking WCAG 2.1 A and AA on every
page, following links only: Carla signs in with her second factor, goes from her account to
casework, finds the Garcias by name and opens their household, then enters the Lopez
family's paper application (Rosa 35 and her son Leo 6, $28,000 in wages, scanned paper
attached): first empty (the errors, named by field), then complete. The household page of
the Lopezes shows the determination, the channel and who entered it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.casework.models import PaperApplication
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.enrollment.conftest import determined
from tests.verifications.households import user as plain_user
from tests.verifications.lifecycle_support import garcias

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4 the Lopez family's paper application"


def _choose(tab, name: str, value: str) -> None:
    """USWDS styles the label, not the radio button: click the label."""
    ident = tab.locator(f"input[name='{name}'][value='{value}']").get_attribute("id")
    tab.click(f"label[for='{ident}']")


def _click(tab, name: str) -> None:
    tab.get_by_role("link", name=name).first.click()
    tab.wait_for_load_state()
    assert_accessible(tab)


def test_a_caseworker_finds_a_household_and_enters_a_paper_application(live, page_factory):
    maria, _determination = determined("maria@example.org", garcias())
    carla = plain_user("carla@example.org", role="caseworker")
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    tab = page_factory(javascript=True)
    sign_in(tab, live, carla.email, code_for=carla)

    _click(tab, "Casework: find a household, work queues")
    _click(tab, "Find a household")
    tab.fill("input[name=name]", "Maria Garcia")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    tab.locator(f'tr[data-household="{maria.pk}"] a').click()
    tab.wait_for_url(re.compile(rf".*/casework/households/{maria.pk}/$"))
    assert_accessible(tab)
    assert "Jose Garcia" in main_text(tab)

    _click(tab, "Find another household")
    _click(tab, "Back to casework")
    _click(tab, "Enter a paper or telephone application")
    tab.locator("main form[method=post] button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    errors = main_text(tab)
    assert "First name: please answer this question." in errors
    assert "How the application came in: please answer this question." in errors

    _choose(tab, "channel", "paper")
    tab.set_input_files(
        "input[name=scan]",
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    tab.fill("input[name=identity_how]", "Driver's license seen at the walk-in centre")
    for prefix, first, born, relationship, sex, wages in (
        ("p0", "Rosa", "1990-05-04", "self", "female", "28000"),
        ("p1", "Leo", "2019-08-15", "child", "male", ""),
    ):
        tab.fill(f"input[name={prefix}-first_name]", first)
        tab.fill(f"input[name={prefix}-last_name]", "Lopez")
        tab.fill(f"input[name={prefix}-date_of_birth]", born)
        tab.select_option(f"select[name={prefix}-relationship]", relationship)
        _choose(tab, f"{prefix}-sex", sex)
        _choose(tab, f"{prefix}-citizen", "yes")
        tab.fill(f"input[name={prefix}-wages_yearly]", wages)
        _choose(tab, f"{prefix}-seeking", "yes")
    tab.fill("input[name=address-street]", "12 Elm Street")
    tab.fill("input[name=address-city]", "Boston")
    tab.fill("input[name=address-zipcode]", "02108")
    tab.fill("input[name=address-contact_email]", "rosa@example.org")
    tab.select_option("select[name=filing_status]", "head_of_household")
    _choose(tab, "signature_method", "ink")
    _choose(tab, "renewal_years", "2")
    tab.fill("input[name=signature_name]", "Rosa Lopez")
    tab.fill("input[name=signed_on]", "2025-11-28")
    tab.locator("main form[method=post] button[type=submit]").click()
    tab.wait_for_url(re.compile(r".*/casework/households/\d+/$"))
    assert_accessible(tab)
    page = main_text(tab)
    assert "Household of rosa@example.org" in page and "Leo Lopez" in page
    assert "casework.application_entered" in page
    record = PaperApplication.objects.get()
    assert record.entered_by == carla and record.application.channel == "paper"
    assert record.application.determinations.count() == 1
