"""A household authorises a broker, and the broker helps it apply and enroll, in a real
browser (Debian Chromium), following links only, with axe-core finding no WCAG 2.1 AA
violation on any page either of them sees; the household's page in Spanish too."""

from __future__ import annotations

import re

import pytest

from marketplace.assisters import actions
from marketplace.audit.models import AuditEvent
from marketplace.enrollment.models import Enrollment
from tests.applications.conftest import PASSWORD, make_user
from tests.browser_support import assert_accessible


def choose(tab, selector):
    """USWDS hides the real radio/checkbox input; click its label as a person does."""
    ident = tab.locator(selector).first.get_attribute("id")
    tab.click(f"label[for='{ident}']")


def submit(tab):
    tab.locator("main form.usa-form button[type=submit], main form button.usa-button").last.click()


def sign_in(tab, base, email):
    tab.goto(base + "/account/login/")
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r".*/account/$"))


def authorise(tab, base, email, code):
    sign_in(tab, base, email)
    tab.click("main a[href='/assist/helpers/']")
    assert_accessible(tab)
    tab.fill("input[name=code]", code)
    choose(tab, "input[name=consent]")
    submit(tab)
    assert_accessible(tab)
    return tab.content()


def apply_for_sam(tab):
    """The broker fills Sam's application, one page at a time."""
    tab.locator("main form button[type=submit]").first.click()  # start the application
    tab.locator("main a.usa-button--outline").first.click()  # add a person
    assert_accessible(tab)
    tab.fill("input[name=first_name]", "Sam")
    tab.fill("input[name=last_name]", "Okafor")
    tab.fill("input[name=date_of_birth]", "1995-04-04")
    tab.select_option("select[name=relationship]", "self")
    choose(tab, "input[name=sex][value=male]")
    submit(tab)
    tab.locator("main a[href$='/tax/'].usa-button").click()
    assert_accessible(tab)
    choose(tab, "input[name=tax_filer][value=yes]")
    choose(tab, "input[name=filing_status][value=single]")
    submit(tab)
    tab.fill("input[name=street]", "1 Beacon St")
    tab.fill("input[name=city]", "Boston")
    tab.fill("input[name=zipcode]", "02108")
    submit(tab)
    tab.locator("main ul.usa-list a").first.click()  # Sam's questions
    for name in ("citizen", "incarcerated", "aian", "tobacco", "esi_offered"):
        choose(tab, f"input[name={name}][value={'yes' if name == 'citizen' else 'no'}]")
    choose(tab, "input[name=other_coverage][value=none]")
    submit(tab)
    tab.locator("main a[href$='/income/'].usa-button").click()
    tab.locator("input[name$='-wages']").first.fill("2500")
    tab.locator("select[name$='-wages_frequency']").first.select_option("monthly")
    submit(tab)
    submit(tab)  # Sam asks for coverage
    assert_accessible(tab)
    submit(tab)  # review: go to sign
    choose(tab, "input[name=attest_true]")
    choose(tab, "input[name=attest_changes]")
    tab.fill("input[name=signature_name]", "Sam Okafor")
    submit(tab)
    tab.wait_for_url(re.compile(r".*/determinations/.*"))
    assert_accessible(tab)


def enroll(tab):
    tab.click("main .mp-next-step a.usa-button")  # Choose a plan
    assert_accessible(tab)
    tab.locator("main table a.usa-button").first.click()  # the cheapest plan
    assert_accessible(tab)
    tab.locator("main form button[type=submit]").click()  # with all the tax credit
    assert_accessible(tab)
    for name in ("truthful", "reconcile", "terms"):
        choose(tab, f"input[name={name}]")
    tab.locator("main form.usa-form button[type=submit]").click()
    tab.wait_for_selector("[data-testid=confirmation]")
    assert_accessible(tab)


@pytest.mark.browser
def test_a_broker_helps_an_authorised_household_apply_and_enroll(live, page_factory):
    sam = make_user("sam@example.org")
    broker = actions.register(
        email="bruno@example.org",
        organisation="Harbor Agency",
        kind="broker",
        first_name="Bruno",
        last_name="Costa",
        npn="17439876",
    )
    broker.user.set_password(PASSWORD)
    broker.user.save()
    household = page_factory(javascript=False)
    assert "Bruno Costa" in authorise(household, live, "sam@example.org", broker.code)

    tab = page_factory(javascript=False)
    sign_in(tab, live, "bruno@example.org")
    tab.click("main a[href='/assist/']")
    assert "sam@example.org" in tab.content()
    assert_accessible(tab)
    tab.locator("main table form button[type=submit]").first.click()  # Help this household
    assert "You are helping sam@example.org" in tab.content()
    assert_accessible(tab)
    apply_for_sam(tab)
    enroll(tab)

    enrollment = Enrollment.objects.get(owner=sam)
    assert enrollment.broker_npn == "17439876"
    signed = AuditEvent.objects.get(action="application.signed")
    assert signed.actor_id == broker.user.pk and signed.detail["channel"] == "broker"
    tab.click("button:has-text('Stop helping this household')")
    assert tab.url.endswith("/assist/")


@pytest.mark.browser
def test_the_household_authorises_a_navigator_in_spanish(live, page_factory):
    make_user("sam@example.org", preferred_language="es")
    navigator = actions.register(
        email="nadia@example.org",
        organisation="Salud Comunitaria",
        kind="navigator",
        first_name="Nadia",
        last_name="Haddad",
    )
    tab = page_factory(javascript=False, locale="es-ES")
    tab.context.add_cookies([{"name": "marketplace_language", "value": "es", "url": live}])
    html = authorise(tab, live, "sam@example.org", navigator.code)
    assert "Nadia Haddad ya puede ayudarle" in html
    assert "Retirar mi autorización" in html
