"""45 CFR 155.420 as amended after September 2021 (events.yaml, ADR 0708), through reported
changes, checkout and the screener, at the window edges:

- a loss of Medicaid or CHIP gives 90 days after it to choose a plan ((c)(6), from 2024);
  another loss of coverage keeps 60;
- the period for household income at or below 150% of the poverty line ((d)(16)) is paused
  through plan year 2026 (90 FR 27074): the screener says it is not open.
"""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions
from tests.changes.conftest import member, report
from tests.changes.sep_support import checkout, links

pytestmark = pytest.mark.django_db

LOST = date(2026, 3, 1)  # the last day of the coverage lost
DAY_90 = date(2026, 5, 30)  # March 1 + 90 days
DAY_60 = date(2026, 4, 30)  # March 1 + 60 days


def _lost(application, other_coverage: str):
    sam = member(application, "Sam")
    sam.other_coverage = other_coverage
    sam.save(update_fields=["other_coverage"])
    change = report(application, "coverage_lost", event_date=LOST, member=str(sam.public_id))
    return change, application.determinations.first()


def test_a_loss_of_medicaid_opens_90_days(uninsured):
    user, application, _ = uninsured
    change, latest = _lost(application, "medicaid")
    assert change.details["lost_coverage"] == "medicaid"
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (period.event, period.opens, period.closes) == (
        "loss_of_medicaid_chip",
        date(2025, 12, 31),
        DAY_90,
    )
    enrollment = checkout(user, latest, on=DAY_90)  # the 90th day: still open
    assert enrollment.coverage_start == date(2026, 6, 1)


def test_the_91st_day_after_a_loss_of_medicaid_is_too_late(uninsured):
    user, application, _ = uninsured
    _, latest = _lost(application, "medicaid")
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, on=date(2026, 5, 31))
    assert exc.value.code == "outside_open_enrollment"


def test_a_loss_of_other_coverage_keeps_60_days(uninsured):
    user, application, _ = uninsured
    _, latest = _lost(application, "other")
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (period.event, period.closes) == ("loss_of_coverage", DAY_60)
    assert checkout(user, latest, on=DAY_60).coverage_start == date(2026, 5, 1)


def test_the_61st_day_after_a_loss_of_other_coverage_is_too_late(uninsured):
    user, application, _ = uninsured
    _, latest = _lost(application, "other")
    with pytest.raises(actions.EnrollmentError):
        checkout(user, latest, on=date(2026, 5, 1))


@pytest.mark.parametrize(
    ("event_date", "says_open"),
    [("2026-12-01", False), ("2027-01-01", True)],
)
def test_the_screener_says_the_low_income_period_is_paused_in_2026(
    client, settings, event_date, says_open
):
    settings.MARKETPLACE_TODAY = date.fromisoformat(event_date)
    html = client.post(
        "/changes/periods/", {"event": "low_income_monthly", "event_date": event_date}
    ).content.decode()
    assert ("open now" in html) is says_open
    assert "not open today" in html or says_open


def _screener_from_the_changes_page(client) -> str:
    """The screener's address, by the link on the report-a-change page."""
    html = client.get("/changes/").content.decode()
    return next(h for h in links(html) if h.endswith("/changes/periods/"))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Why it is not open", "The law has paused this period", "Aug. 25, 2025")),
        ("es", ("Por qué no está abierto", "La ley ha suspendido este período", "2025")),
    ],
)
def test_the_screener_says_why_the_low_income_period_is_not_open(
    client, uninsured, language, words
):
    """An event on December 1, 2026 falls in the pause (2025-08-25 to 2026-12-31): the
    answer says the law paused the period and cites 90 FR 27074, in the person's language."""
    user, _, _ = uninsured
    client.force_login(user)
    client.cookies["marketplace_language"] = language
    screener = _screener_from_the_changes_page(client)
    html = client.post(
        screener, {"event": "low_income_monthly", "event_date": "2026-12-01"}
    ).content.decode()
    reason = html.split('id="paused"')[1].split("</dd>")[0]
    assert words[0] in html
    assert words[1] in reason and words[2] in reason
    assert "90 FR 27074" in reason and "2026" in reason


def test_the_screener_says_nothing_of_a_pause_for_an_event_after_it(client, uninsured):
    user, _, _ = uninsured
    client.force_login(user)
    html = client.post(
        _screener_from_the_changes_page(client),
        {"event": "low_income_monthly", "event_date": "2027-01-01"},
    ).content.decode()
    assert 'id="paused"' not in html and "90 FR 27074" not in html
