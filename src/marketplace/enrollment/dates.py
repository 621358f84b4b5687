"""Coverage dates from data, never `if year == ...`.

- `window(state, year)`: the open enrollment period for coverage year `year` (45 CFR
  155.410(e)), from the law parameter `open_enrollment_period`
  (aca_rules/parameters/open_enrollment.yaml, read by `aca_rules.enrollment_periods`): the
  state's own dates when the data has them, else those every other exchange keeps ("*").
- `coverage_start(state, year, selected_on)`: 45 CFR 155.410(f): the first of the month after
  a selection made by the period's monthly deadline, else the first of the month after that;
  never before January 1 of the coverage year (from 2027 every selection in the period starts
  on January 1). Outside the period: `OutsideOpenEnrollment`.
- `termination_end(start, requested_on, wanted)`: 45 CFR 155.430(d)(2): the requested date
  with at least 14 days' notice, else 14 days after the request, moved to the end of that
  month; never before coverage begins, never after December 31 of the coverage year
  (enrollment/data/termination.yaml).
- `redetermination_effective(notice_date)`: 45 CFR 155.330(f)(1)(i): a change from a
  redetermination takes effect on the first day of the month after the notice's date.
- `ineligibility_end(start, notice_date)`: 45 CFR 155.430(d)(3): when the exchange ends
  coverage because the enrollee is no longer eligible (155.430(b)(2)(i)), the last day of
  coverage is the last day of the month after the month the notice is sent.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from aca_rules import enrollment_periods
from aca_rules.enrollment_periods import OpenEnrollment, OutsideOpenEnrollment

DATA = Path(__file__).parent / "data" / "termination.yaml"

#: An open enrollment period (aca_rules.enrollment_periods.OpenEnrollment).
Window = OpenEnrollment


@dataclass(frozen=True)
class TerminationRule:
    notice_days: int
    end_of_month: bool
    citation: str


@lru_cache(maxsize=1)
def _termination() -> TerminationRule:
    t = yaml.safe_load(DATA.read_text(encoding="utf-8"))["termination"]
    return TerminationRule(int(t["notice_days"]), bool(t["end_of_month"]), str(t["citation"]))


def window(state: str, year: int) -> Window | None:
    return enrollment_periods.period(state, year)


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def coverage_start(state: str, year: int, selected_on: date) -> date:
    """45 CFR 155.410(f): when coverage from a selection made on `selected_on` begins."""
    w = window(state, year)
    if w is None:
        raise OutsideOpenEnrollment(None, selected_on)
    return w.coverage_start(selected_on)


def termination_end(coverage_start: date, requested_on: date, wanted: date | None) -> date:
    """45 CFR 155.430(d)(2): the last day of coverage for a termination the person asks for."""
    rule = _termination()
    earliest = requested_on + timedelta(days=rule.notice_days)
    end = max(wanted or earliest, earliest)
    if rule.end_of_month:
        end = end_of_month(end)
    return min(max(end, coverage_start), date(coverage_start.year, 12, 31))


def selection_dates(state: str, year: int) -> list[date]:
    """Every day a plan selection is possible for `year` (seeding picks from these)."""
    w = window(state, year)
    if w is None:
        return []
    return [w.opens + timedelta(days=n) for n in range((w.closes - w.opens).days + 1)]


def redetermination_effective(notice_date: date) -> date:
    """45 CFR 155.330(f)(1)(i): the first day of the month following the date of the notice
    of redetermination. (155.330(f)(2) lets an exchange push changes noticed late in a month
    one month further; this exchange does not use that option.)"""
    return first_of_next_month(notice_date)


def ineligibility_end(coverage_start: date, notice_date: date) -> date:
    """45 CFR 155.430(d)(3): the last day of the month following the month in which the
    termination notice is sent; never before coverage begins, never after December 31."""
    end = end_of_month(first_of_next_month(notice_date))
    return min(max(end, coverage_start), date(coverage_start.year, 12, 31))
