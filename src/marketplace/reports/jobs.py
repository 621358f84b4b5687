"""Background work for the officials' reports: the rollup of closed days (reports/rollup.py),
recounted and queued again every MARKETPLACE_REPORTS_ROLLUP_MINUTES."""

from __future__ import annotations

from marketplace.jobs.queue import handler
from marketplace.reports import rollup


@handler(rollup.JOB)
def recount(payload: dict) -> None:
    rollup.recount()
    rollup.schedule_next()
