"""Open enrollment periods and coverage effective dates, read from the dated parameter
`open_enrollment_period` (45 CFR 155.410(e), (f)): each edge of each period, by state."""

from __future__ import annotations

from datetime import date

import pytest

from aca_rules import enrollment_periods as oe
from aca_rules import parameters as P


def test_the_federal_period_for_2026_runs_from_november_1_to_january_15():
    period = oe.period("NC", 2026)
    assert (period.opens, period.closes) == (date(2025, 11, 1), date(2026, 1, 15))
    assert not period.own_dates  # North Carolina uses HealthCare.gov's dates


@pytest.mark.parametrize(
    ("selected", "start"),
    [
        (date(2025, 11, 1), date(2026, 1, 1)),
        (date(2025, 12, 15), date(2026, 1, 1)),  # 155.410(f)(2): by December 15 -> Jan 1
        (date(2025, 12, 16), date(2026, 2, 1)),  # December 16 - January 15 -> Feb 1
        (date(2025, 12, 31), date(2026, 2, 1)),
        (date(2026, 1, 15), date(2026, 2, 1)),  # the last day of the period
    ],
)
def test_federal_2026_coverage_start_dates(selected, start):
    assert oe.period("NC", 2026).coverage_start(selected) == start


@pytest.mark.parametrize("day", [date(2025, 10, 31), date(2026, 1, 16)])
def test_a_day_outside_the_federal_2026_period_is_refused(day):
    with pytest.raises(oe.OutsideOpenEnrollment):
        oe.period("NC", 2026).coverage_start(day)


def test_massachusetts_2026_runs_to_january_23_with_the_23rd_as_monthly_deadline():
    period = oe.period("MA", 2026)
    assert period.own_dates and period.read == "primary" and "Health Connector" in period.source
    assert period.closes == date(2026, 1, 23)
    assert period.coverage_start(date(2025, 12, 23)) == date(2026, 1, 1)
    assert period.coverage_start(date(2025, 12, 24)) == date(2026, 2, 1)
    assert period.coverage_start(date(2026, 1, 23)) == date(2026, 2, 1)
    with pytest.raises(oe.OutsideOpenEnrollment):
        period.coverage_start(date(2026, 1, 24))


@pytest.mark.parametrize("state", ["NC", "MA", "VT"])
def test_from_2027_every_period_ends_december_31_and_starts_coverage_january_1(state):
    """45 CFR 155.410(e)(5)(i) as amended in 2025: no later than December 31; all coverage
    from January 1. Massachusetts' and Vermont's own 2027 dates were not found: the data
    says so (`assumed`) and uses the federal limits."""
    period = oe.period(state, 2027)
    assert (period.opens, period.closes) == (date(2026, 11, 1), date(2026, 12, 31))
    assert period.coverage_start(date(2026, 11, 1)) == date(2027, 1, 1)
    assert period.coverage_start(date(2026, 12, 31)) == date(2027, 1, 1)
    with pytest.raises(oe.OutsideOpenEnrollment):
        period.coverage_start(date(2027, 1, 1))
    if state != "NC":
        assert period.read == "assumed" and "not found" in period.source


def test_a_value_holds_until_a_newer_one_replaces_it():
    """No value is keyed 2028: the 2027 rule holds (45 CFR 155.410(e)(5) has no end year)."""
    period = oe.period("MA", 2028)
    assert (period.opens, period.closes) == (date(2027, 11, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("state", "on", "year"),
    [
        ("MA", date(2026, 10, 31), 2026),  # before open enrollment for 2027: this year
        ("MA", date(2026, 11, 1), 2027),  # its first day
        ("MA", date(2026, 12, 2), 2027),  # today in the demo
        ("MA", date(2026, 12, 31), 2027),  # its last day
        ("MA", date(2027, 1, 1), 2027),  # after it: the current year
        ("MA", date(2026, 1, 20), 2026),  # January in the 2026 period: 2026 itself
        ("NC", date(2025, 12, 1), 2026),
    ],
)
def test_the_year_on_offer_follows_the_date(state, on, year):
    assert oe.year_on_offer(state, on) == year


def test_after_the_2027_period_the_next_one_opens_november_1_2027():
    following = oe.next_period("MA", date(2027, 1, 1))
    assert (following.coverage_year, following.opens) == (2028, date(2027, 11, 1))
    assert oe.next_period("MA", date(2026, 10, 1)).coverage_year == 2027


def test_every_value_says_how_it_was_read_and_where_from():
    param = P.parameters()[oe.PARAMETER]
    for state, series in param.values.items():
        for key, _value in series:
            period = oe.period(state if state != "*" else "NC", key.year)
            assert period.read in {"primary", "secondary", "assumed"}, (state, key)
            assert len(period.source) > 40, (state, key)
            assert period.opens <= period.january_first_through <= period.closes
