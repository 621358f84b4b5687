"""Coverage dates from data (enrollment/data/open_enrollment.yaml), never `if year == ...`.

- `window(state, year)`: the open-enrollment window (45 CFR 155.410(e)): the state's own
  when the data has one, else the federal platform's ("*").
- `coverage_start(state, year, selected_on)`: 45 CFR 155.410(f)(2): January 1 for a
  selection on or before the window's `january_first_through` date, else the first of the
  month after the selection.
- `termination_end(start, requested_on, wanted)`: 45 CFR 155.430(d)(2): the requested date
  with at least 14 days' notice, else 14 days after the request, moved to the end of that
  month; never before coverage begins, never after December 31 of the coverage year.
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

DATA = Path(__file__).parent / "data" / "open_enrollment.yaml"


class OutsideOpenEnrollment(Exception):
    """No plan selection is possible on this date for this coverage year."""

    def __init__(self, window: Window | None, on: date):
        self.window, self.on = window, on
        super().__init__(
            f"{on} is outside open enrollment "
            + (f"({window.opens} - {window.closes})" if window else "(no window in the data)")
        )


@dataclass(frozen=True)
class Window:
    coverage_year: int
    state: str
    opens: date
    closes: date
    january_first_through: date
    confirmed: bool
    source: str

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes


@dataclass(frozen=True)
class TerminationRule:
    notice_days: int
    end_of_month: bool
    citation: str


@lru_cache(maxsize=1)
def _load() -> tuple[dict[tuple[int, str], Window], TerminationRule]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    windows = {}
    for row in raw["windows"]:
        w = Window(
            coverage_year=int(row["coverage_year"]),
            state=str(row["state"]),
            opens=row["opens"],
            closes=row["closes"],
            january_first_through=row["january_first_through"],
            confirmed=bool(row["confirmed"]),
            source=" ".join(str(row["source"]).split()),
        )
        if not (w.opens <= w.january_first_through <= w.closes):
            raise ValueError(f"{DATA.name}: {w.state} {w.coverage_year} dates out of order")
        windows[(w.coverage_year, w.state)] = w
    t = raw["termination"]
    rule = TerminationRule(int(t["notice_days"]), bool(t["end_of_month"]), str(t["citation"]))
    return windows, rule


def window(state: str, year: int) -> Window | None:
    windows, _ = _load()
    return windows.get((year, state)) or windows.get((year, "*"))


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def coverage_start(state: str, year: int, selected_on: date) -> date:
    """45 CFR 155.410(f)(2): when coverage from a selection made on `selected_on` begins."""
    w = window(state, year)
    if w is None or not w.contains(selected_on):
        raise OutsideOpenEnrollment(w, selected_on)
    if selected_on <= w.january_first_through:
        return date(year, 1, 1)
    return first_of_next_month(selected_on)


def termination_end(coverage_start: date, requested_on: date, wanted: date | None) -> date:
    """45 CFR 155.430(d)(2): the last day of coverage for a termination the person asks for."""
    _, rule = _load()
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
