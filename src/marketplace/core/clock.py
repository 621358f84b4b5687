"""The exchange's one clock (docs/contracts.md 4.7; docs/adr/0006-one-clock-and-the-plan-year.md).

Every business date and time goes through here: open-enrollment windows and coverage
effective dates, verification deadlines and the jobs that run on them, notice dates, the
"decided on" time of a determination, the dates in 834s.

- `today()`: the date in the served state's time zone (settings.TIME_ZONE, from
  core/time_zones.py).
- `now()`: an aware datetime in that zone.

`MARKETPLACE_TODAY=YYYY-MM-DD` (demo, training, tests; refused in production by settings.py)
moves the clock by whole days: on the day the settings are read, `today()` is that date;
the time of day keeps running and the date turns at midnight as usual, so times stay in
order. Tests move it with the `settings` fixture or `override_settings(MARKETPLACE_TODAY=...)`.

The job queue schedules and claims on this clock, so a deadline job runs when the clock
reaches its day. Infrastructure times that no person or rule reads (sessions, sign-in
throttles, MFA codes, a notice's rendering time) stay on `django.utils.timezone.now()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def zone() -> ZoneInfo:
    """The served state's time zone."""
    return ZoneInfo(settings.TIME_ZONE)


def offset(real_today: date | None = None) -> timedelta:
    """How far `MARKETPLACE_TODAY` moves the clock (zero when it is not set).
    `real_today`: the real date in the served state's time zone, when at hand."""
    moved_to = getattr(settings, "MARKETPLACE_TODAY", None)
    if moved_to is None:
        return timedelta(0)
    started = getattr(settings, "MARKETPLACE_CLOCK_STARTED", None)
    if started is None:
        started = real_today or timezone.localtime(timezone.now(), zone()).date()
    return timedelta(days=(moved_to - started).days)


def is_moved() -> bool:
    return offset() != timedelta(0)


def now() -> datetime:
    """The exchange's current time, aware, in the served state's time zone."""
    real = timezone.localtime(timezone.now(), zone())
    return real + offset(real.date())


def today() -> date:
    """The exchange's date, in the served state's time zone."""
    return now().date()


def local(moment: datetime) -> datetime:
    """`moment` (aware) in the served state's time zone."""
    return timezone.localtime(moment, zone())


def local_date(moment: datetime) -> date:
    """The date `moment` (aware) falls on in the served state's time zone."""
    return local(moment).date()


@contextmanager
def moved_to(day: date) -> Iterator[None]:
    """Run a block as if today were `day` (seeding households in a plan year's open
    enrollment, docs/contracts.md 4.5). Refused in production, like MARKETPLACE_TODAY."""
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError("the exchange's clock cannot be moved in production")
    saved = getattr(settings, "MARKETPLACE_TODAY", None)
    settings.MARKETPLACE_TODAY = day
    try:
        yield
    finally:
        settings.MARKETPLACE_TODAY = saved


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """`day` at `hour`:`minute` in the served state's time zone, aware."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone())
