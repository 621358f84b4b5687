"""Every pending notice PDF rendered in batches, on forked worker processes
(`marketplace render-notices`, docs/adr/0809-notice-pdfs-in-batches.md).

The parent loads Django, WeasyPrint, the fonts and the style sheet and lays out one page
(`render.warm_up`), freezes what it built out of the garbage collector's way
(`gc.freeze`), then forks: every worker starts warm and shares those pages with the parent.
Worker i takes the pending notices whose id is i modulo the number of workers, in id
order, a batch at a time. Each notice is written by one conditional UPDATE (`store_pdf`)
with its audit row, the batch in one transaction: a killed run leaves no notice half
written, and a rerun renders only the notices still queued. The PDFs are the bytes the
per-notice job (`notices.render`) makes: the same function renders both.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models.functions import Mod

from marketplace.audit import log as audit
from marketplace.core import batch_collector, bulk, children, crashpoints
from marketplace.core.transactions import atomic_action
from marketplace.notices.jobs import render_failed, store_pdf
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import RendererUnavailable, render_pdf, warm_up

BATCH = 50
# Kill point for the restart tests: `notices.render.batch_written:N` dies in a worker's Nth
# batch after its notices are written, before the transaction commits.
CRASH_POINT = "notices.render.batch_written"
FIELDS = ("id", "public_id", "kind", "language", "context", "status")


WorkerDied = children.WorkerDied  # what the command catches


@dataclass
class Tally:
    rendered: int = 0
    failed: int = 0
    cpu_seconds: float = 0.0  # time.process_time() of the workers, summed

    def add(self, other: Tally) -> None:
        self.rendered += other.rendered
        self.failed += other.failed
        self.cpu_seconds += other.cpu_seconds


def pending(kind: str | None = None):
    notices = Notice.objects.filter(status=NoticeStatus.QUEUED)
    return notices.filter(kind=kind) if kind else notices


def next_batch(kind: str | None, after: int, batch: int, slot: int = 0, slots: int = 1):
    """The next `batch` pending notices (of `kind`) of worker `slot` of `slots`, in id order
    from `after`: read through the partial index of the queued notices (ADR 0830)."""
    share = pending(kind).filter(pk__gt=after).only(*FIELDS).order_by("id")
    if slots > 1:
        share = share.alias(slot=Mod("id", slots)).filter(slot=slot)
    return share[:batch]


def work(kind: str | None, batch: int, slot: int = 0, slots: int = 1, after_batch=None) -> Tally:
    """This process's share of the pending notices, batch by batch; its CPU seconds."""
    started, tally, last, batches = time.process_time(), Tally(), 0, 0
    with batch_collector.held_back():  # ADR 0829
        while notices := list(next_batch(kind, last, batch, slot, slots)):
            last, batches = notices[-1].pk, batches + 1
            _render_batch(notices, tally, batches)
            if after_batch is not None:
                after_batch()
    tally.cpu_seconds = time.process_time() - started
    return tally


def _render_batch(notices: list[Notice], tally: Tally, number: int) -> None:
    made = []
    for notice in notices:
        try:
            made.append((notice, *render_pdf(*_arguments(notice))))
        except (RendererUnavailable, DatabaseError):
            raise  # an outage: the run stops, a rerun carries on
        except Exception as exc:  # this notice's content: on the exceptions list
            render_failed(notice, exc)
            tally.failed += 1
    tally.rendered += _store(made, number)


@atomic_action
def _store(made: list[tuple], number: int) -> int:
    """Store the batch's PDFs with their audit rows in one transaction, run again after a
    deadlock (ADR 1704): each PDF goes in by a conditional UPDATE, so a run again writes
    what the rolled-back run did not keep. How many were stored."""
    events = [
        audit.unsaved("notice.rendered", actor_label="worker", obj=notice, pages=pages)
        for notice, pdf, pages in made
        if store_pdf(notice, pdf, pages)
    ]
    audit.record_many(events)
    _crash_point(number)
    return len(events)


def _arguments(notice: Notice) -> tuple:
    return notice.kind, notice.language, notice.context, str(notice.public_id)


def _crash_point(batch_number: int) -> None:
    armed = crashpoints.armed_value(CRASH_POINT)
    if armed is not None and batch_number >= int(armed or 1):
        crashpoints.die(CRASH_POINT)


def run(
    kind: str | None = None,
    *,
    workers: int = 1,
    batch: int = BATCH,
    progress: Callable[[], None] | None = None,
) -> Tally:
    """Render every pending notice (of `kind`) on `workers` processes; this run's tally.
    The notices' statistics are refreshed first: a batch's read is planned from them
    (ADR 0830)."""
    bulk.refresh_statistics([Notice])
    warm_up()
    if workers <= 1:
        return work(kind, batch, after_batch=progress)
    gc.collect()
    gc.freeze()  # the warm parent's objects: never scanned, so their pages stay shared
    try:
        return _fork(kind, workers, batch, progress)
    finally:
        gc.unfreeze()


def _fork(kind, workers: int, batch: int, progress) -> Tally:
    shares = [(kind, batch, slot, workers) for slot in range(workers)]
    total = Tally()
    for tally in children.in_workers(work, shares, progress):
        total.add(tally)
    return total
