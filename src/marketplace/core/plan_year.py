"""The plan year on offer follows the clock (docs/adr/0006-one-clock-and-the-plan-year.md).

During the open enrollment period for next year (45 CFR 155.410(e)) the shopping pages and
new applications offer next year's plans; the rest of the year, this year's.
`MARKETPLACE_PLAN_YEAR` (a whole year, e.g. 2026) overrides it for the whole deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from aca_rules import enrollment_periods
from aca_rules.enrollment_periods import OpenEnrollment
from marketplace.core import clock


def on_offer(state: str | None = None, on: date | None = None) -> int:
    """The coverage year a person shops for and applies for, today (or `on`)."""
    configured = getattr(settings, "MARKETPLACE_PLAN_YEAR", 0)
    if configured:
        return int(configured)
    return enrollment_periods.year_on_offer(
        state or settings.MARKETPLACE_STATE, on or clock.today()
    )


@dataclass(frozen=True)
class EnrollmentStatus:
    """Where today stands against a coverage year's open enrollment period, for the pages."""

    year: int
    today: date
    period: OpenEnrollment | None
    next_period: OpenEnrollment | None

    @property
    def is_open(self) -> bool:
        return self.period is not None and self.period.contains(self.today)

    @property
    def not_yet_open(self) -> bool:
        return self.period is not None and self.today < self.period.opens

    @property
    def has_ended(self) -> bool:
        return self.period is None or self.today > self.period.closes


def enrollment_status(year: int, state: str | None = None, on: date | None = None):
    """The open enrollment period for `year`, whether it is open on `on` (default today),
    and the next period to open (for "the next open enrollment opens on ...")."""
    state = state or settings.MARKETPLACE_STATE
    on = on or clock.today()
    return EnrollmentStatus(
        year=year,
        today=on,
        period=enrollment_periods.period(state, year),
        next_period=enrollment_periods.next_period(state, on),
    )
