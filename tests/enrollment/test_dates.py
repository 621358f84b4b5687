"""Effective dates from data (enrollment/data/open_enrollment.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.enrollment import dates


def test_the_federal_window_is_november_1_to_january_15():
    window = dates.window("NC", 2026)
    assert (window.state, window.opens, window.closes) == ("*", date(2025, 11, 1),
                                                           date(2026, 1, 15))  # fmt: skip
    assert window.confirmed


def test_massachusetts_has_its_own_window():
    window = dates.window("MA", 2026)
    assert window.state == "MA"
    assert window.closes == date(2026, 1, 23)
    assert "Health Connector" in window.source


@pytest.mark.parametrize(
    ("selected", "start"),
    [
        (date(2025, 11, 1), date(2026, 1, 1)),
        (date(2025, 12, 15), date(2026, 1, 1)),  # 45 CFR 155.410(f)(2)(i)
        (date(2025, 12, 16), date(2026, 1, 1)),  # first of the next month
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 2, 1)),
        (date(2026, 1, 15), date(2026, 2, 1)),
    ],
)
def test_federal_coverage_start_dates(selected, start):
    assert dates.coverage_start("NC", 2026, selected) == start


def test_massachusetts_january_first_runs_to_december_23():
    assert dates.coverage_start("MA", 2026, date(2025, 12, 23)) == date(2026, 1, 1)
    assert dates.coverage_start("MA", 2026, date(2026, 1, 20)) == date(2026, 2, 1)


@pytest.mark.parametrize("day", [date(2025, 10, 31), date(2026, 1, 16), date(2026, 6, 1)])
def test_outside_the_window_raises(day):
    with pytest.raises(dates.OutsideOpenEnrollment):
        dates.coverage_start("NC", 2026, day)


def test_a_year_without_data_has_no_window():
    with pytest.raises(dates.OutsideOpenEnrollment):
        dates.coverage_start("NC", 2031, date(2030, 12, 1))


def test_termination_needs_14_days_notice_and_ends_at_month_end():
    start = date(2026, 1, 1)
    assert dates.termination_end(start, date(2026, 3, 10), None) == date(2026, 3, 31)
    assert dates.termination_end(start, date(2026, 3, 20), None) == date(2026, 4, 30)
    assert dates.termination_end(start, date(2026, 3, 1), date(2026, 3, 5)) == date(2026, 3, 31)
    assert dates.termination_end(start, date(2026, 12, 25), None) == date(2026, 12, 31)


def test_every_window_is_ordered_and_cited():
    windows, rule = dates._load()
    assert rule.notice_days == 14
    for window in windows.values():
        assert window.opens <= window.january_first_through <= window.closes
        assert window.source
