"""The officials' dashboard, the open-enrollment report and the waiting room in a real
browser (Debian's Chromium through Playwright), in English and in Spanish, with axe checking
WCAG 2.1 A and AA on every page visited.

Olivia, a state official, signs in with her second factor and follows links only: from her
account page (the staff landing) to the dashboard, through its filter form (a good filter, then
a bad date, which is named and keeps the page), to its CSV, and on to the open-enrollment report
and back. Every chart is an image described by its title and is followed by the table of its
figures (docs/adr/1602). The households are the ones tests/reports/conftest.py seeds (the
Garcias online, Sam on paper and effectuated, Lena by phone without a plan).

The waiting room's queue page is seen by a newcomer while an operator holds the site for
maintenance (docs/adr/1601), in both languages.

Spanish runs with JavaScript off (axe then checks the same HTML replayed,
tests/browser_support.py), so every page is seen both ways.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.accounts.models import User
from marketplace.operations import waiting_room
from tests.browser_support import assert_accessible, axe_violations
from tests.verifications.households import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = {
    "en": {
        "dashboard": "Officials' dashboard",
        "report": "Open-enrollment report",
        "queue": "You are in line",
        "message": "Maintenance until 2 a.m.",
        "place": "Your place in line: 1",
        "bad_date": "Enter a valid date.",
    },
    "es": {
        "dashboard": "Panel de funcionarios",
        "report": "Informe de inscripción abierta",
        "queue": "Está en la fila",
        "message": "Mantenimiento hasta las 2 a. m.",
        "place": "Su lugar en la fila: 1",
        "bad_date": "Introduzca una fecha válida.",
    },
}


def main_text(tab) -> str:
    return " ".join(tab.locator("main").inner_text().split())


def sign_in_official(tab, base, language: str) -> User:
    olivia = User.objects.create_user(
        "olivia@example.org", PASSWORD, role="official", email_verified_at=timezone.now()
    )
    olivia.totp_secret = totp.new_secret()
    olivia.mfa_enabled_at = timezone.now()
    olivia.save()
    tab.goto(base + "/account/login/")
    assert_accessible(tab)
    tab.fill("input[name=email]", olivia.email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(base + "/account/login/code/")
    assert_accessible(tab)
    tab.fill("input[name=code]", totp.code_at(olivia.totp_secret, totp.current_step()))
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r".*/account/$"))
    if language == "es":
        tab.get_by_role("button", name="Español").click()
        tab.wait_for_load_state()
    assert tab.locator("html").get_attribute("lang") == language
    assert_accessible(tab)
    return olivia


def funnel_counts(tab) -> dict[str, str]:
    """The funnel table's rows: stage label -> count, as shown."""
    rows = tab.locator("main table").first.locator("tbody tr")
    return {
        row.locator("th").inner_text().strip(): row.locator("td").inner_text().strip()
        for row in rows.all()
    }


def check_charts_have_tables(tab) -> int:
    """Every chart is an image named by its title and is followed by a captioned table."""
    charts = tab.locator("main figure.mp-chart")
    count = charts.count()
    assert count > 0
    for index in range(count):
        figure = charts.nth(index)
        svg = figure.locator("svg")
        assert svg.get_attribute("role") == "img"
        title_id = svg.get_attribute("aria-labelledby")
        assert figure.locator(f"title#{title_id}").count() == 1
        following = figure.evaluate(
            "f => [f.nextElementSibling.tagName, f.nextElementSibling.querySelector('caption')"
            " ? f.nextElementSibling.querySelector('caption').textContent.trim() : '']"
        )
        assert following[0] == "TABLE" and following[1], following
        # the chart's bars are the table's rows, figure for figure
        bars = figure.locator(".mp-chart__value").evaluate_all(
            "values => values.map(value => value.textContent.trim())"
        )
        table = figure.locator("xpath=following-sibling::table[1]")
        cells = table.locator("td.mp-number").all_inner_texts()
        if table.locator("tfoot").count():
            cells = table.locator("tbody td.mp-number").all_inner_texts()
        shown = [cell.strip() for cell in cells if cell.strip().isdigit()]
        assert bars == shown, (title_id, bars, shown)
    return count


