"""In a real browser with axe (WCAG 2.1 A and AA): Sam asks on line for an expedited appeal;
Sue, a supervisor, grants it from the queue; Carla records an informal resolution Sam
refuses; Sam reads his appeal in Spanish."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.appeals.models import Appeal
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.enrollment.conftest import determined, sam
from tests.verifications.households import user as plain_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _staff(email: str, role: str):
    person = plain_user(email, role=role)
    person.totp_secret = totp.new_secret()
    person.mfa_enabled_at = timezone.now()
    person.save()
    return person


def _choose(tab, name: str, value: str) -> None:
    ident = tab.locator(f"input[name='{name}'][value='{value}']").get_attribute("id")
    tab.click(f"label[for='{ident}']")


def _press(tab, name: str) -> None:
    tab.get_by_role("button", name=name).click()
    tab.wait_for_load_state()
    assert_accessible(tab)


def test_an_expedited_appeal_granted_and_an_informal_resolution_refused(live, page_factory):
    owner, determination = determined("sam@example.org", sam())
    carla, sue = _staff("carla@example.org", "caseworker"), _staff("sue@example.org", "supervisor")
    tab = page_factory(javascript=True)
    sign_in(tab, live, owner.email)
    tab.goto(f"{live}/appeals/new/")
    assert_accessible(tab)
    _choose(tab, "determination", str(determination.public_id))
    tab.fill("textarea[name=reason]", "I need surgery this month.")
    tab.locator("input[name=expedited]").check()
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    appeal = Appeal.objects.get(appellant=owner)
    assert appeal.expedited_requested

    supervisor = page_factory(javascript=True)
    sign_in(supervisor, live, sue.email, code_for=sue)
    supervisor.goto(f"{live}/appeals/staff/")
    assert_accessible(supervisor)
    supervisor.get_by_role("link", name=appeal.number).click()
    supervisor.wait_for_load_state()
    assert_accessible(supervisor)
    _choose(supervisor, "ruling", "grant")
    _press(supervisor, "Record the ruling")
    assert "Granted: the decision is due by" in main_text(supervisor)
    supervisor.goto(f"{live}/appeals/staff/")
    assert_accessible(supervisor)

    caseworker = page_factory(javascript=True)
    sign_in(caseworker, live, carla.email, code_for=carla)
    caseworker.goto(f"{live}/appeals/staff/{appeal.public_id}/")
    _press(caseworker, "Record the informal resolution")  # nothing filled: the form says so
    caseworker.fill("textarea[name=outcome]", "Explained the rules; nothing changes.")
    _choose(caseworker, "accepted", "no")
    _press(caseworker, "Record the informal resolution")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.informal_accepted) == ("received", False)

    owner.preferred_language = "es"  # Sam reads the exchange in Spanish
    owner.save(update_fields=["preferred_language"])
    spanish = page_factory(javascript=True, locale="es-ES")
    sign_in(spanish, live, owner.email)
    spanish.goto(f"{live}/appeals/{appeal.public_id}/")
    assert_accessible(spanish)
    assert "Apelación acelerada" in main_text(spanish)
