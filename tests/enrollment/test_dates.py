"""Effective and ending dates of the enrollment app (enrollment/dates.py). The open
enrollment periods themselves are law parameters: tests/rules/test_enrollment_periods.py."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.enrollment import dates

pytestmark = pytest.mark.django_db  # the package's demo catalog fixture needs the database


def test_the_window_comes_from_the_law_parameter():
    window = dates.window("MA", 2026)
    assert (window.opens, window.closes) == (date(2025, 11, 1), date(2026, 1, 23))
    assert "Health Connector" in window.source


def test_a_selection_on_december_16_starts_in_february_on_the_federal_platform():
    """45 CFR 155.410(f)(2): January 1 only for a selection by December 15."""
    assert dates.coverage_start("NC", 2026, date(2025, 12, 15)) == date(2026, 1, 1)
    assert dates.coverage_start("NC", 2026, date(2025, 12, 16)) == date(2026, 2, 1)


@pytest.mark.parametrize("day", [date(2025, 10, 31), date(2026, 1, 16), date(2026, 6, 1)])
def test_outside_the_window_raises(day):
    with pytest.raises(dates.OutsideOpenEnrollment):
        dates.coverage_start("NC", 2026, day)


def test_a_year_before_any_data_has_no_window():
    assert dates.window("NC", 2015) is None
    with pytest.raises(dates.OutsideOpenEnrollment):
        dates.coverage_start("NC", 2015, date(2014, 12, 1))


def test_termination_needs_14_days_notice_and_ends_at_month_end():
    start = date(2026, 1, 1)
    assert dates.termination_end(start, date(2026, 3, 10), None) == date(2026, 3, 31)
    assert dates.termination_end(start, date(2026, 3, 20), None) == date(2026, 4, 30)
    assert dates.termination_end(start, date(2026, 3, 1), date(2026, 3, 5)) == date(2026, 3, 31)
    assert dates.termination_end(start, date(2026, 12, 25), None) == date(2026, 12, 31)


def test_seeding_picks_from_every_day_of_the_window():
    days = dates.selection_dates("NC", 2027)
    assert (days[0], days[-1], len(days)) == (date(2026, 11, 1), date(2026, 12, 31), 61)
