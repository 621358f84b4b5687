"""45 CFR 155.420(b)(2)(iv) with the event dates of (d)(1)(i) and (d)(7) (ADR 0716).

The event date of a loss of coverage is "the last day the consumer would have coverage"
((d)(1)(i)); of a move, the day of the move. A plan chosen on or before that day starts on
"the first day of the month following the date of the triggering event"; one chosen after,
on the first of the month after the selection ((b)(1)).
"""

from datetime import date

import pytest

from aca_rules import sep


@pytest.mark.parametrize(
    ("code", "event_day", "chosen", "start"),
    [
        # Last day of coverage on the 1st, the 15th, the last day of a month.
        ("loss_of_coverage", date(2026, 3, 1), date(2026, 2, 10), date(2026, 4, 1)),
        ("loss_of_coverage", date(2026, 3, 1), date(2026, 3, 1), date(2026, 4, 1)),
        ("loss_of_coverage", date(2026, 3, 15), date(2026, 3, 15), date(2026, 4, 1)),
        ("loss_of_coverage", date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 1)),
        ("loss_of_coverage", date(2026, 12, 31), date(2026, 11, 2), date(2027, 1, 1)),
        ("cobra_subsidy_ends", date(2026, 2, 28), date(2026, 1, 5), date(2026, 3, 1)),
        # A move on the 1st chosen ahead: the first of the NEXT month, not the day itself.
        ("permanent_move", date(2026, 3, 1), date(2026, 2, 20), date(2026, 4, 1)),
        ("permanent_move", date(2026, 3, 1), date(2026, 3, 1), date(2026, 4, 1)),
        ("permanent_move", date(2026, 3, 15), date(2026, 1, 20), date(2026, 4, 1)),
        ("permanent_move", date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 1)),
        ("release_from_incarceration", date(2026, 3, 1), date(2026, 2, 1), date(2026, 4, 1)),
        ("coverage_gap_move", date(2026, 3, 1), date(2026, 2, 1), date(2026, 4, 1)),
        # Chosen after the event: the first of the month after the choice.
        ("loss_of_coverage", date(2026, 3, 1), date(2026, 3, 2), date(2026, 4, 1)),
        ("loss_of_coverage", date(2026, 3, 31), date(2026, 4, 1), date(2026, 5, 1)),
        ("permanent_move", date(2026, 3, 15), date(2026, 3, 16), date(2026, 4, 1)),
        ("permanent_move", date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 1)),
    ],
)
def test_b_2_iv_start_dates_at_the_edges_of_the_month(code, event_day, chosen, start):
    assert sep.period(code, event_day).coverage_start(chosen) == start


def test_a_loss_reported_as_the_first_day_without_coverage_would_leave_a_month_gap():
    """The other convention, not ours: someone covered through March 31 who gives April 1
    (the first day without coverage) would start on May 1. The form asks for the last day
    of coverage so that the date is the rule's ((d)(1)(i)); with it coverage is seamless."""
    last_day = sep.period("loss_of_coverage", date(2026, 3, 31))
    first_day_without = sep.period("loss_of_coverage", date(2026, 4, 1))
    assert last_day.coverage_start(date(2026, 3, 20)) == date(2026, 4, 1)
    assert first_day_without.coverage_start(date(2026, 3, 20)) == date(2026, 5, 1)


def test_the_hra_keeps_its_own_rule_with_an_event_on_the_first():
    """(b)(2)(vi) differs from (b)(2)(iv): an HRA that starts on a 1st, chosen before it,
    starts coverage that day."""
    period = sep.period("individual_coverage_hra", date(2027, 1, 1))
    assert period.coverage_start(date(2026, 12, 1)) == date(2027, 1, 1)
    assert sep.period("individual_coverage_hra", date(2027, 1, 15)).coverage_start(
        date(2026, 12, 1)
    ) == date(2027, 2, 1)
