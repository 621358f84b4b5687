"""The dashboard's rollup: closed days counted once, so the page stays fast at a million
households (docs/adr/1604-dashboard-rollup.md).

`recount()` counts every figure of the dashboard from the records (funnel.facts, the same
queries the page uses), for every record stamped before the moment it starts, grouped by
day and by every filter, and replaces the reports.DailyFigure rows with them in one
transaction. The dashboard then reads the days from the rollup (a few thousand rows a
month) and counts the records stamped from that moment on (the last few minutes, or more
if the job has not run) from the records, and adds the two: `funnel.Figures` add up over
disjoint sets of records.

The `reports.rollup` job recounts, then queues its next run
`MARKETPLACE_REPORTS_ROLLUP_MINUTES` later (a dedupe key per run time), so the work goes on
through the durable queue with no timer outside it. The dashboard queues a first run when
none is queued (`ensure_scheduled`), and `marketplace reports-rollup` runs a count at once
and queues the job. A record that changes after its day was counted (a policy
effectuated or cancelled later) shows at the next count; the page says when that was.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum

from marketplace.core import bulk, clock
from marketplace.reports import funnel
from marketplace.reports.filters import Filters
from marketplace.reports.models import DailyFigure, Rollup

JOB = "reports.rollup"


def state() -> Rollup | None:
    return Rollup.objects.order_by("-pk").first()


def split(f: Filters) -> tuple[Filters | None, Filters | None]:
    """(the part of `f` the rollup covers: its days up to the day it counted, the part
    counted from the records: every record from the moment it counted on)."""
    found = state()
    if found is None:
        return None, f
    counted = clock.local(found.counted_at)
    counted_day = counted.date()
    rolled = replace(f, end=min(f.end, counted_day)) if f.start <= counted_day else None
    live = replace(f, start=max(f.start, counted_day), not_before=counted)
    return rolled, (live if f.end >= counted_day else None)


def _filtered(f: Filters):
    query = DailyFigure.objects.filter(day__range=(f.start, f.end))
    for name in ("county", "channel", "language"):
        if getattr(f, name):
            query = query.filter(**{name: getattr(f, name)})
    if f.metal:  # a metal level is known of policies only (as the live queries apply it)
        query = query.filter(Q(metal=f.metal) | ~Q(stage__in=["selections", "effectuated"]))
    return query


def figures(f: Filters) -> funnel.Figures:
    """The rollup's figures for `f` (its days must be counted): three small queries."""
    result = funnel.Figures()
    totals = _filtered(f).filter(dimension="")
    for row in totals.values("stage", "day").annotate(n=Sum("count")):
        result.per_day[(row["stage"], row["day"])] += row["n"]
    chosen = totals.filter(stage="selections").values("metal", "county", "language", "channel")
    for row in chosen.annotate(
        n=Sum("count"), before=Sum("premium"), after=Sum("premium_after_credit")
    ):
        result.base[(row["metal"], row["county"], row["language"], row["channel"])] += row["n"]
        result.money["before"] += row["before"]
        result.money["after"] += row["after"]
    broken_down = _filtered(f).exclude(dimension="").values("stage", "dimension", "value")
    for row in broken_down.annotate(n=Sum("count")):
        result.dims[(row["stage"], row["dimension"], row["value"])] += row["n"]
    return result


def recount() -> Rollup:
    """Count every record from before now again and replace the rollup: closed days whole,
    today up to now (records from now on are counted live by the page)."""
    started = time.perf_counter()
    moment = clock.now()
    whole = Filters(start=funnel.first_day(), end=moment.date(), not_after=moment)
    with transaction.atomic():
        rows = [DailyFigure(**fact) for fact in funnel.facts(whole) if fact["count"]]
        DailyFigure.objects.all().delete()
        bulk.insert(rows)
        Rollup.objects.all().delete()
        return Rollup.objects.create(
            counted_through=moment.date(),
            counted_at=moment,
            seconds=round(time.perf_counter() - started, 3),
        )


def minutes() -> int:
    return int(getattr(settings, "MARKETPLACE_REPORTS_ROLLUP_MINUTES", 10))


def schedule_next() -> None:
    """Queue the next count `minutes()` from now (one job per run time, however many ask)."""
    from marketplace.jobs.queue import enqueue

    at = clock.now() + timedelta(minutes=minutes())
    at = at.replace(second=0, microsecond=0)
    enqueue(JOB, {}, dedupe_key=f"{JOB}:{at.isoformat()}", run_after=at)


def ensure_scheduled() -> None:
    """Queue a count now unless one is already queued or running (the dashboard calls this,
    so the first official to open it starts the cycle; the job keeps it going)."""
    from marketplace.jobs.models import Job, JobStatus
    from marketplace.jobs.queue import enqueue

    waiting = Job.objects.filter(kind=JOB, status__in=[JobStatus.PENDING, JobStatus.RUNNING])
    if not waiting.exists():
        at = clock.now().replace(second=0, microsecond=0)
        enqueue(JOB, {}, dedupe_key=f"{JOB}:{at.isoformat()}", run_after=at)
