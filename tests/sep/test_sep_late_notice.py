"""45 CFR 155.420(c)(5): someone who did not receive timely notice of the event, and was
otherwise reasonably unaware of it, has 60 days from the date they knew or reasonably
should have known of it (ADR 0716)."""

from datetime import date, timedelta

import pytest

from aca_rules import sep


@pytest.mark.parametrize(
    ("code", "event_day"),
    [
        ("loss_of_coverage", date(2026, 1, 31)),  # (d)(1)
        ("newly_lawfully_present", date(2026, 2, 1)),  # (d)(3)
        ("subsidy_eligibility_change", date(2026, 2, 1)),  # (d)(6)
        ("permanent_move", date(2026, 1, 15)),  # (d)(7): "under this section"
    ],
)
def test_the_window_runs_60_days_from_the_learned_date(code, event_day):
    learned = date(2026, 4, 15)
    period = sep.period(code, event_day, learned)
    assert period.counted_from_learning
    assert period.closes == learned + timedelta(days=60) == date(2026, 6, 14)
    assert period.contains(date(2026, 6, 14))  # learned + 60: in
    assert not period.contains(date(2026, 6, 15))  # learned + 61: out
    assert period.opens == sep.period(code, event_day).opens  # the start is the event's


@pytest.mark.parametrize("learned", [date(2026, 1, 10), date(2026, 1, 31)])
def test_a_learned_date_on_or_before_the_event_changes_nothing(learned):
    plain = sep.period("loss_of_coverage", date(2026, 1, 31))
    late = sep.period("loss_of_coverage", date(2026, 1, 31), learned)
    assert not late.counted_from_learning
    assert (
        (late.opens, late.closes)
        == (plain.opens, plain.closes)
        == (
            date(2025, 12, 2),
            date(2026, 4, 1),
        )
    )


def test_the_window_is_never_shorter_than_the_events_own():
    """A loss of Medicaid has 90 days ((c)(6)); learned 10 days later, 60 days from then is
    shorter, so the 90 days stand."""
    period = sep.period("loss_of_medicaid_chip", date(2026, 6, 30), date(2026, 7, 10))
    assert period.closes == date(2026, 9, 28)


def test_a_claimed_or_monthly_period_does_not_count_from_a_learned_date():
    monthly = sep.period("american_indian_alaska_native", date(2026, 2, 1), date(2026, 3, 1))
    assert not monthly.event.late_notice and monthly.closes == date(2026, 2, 28)
    granted = sep.event("exceptional_circumstances")
    assert not granted.late_notice


def test_a_reported_change_carries_the_learned_date():
    (period,) = sep.for_change("immigration", date(2026, 2, 1), date(2026, 3, 1))
    assert period.closes == date(2026, 4, 30)
