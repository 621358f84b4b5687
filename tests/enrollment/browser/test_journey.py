"""From a determination to the enrollment confirmation in a real browser (Debian Chromium),
with axe-core finding no WCAG 2.1 AA violation on any enrollment page."""

from __future__ import annotations

import pytest

from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from tests.applications.conftest import PASSWORD, garcias
from tests.browser_support import assert_accessible
from tests.enrollment.conftest import determined


def _check(tab, name):
    ident = tab.locator(f"input[name={name}]").get_attribute("id")
    tab.click(f"label[for='{ident}']")


@pytest.mark.browser
def test_from_determination_to_confirmation(page, live):
    user, determination = determined("maria@example.org", garcias())
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(live + "/account/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live}/enroll/{determination.public_id}/")
    assert "Maria Garcia" in page.content()
    assert_accessible(page)
    page.locator("main table a.usa-button").first.click()  # choose the cheapest plan
    assert_accessible(page)
    page.fill("input[name=aptc]", "50")
    page.locator("main form button[type=submit]").click()
    assert_accessible(page)
    for name in ("truthful", "reconcile", "terms"):
        _check(page, name)
    page.locator("main form.usa-form button[type=submit]").click()
    page.wait_for_selector("[data-testid=confirmation]")
    assert_accessible(page)
    enrollment = Enrollment.objects.get()
    assert enrollment.status == states.SELECTED
    assert str(enrollment.elected_aptc) == "50.00"
    assert not [url for url in missing if "/enroll/" in url], missing
