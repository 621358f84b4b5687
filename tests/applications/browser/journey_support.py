"""The application journey in a browser, from signing in to the determination, as a person does
it (labels clicked, amounts typed with how often they are paid); shared with the notice
journey."""

from __future__ import annotations

import re

from tests.applications.conftest import PASSWORD
from tests.browser_support import assert_accessible

PEOPLE = [
    ("Maria", "1985-03-02", "self", "female", "2500"),
    ("Jose", "1987-06-01", "spouse", "male", "1833.33"),
    ("Sofia", "2015-05-05", "child", "female", ""),
]


def choose(tab, selector):
    """USWDS hides the real radio/checkbox input; click its label as a person does."""
    ident = tab.locator(selector).first.get_attribute("id")
    tab.click(f"label[for='{ident}']")


def submit(tab):
    tab.locator("main form.usa-form button[type=submit], main form button.usa-button").last.click()


def fill_wages(tab, index, monthly):
    """The amount, and how often it is paid: asked, never assumed (ADR 0601)."""
    tab.locator("input[name$='-wages']").nth(index).fill(monthly)
    tab.locator("select[name$='-wages_frequency']").nth(index).select_option("monthly")


def journey(tab, base, email, renewal_years=None):
    """`renewal_years`: the answer to the tax data question on the signature page (none:
    left unanswered, which is no)."""
    tab.goto(base + "/account/login/")
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    tab.goto(base + "/apply/")
    assert_accessible(tab)
    tab.locator("main form button[type=submit]").first.click()
    for first, born, relationship, sex, _ in PEOPLE:
        tab.locator("main a.usa-button--outline").first.click()  # add a person
        assert_accessible(tab)
        tab.fill("input[name=first_name]", first)
        tab.fill("input[name=last_name]", "Garcia")
        tab.fill("input[name=date_of_birth]", born)
        tab.select_option("select[name=relationship]", relationship)
        choose(tab, f"input[name=sex][value={sex}]")
        submit(tab)
    assert_accessible(tab)
    tab.locator("main a[href$='/tax/'].usa-button").click()  # continue
    assert_accessible(tab)
    choose(tab, "input[name=tax_filer][value=yes]")
    choose(tab, "input[name=filing_status][value=married_joint]")
    for claim in tab.locator("input[name^=claim_][value=yes]").all():
        tab.click(f"label[for='{claim.get_attribute('id')}']")
    submit(tab)
    assert_accessible(tab)
    tab.fill("input[name=street]", "1 Beacon St")
    tab.fill("input[name=city]", "Boston")
    tab.fill("input[name=zipcode]", "02108")
    submit(tab)
    assert_accessible(tab)
    tab.locator("main ul.usa-list a").first.click()  # the first person's questions
    for _ in PEOPLE:
        assert_accessible(tab)
        for name in ("citizen", "incarcerated", "aian", "tobacco", "esi_offered"):
            value = "yes" if name == "citizen" else "no"
            choose(tab, f"input[name={name}][value={value}]")
        if tab.locator("input[name=pregnant]").count():
            choose(tab, "input[name=pregnant][value=no]")
        choose(tab, "input[name=other_coverage][value=none]")
        submit(tab)
    assert_accessible(tab)
    tab.locator("main a[href$='/income/'].usa-button").click()  # continue to income
    assert_accessible(tab)
    for index, person in enumerate(PEOPLE):
        if person[4]:
            fill_wages(tab, index, person[4])
    submit(tab)
    assert_accessible(tab)
    submit(tab)  # everyone is asking for coverage (checked by default)
    assert_accessible(tab)
    submit(tab)  # review: go to sign
    assert_accessible(tab)
    choose(tab, "input[name=attest_true]")
    choose(tab, "input[name=attest_changes]")
    if renewal_years is not None:
        choose(tab, f"input[name=renewal_years][value='{renewal_years}']")
    tab.fill("input[name=signature_name]", "Maria Garcia")
    submit(tab)
    tab.wait_for_url(re.compile(r".*/determinations/.*"))
    assert_accessible(tab)
    return tab.content()
