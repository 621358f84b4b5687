"""Background work for Form 1095-A: the runs on the calendar (form1095a/schedule.py)."""

from __future__ import annotations

from marketplace.form1095a import schedule
from marketplace.jobs import recurring
from marketplace.jobs.queue import handler

recurring.register(schedule.ensure_next)


@handler(schedule.START)
def start(payload: dict) -> None:
    schedule.start(payload["year"], payload["day"])


@handler(schedule.SLICE)
def issue_slice(payload: dict) -> None:
    schedule.run_slice(payload)


@handler(schedule.JOIN)
def join(payload: dict) -> None:
    schedule.join(payload)
