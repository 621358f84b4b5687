"""In a real browser with axe (WCAG 2.1 A and AA), following links only: Carla, a
caseworker, opens Sam's household, asks to correct his income (it waits for a supervisor)
and chooses a plan for him on the telephone; Sue, a supervisor, approves the override from
the overrides queue. Anyone finds the paper application from the footer, in English and in
Spanish."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.casework.models import Override
from marketplace.enrollment.models import Enrollment
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


def _follow(tab, name: str) -> None:
    tab.get_by_role("link", name=name).first.click()
    tab.wait_for_load_state()
    assert_accessible(tab)


def _submit(tab) -> None:
    tab.locator("main form.usa-form button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)


def test_an_override_approved_by_a_supervisor_and_a_plan_chosen_on_the_phone(live, page_factory):
    owner, determination = determined("sam@example.org", sam())
    carla, sue = _staff("carla@example.org", "caseworker"), _staff("sue@example.org", "supervisor")
    tab = page_factory(javascript=True)
    sign_in(tab, live, carla.email, code_for=carla)
    tab.goto(f"{live}/casework/households/{owner.pk}/")
    assert_accessible(tab)

    _follow(tab, "Override a verification or the income")
    _choose(tab, "target", f"income:{determination.application.public_id}")
    _choose(tab, "reason_code", "circumstances")
    tab.fill("textarea[name=note]", "Hours cut in October; pay stubs seen.")
    _submit(tab)  # no amount: the field says so
    assert "Enter the yearly household income you found." in main_text(tab)
    tab.fill("input[name=income]", "24000")
    _submit(tab)
    assert "waits for a supervisor" in main_text(tab)
    override = Override.objects.get()
    assert override.status == "pending"

    _follow(tab, owner.email)  # the override page leads back to the household
    _follow(tab, "Choose a plan for the household (telephone or paper)")
    _choose(tab, "plan", tab.locator("input[name=plan]").first.get_attribute("value"))
    tab.fill("input[name=aptc]", "100")
    for name in ("truthful", "reconcile", "terms"):
        tab.locator(f"input[name={name}]").check()
    _submit(tab)
    tab.wait_for_url(re.compile(rf".*/casework/households/{owner.pk}/$"))
    assert Enrollment.objects.get(owner=owner).channel == "phone"

    supervisor = page_factory(javascript=True)
    sign_in(supervisor, live, sue.email, code_for=sue)
    supervisor.goto(f"{live}/casework/queues/")  # the backlog: its counts, chart and table
    assert_accessible(supervisor)
    supervisor.goto(f"{live}/casework/queues/overrides/")
    assert_accessible(supervisor)
    supervisor.locator(f'a[href="/casework/overrides/{override.public_id}/"]').click()
    supervisor.wait_for_load_state()
    assert_accessible(supervisor)
    supervisor.locator("button[value=approve]").click()
    supervisor.wait_for_load_state()
    assert_accessible(supervisor)
    override.refresh_from_db()
    assert override.status == "applied"


HELP = {
    "en": "Other ways to apply and get help",
    "es": "Otras maneras de solicitar y de obtener ayuda",
}


@pytest.mark.parametrize(("language", "link"), list(HELP.items()))
def test_anyone_finds_the_paper_application(live, page_factory, language, link):
    tab = page_factory(javascript=False)
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    tab.goto(f"{live}/")
    _follow(tab, link)
    hrefs = [a.get_attribute("href") for a in tab.locator("main a[type='application/pdf']").all()]
    assert hrefs == ["/apply/paper/en/", "/apply/paper/es/"]
