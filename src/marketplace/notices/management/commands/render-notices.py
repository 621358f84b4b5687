"""`marketplace render-notices [--kind KIND] [--workers N] [--batch N]`: render every pending
notice PDF for the message center and the mail house, in batches on N forked workers, with
a progress line; resumable after a kill (docs/runbooks/mail-house.md)."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from marketplace.notices import batch as notice_batch
from marketplace.notices.models import NoticeKind


class Progress:
    """`rendered/total` and the rate, rewritten in place on stderr."""

    def __init__(self, kind: str | None, total: int, stream):
        self.kind, self.total, self.stream = kind, total, stream
        self.started = time.monotonic()

    def __call__(self) -> None:
        done = self.total - notice_batch.pending(self.kind).count()
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(f"\r{done}/{self.total} notice PDFs, {rate * 3600:,.0f} an hour")
        self.stream.flush()


class Command(BaseCommand):
    help = "Render every pending notice PDF in batches on worker processes."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=NoticeKind.values, help="only notices of this kind")
        parser.add_argument(
            "--workers", type=int, default=1, help="processes (more than one needs PostgreSQL)"
        )
        parser.add_argument("--batch", type=int, default=notice_batch.BATCH)

    def handle(self, *args, kind, workers, batch, **options):
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers: {workers} is not between 1 and 64")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers: more than one needs PostgreSQL")
        if not 1 <= batch <= 1000:
            raise CommandError(f"--batch: {batch} is not between 1 and 1000")
        total = notice_batch.pending(kind).count()
        stream = getattr(self.stderr, "_out", sys.stderr)  # the raw stream: no newline added
        progress = Progress(kind, total, stream)
        started = time.monotonic()
        try:
            tally = notice_batch.run(kind, workers=workers, batch=batch, progress=progress)
        except notice_batch.WorkerDied as exc:
            raise CommandError(str(exc)) from exc
        progress()
        stream.write("\n")
        self._report(tally, time.monotonic() - started, kind)

    def _report(self, tally: notice_batch.Tally, seconds: float, kind: str | None) -> None:
        self.stdout.write(
            f"Rendered {tally.rendered} notice PDFs in {seconds:.1f} s; "
            f"{tally.failed} could not be prepared (on the exceptions list); "
            f"{notice_batch.pending(kind).count()} left."
        )
        if tally.rendered:
            per = tally.cpu_seconds / tally.rendered
            self.stdout.write(
                f"Worker CPU: {tally.cpu_seconds:.3f} s, {per * 1000:.1f} ms a notice, "
                f"{3600 / per:,.0f} notices an hour of CPU."
            )