def dashboard_journey(tab, base, language: str) -> None:
    words = WORDS[language]
    tab.locator("main a[href='/reports/']").click()
    tab.wait_for_url(base + "/reports/")
    assert_accessible(tab)
    assert tab.get_by_role("heading", level=1).inner_text().strip() == words["dashboard"]
    counts = list(funnel_counts(tab).values())
    # Olivia's own first page of the day is the visit; 3 accounts, 3 applications, 3
    # determinations, 2 plan selections, 1 effectuated (tests/reports/conftest.py).
    assert counts[1:] == ["3", "3", "3", "2", "1"], counts
    assert check_charts_have_tables(tab) >= 8  # the funnel and every breakdown

    # A filter through the form: paper applications only (Sam).
    tab.select_option("select[name=channel]", "paper")
    tab.locator("main form.mp-report-filters button[type=submit]").click()
    tab.wait_for_url(re.compile(r".*/reports/\?.*channel=paper.*"))
    assert_accessible(tab)
    counts = list(funnel_counts(tab).values())
    assert counts[2:] == ["1", "1", "1", "1"], counts
    check_charts_have_tables(tab)

    # The CSV of the same figures, from the link on the page.
    href = tab.locator("main a[href*='format=csv']").get_attribute("href")
    assert "channel=paper" in href
    response = tab.request.get(base + "/reports/" + href)
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text())))
    assert ["funnel", "selections", "count", "1"] in rows

    # A date that is not one: named above the form, the figures still shown, nothing lost.
    tab.fill("input[name=start]", "2025-13-45")
    tab.locator("main form.mp-report-filters button[type=submit]").click()
    tab.wait_for_load_state()
    assert_accessible(tab)
    alert = tab.locator("main .usa-alert--error")
    assert words["bad_date"] in alert.inner_text()
    assert tab.locator("input[name=start]").get_attribute("aria-invalid") == "true"
    assert tab.locator("input[name=start]").input_value() == "2025-13-45"
    assert tab.locator("select[name=channel]").input_value() == "paper"
    target = alert.locator("a").first.get_attribute("href")  # the error links to its field
    assert tab.locator(f"main {target}").get_attribute("name") == "start"

    # On to the open-enrollment report, by its link.
    tab.locator("main a[href='/reports/open-enrollment/']").click()
    tab.wait_for_url(base + "/reports/open-enrollment/")
    assert_accessible(tab)
    assert tab.get_by_role("heading", level=1).inner_text().strip() == words["report"]
    summary = tab.locator("main table").first.locator("tbody tr td.mp-number")
    # Maria and Jose (their children have CHIP) and Sam: 3 consumers.
    assert summary.nth(0).inner_text().strip() == "3"
    assert check_charts_have_tables(tab) == 3  # metal, ages, FPL
    href = tab.locator("main a[href*='format=csv']").get_attribute("href")
    response = tab.request.get(base + "/reports/open-enrollment/" + href)
    assert response.status == 200
    assert ["summary", "total", "consumers", "3"] in list(csv.reader(io.StringIO(response.text())))
    tab.locator("main a[href='/reports/']").click()
    tab.wait_for_url(base + "/reports/")
    assert_accessible(tab)


def waiting_room_journey(tab, base, language: str) -> None:
    words = WORDS[language]
    call_command(
        "waiting-room",
        "open",
        "--message-en",
        WORDS["en"]["message"],
        "--message-es",
        WORDS["es"]["message"],
    )
    try:
        tab.goto(base + "/shop/")  # a newcomer: no admission cookie
        assert tab.locator("html").get_attribute("lang") == language
        assert tab.get_by_role("heading", level=1).inner_text().strip() == words["queue"]
        text = main_text(tab)
        assert words["message"] in text and words["place"] in text
        # It does not reload itself unless asked (WCAG 2.2.1, ADR 1603).
        assert tab.locator("meta[http-equiv=refresh]").count() == 0
        assert_accessible(tab)

        # She asks it to check for her: the page now reloads itself, and says how to stop it.
        tab.locator("main a[href*='mp-wait=auto']").click()
        tab.wait_for_load_state()
        refresh = tab.locator("meta[http-equiv=refresh]")
        assert refresh.get_attribute("content") == "10; url=/shop/"
        assert words["place"] in main_text(tab)  # the same place in line
        assert tab.locator("main a[href*='mp-wait=manual']").count() == 1
        # axe flags every self-reloading page; this one reloads because she turned it on
        # (2.2.1 "Turn off": off until the person chooses it), so only that rule is waived.
        others = [v["id"] for v in axe_violations(tab) if v["id"] != "meta-refresh"]
        assert not others, others
    finally:
        call_command("waiting-room", "close")
        waiting_room.forget_cached_room()
    tab.locator("main a.usa-button").click()  # "Check now": let in once the room closes
    tab.wait_for_url(base + "/shop/")
    assert tab.get_by_role("heading", level=1).inner_text().strip() != words["queue"]
    assert_accessible(tab)


@pytest.mark.parametrize(
    ("language", "javascript"), [("en", True), ("es", False)], ids=["english", "spanish"]
)
def test_an_official_follows_the_reports_and_a_newcomer_waits_in_line(
    live, households, page_factory, language, javascript
):
    locale = {"en": "en-US", "es": "es-ES"}[language]
    official = page_factory(javascript=javascript, locale=locale)
    sign_in_official(official, live, language)
    dashboard_journey(official, live, language)

    newcomer = page_factory(javascript=javascript, locale=locale)
    waiting_room_journey(newcomer, live, language)
