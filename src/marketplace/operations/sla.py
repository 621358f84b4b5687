"""Daily service figures for `marketplace sla-report`: availability, p95 latency and error
rate per day, from the same requests /metrics counts.

Each web process keeps its day's counts in memory (the latency buckets of /metrics'
histogram) and adds them to DailyRequests at most every FLUSH_SECONDS, with additive
UPDATEs, so any number of processes on any number of machines add up. A process killed
between flushes loses at most those seconds of counts.

- availability: the share of requests not answered with a server error (5xx); a request
  held in the waiting room counts as served (it got a page, by design);
- error rate: the share answered 5xx;
- p95 latency: the upper bound of the latency bucket that holds the 95th percentile.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.db.models import F

from marketplace.core import clock
from marketplace.operations.models import DailyRequests

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, float("inf"))
TOTAL = -1.0
FLUSH_SECONDS = 30.0
_INF = 1e9  # stored for the +Inf bucket
_BOUNDS = tuple(_INF if bound == float("inf") else bound for bound in BUCKETS)


class _Today:
    """The exchange's date (clock.today()), read at most once per second of real time:
    every request needs it and reading it means a time-zone conversion and the settings.
    The day turns at most a second late at midnight; a moved clock (MARKETPLACE_TODAY,
    clock.moved_to) or a changed setting (tests) is seen at once."""

    def __init__(self):
        self.cached: tuple = ((), None)  # (the second and the clock's setting, the day)

    def __call__(self) -> date:
        key = (int(time.time()), getattr(settings, "MARKETPLACE_TODAY", None))
        seen, day = self.cached  # one tuple: threads never see a key with another's day
        if seen != key:
            day = clock.today()
            self.cached = (key, day)
        return day

    def forget(self, **kwargs) -> None:
        self.cached = ((), None)


today = _Today()
setting_changed.connect(today.forget)


class _Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.pending: dict[tuple[date, float], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.flushed_at = time.monotonic()

    def add(self, seconds: float, status: int, held: bool) -> None:
        day = today()
        le = _BOUNDS[bisect_left(BUCKETS, seconds)]  # the first bound >= seconds
        with self.lock:
            totals = self.pending[(day, TOTAL)]
            totals[0] += 1
            totals[1] += status >= 500
            totals[2] += held
            self.pending[(day, le)][0] += 1
            due = time.monotonic() - self.flushed_at >= FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, defaultdict(lambda: [0, 0, 0])
            self.flushed_at = time.monotonic()
        for (day, le), (requests, errors, held) in pending.items():
            _add(day, le, requests, errors, held)


def _add(day, le, requests, errors, held) -> None:
    changes = {
        "requests": F("requests") + requests,
        "errors": F("errors") + errors,
        "held": F("held") + held,
    }
    if DailyRequests.objects.filter(day=day, le=le).update(**changes):
        return
    try:
        with transaction.atomic():
            DailyRequests.objects.create(
                day=day, le=le, requests=requests, errors=errors, held=held
            )
    except IntegrityError:
        DailyRequests.objects.filter(day=day, le=le).update(**changes)


COUNTS = _Counts()


@dataclass(frozen=True)
class Day:
    day: date
    requests: int
    errors: int
    held: int
    p95_seconds: float | None

    @property
    def availability(self) -> float | None:
        return None if not self.requests else 1 - self.errors / self.requests

    @property
    def error_rate(self) -> float | None:
        return None if not self.requests else self.errors / self.requests


def days(start: date, end: date) -> list[Day]:
    rows = DailyRequests.objects.filter(day__range=(start, end))
    by_day: dict[date, dict[float, DailyRequests]] = defaultdict(dict)
    for row in rows:
        by_day[row.day][row.le] = row
    found = []
    for day in sorted(by_day):
        buckets = by_day[day]
        total = buckets.get(TOTAL)
        requests = total.requests if total else 0
        found.append(
            Day(
                day=day,
                requests=requests,
                errors=total.errors if total else 0,
                held=total.held if total else 0,
                p95_seconds=_p95(buckets, requests),
            )
        )
    return found


def _p95(buckets: dict, requests: int) -> float | None:
    if not requests:
        return None
    needed = 0.95 * requests
    seen = 0
    for le in sorted(b for b in buckets if b != TOTAL):
        seen += buckets[le].requests
        if seen >= needed:
            return None if le >= _INF else le
    return None
