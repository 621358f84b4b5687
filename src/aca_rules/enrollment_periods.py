"""Open enrollment periods and coverage effective dates, from the dated parameter
`open_enrollment_period` (parameters/open_enrollment.yaml).

- `period(state, year)`: the open enrollment period for coverage year `year` (45 CFR
  155.410(e)): the state's own dates when the data has them, else those that hold for every
  exchange without its own ("*", the federal platform's).
- `OpenEnrollment.coverage_start(selected_on)`: 45 CFR 155.410(f): when coverage from a plan
  selection made in the period begins.
- `year_on_offer(state, on)`: the coverage year a person shops for on `on`: the next year
  while its open enrollment period is running, else the current year.
- `next_period(state, on)`: the next period that has not yet opened on `on`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from aca_rules import parameters as P

PARAMETER = "open_enrollment_period"
EVERY_EXCHANGE = "*"
_RELATIVE = re.compile(r"^Y(-1)?-(\d\d)-(\d\d)$")


class OutsideOpenEnrollment(ValueError):
    """No plan selection for this coverage year is possible on this date (without a special
    enrollment period, 45 CFR 155.420, which this exchange does not take online)."""

    def __init__(self, period: OpenEnrollment | None, on: date):
        self.period, self.on = period, on
        where = f"({period.opens} - {period.closes})" if period else "(no period in the data)"
        super().__init__(f"{on} is outside open enrollment {where}")


@dataclass(frozen=True)
class OpenEnrollment:
    coverage_year: int
    state: str
    opens: date
    closes: date
    monthly_deadline: int
    read: str
    source: str
    #: True when the state has dates of its own for this year (not the "*" default).
    own_dates: bool

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    @property
    def january_first_through(self) -> date:
        """The last day a selection starts coverage on January 1."""
        return date(self.coverage_year - 1, 12, min(self.monthly_deadline, 31))

    def coverage_start(self, selected_on: date) -> date:
        """45 CFR 155.410(f): the first day of the month after the selection when it is made
        on or before the monthly deadline, else the first day of the month after that; never
        before January 1 of the coverage year. Outside the period: OutsideOpenEnrollment."""
        if not self.contains(selected_on):
            raise OutsideOpenEnrollment(self, selected_on)
        months = 1 if selected_on.day <= self.monthly_deadline else 2
        index = selected_on.year * 12 + selected_on.month - 1 + months
        start = date(index // 12, index % 12 + 1, 1)
        return max(start, date(self.coverage_year, 1, 1))


def _day(relative: str, year: int) -> date:
    """'Y-1-11-01' -> November 1 of year - 1; 'Y-01-15' -> January 15 of year."""
    match = _RELATIVE.match(str(relative))
    if match is None:
        raise ValueError(f"{PARAMETER}: {relative!r} is not a date like Y-1-11-01 or Y-01-15")
    before, month, day = match.groups()
    return date(year - (1 if before else 0), int(month), int(day))


def _value(state: str, year: int):
    """The value record in force for `state` (or every exchange's) and whether it is the
    state's own."""
    param = P.parameters()[PARAMETER]
    on = P.lookup(PARAMETER, year)
    for key in (state, EVERY_EXCHANGE):
        try:
            return param.entry_at(on, key), key != EVERY_EXCHANGE
        except KeyError:
            continue
    return None


def period(state: str, year: int) -> OpenEnrollment | None:
    """The open enrollment period for coverage year `year` in `state` (None: no data)."""
    found = _value(state, year)
    if found is None:
        return None
    record, own = found
    value = record.value
    opens, closes = _day(value["opens"], year), _day(value["closes"], year)
    deadline = int(value["monthly_deadline"])
    if not (opens <= closes and 1 <= deadline <= 31):
        raise ValueError(f"{PARAMETER}: {state} {year}: dates out of order")
    return OpenEnrollment(
        coverage_year=year,
        state=state,
        opens=opens,
        closes=closes,
        monthly_deadline=deadline,
        read="assumed" if record.note == "assumed" else record.how_read,
        source="; ".join(" ".join(s.title.split()) for s in record.sources),
        own_dates=own,
    )


def year_on_offer(state: str, on: date) -> int:
    """The coverage year on offer on `on`: next year's while its open enrollment period runs
    (45 CFR 155.410(e): the period precedes the coverage year), else this year's."""
    upcoming = period(state, on.year + 1)
    return on.year + 1 if upcoming is not None and upcoming.contains(on) else on.year


def next_period(state: str, on: date) -> OpenEnrollment | None:
    """The first open enrollment period that opens after `on`."""
    for year in (on.year, on.year + 1, on.year + 2):
        found = period(state, year)
        if found is not None and found.opens > on:
            return found
    return None
