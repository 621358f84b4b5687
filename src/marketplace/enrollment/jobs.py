"""Background work for enrollments: the daily run that moves grace periods for non-payment
on (enrollment/grace.py), on the exchange's one clock.

The run for a day is queued once (its dedupe key is the day) by whatever opens a grace
period, and each run queues the next day's while a grace period is open, so the work goes
on through the durable queue with no timer outside it. Running a day twice changes nothing
the second time (each month's notice is sent once; a policy is terminated once)."""

from __future__ import annotations

from datetime import timedelta

from marketplace.core import clock
from marketplace.enrollment import grace
from marketplace.enrollment.models import GracePeriod, GraceStatus
from marketplace.jobs.queue import handler


@handler(grace.DAILY_JOB)
def grace_daily(payload: dict) -> None:
    grace.advance(clock.today())
    if GracePeriod.objects.filter(status=GraceStatus.OPEN).exists():
        grace.schedule_daily(clock.today() + timedelta(days=1))
