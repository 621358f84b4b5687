"""`marketplace renew --from YEAR --to YEAR+1 [--dry-run] [--workers N] [--report FILE]`
(docs/contracts.md 4.9): redetermine and renew every household enrolled in YEAR (45 CFR
155.335), with a progress bar and a report of outcomes (and, with `--report`, the same by
county and insurer as CSV: renewals/run_report.py); resumable after a kill, and a second run
changes nothing."""

from __future__ import annotations

import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from marketplace.renewals import run, run_report
from marketplace.renewals.models import Outcome, Renewal

LABELS = {
    Outcome.SAME_PLAN: "renewed in the same plan",
    Outcome.CROSSWALKED: "renewed in another plan (crosswalked)",
    Outcome.LOST_ELIGIBILITY: "lost eligibility",
    Outcome.MEDICAID_CHIP: "referred to Medicaid/CHIP",
    Outcome.NEEDS_ACTION: "needing action (must choose a plan)",
    Outcome.ALREADY_CHOSE: "already chose a plan for the new year",
    "failed": "could not be renewed (on the exceptions list)",
}
#: Households renewed into a plan without help the old policy had, counted again after the
#: outcomes (lines added at the end: the lines above keep their order and words).
LOST_LABELS = {
    "aptc_lost": "renewed, premium tax credit lost",
    "aptc_lost_ftr": "renewed, premium tax credit lost for failure to file and reconcile",
    "csr_lost": "renewed, cost-sharing reductions lost",
    "left_out": "someone left out of the new year's plan (their coverage ends)",
}


def _writable(path: str) -> None:
    """Refuse a report file that cannot be written, before the run starts."""
    try:
        with open(path, "w", encoding="utf-8"):
            pass
    except OSError as exc:
        raise CommandError(f"--report: cannot write {path}: {exc.strerror}") from None


class Progress:
    def __init__(self, total: int, stream):
        self.total, self.stream, self.started = total, stream, time.monotonic()

    def __call__(self, done: int) -> None:
        width = 30
        filled = int(width * done / self.total) if self.total else width
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"\r[{'#' * min(filled, width)}{'.' * max(width - filled, 0)}] "
            f"{done}/{self.total} {rate:.1f}/s"
        )
        self.stream.flush()


class Command(BaseCommand):
    help = "Redetermine and renew every household enrolled in a plan year (45 CFR 155.335)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_year", type=int, required=True)
        parser.add_argument("--to", dest="to_year", type=int, required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="compute every outcome, write nothing"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="worker processes (more than one needs PostgreSQL)",
        )
        parser.add_argument("--batch", type=int, default=run.BATCH, help="policies per transaction")
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="also write the outcomes by county and insurer to FILE (CSV)",
        )

    def handle(self, *args, from_year, to_year, dry_run, workers, batch, report, **options):
        if to_year != from_year + 1:
            raise CommandError(f"--to must be the year after --from ({from_year + 1})")
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers: {workers} is not between 1 and 64")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers: more than one needs PostgreSQL")
        if not 1 <= batch <= 5000:
            raise CommandError(f"--batch: {batch} is not between 1 and 5000")
        if report:
            _writable(report)  # refused now, not after an hour's run
        total = run.pending(from_year).count()
        stream = getattr(self.stderr, "_out", sys.stderr)  # the raw stream: no newline added
        progress = Progress(total, stream)
        started = time.monotonic()
        if dry_run:
            outcomes = run.dry_run(from_year, to_year, progress, batch)
        else:
            outcomes = run.run(from_year, to_year, workers=workers, batch=batch, progress=progress)
        progress(run.households(outcomes))
        stream.write("\n")
        self._report(from_year, to_year, outcomes, dry_run, time.monotonic() - started)
        if report:
            with open(report, "w", newline="", encoding="utf-8") as out:
                written = run_report.write(out, outcomes)
            self.stdout.write(f"Report by county and insurer: {written} rows in {report}.")

    def _report(self, from_year, to_year, outcomes: Counter, dry_run: bool, seconds: float):
        done = run.households(outcomes) - outcomes.get("failed", 0)  # counted on their own line
        verb = "would renew" if dry_run else "renewed"
        self.stdout.write(
            f"Renewal {from_year} -> {to_year}: {verb} {done} "
            f"{'policy' if done == 1 else 'policies'} in {seconds:.1f} s"
            f"{' (dry run: nothing written)' if dry_run else ''}."
        )
        for key, label in LABELS.items():
            self.stdout.write(f"  {label}: {outcomes.get(key, 0)}")
        if not dry_run:
            all_done = Renewal.objects.filter(from_year=from_year, to_year=to_year).count()
            left = run.pending(from_year).count()
            self.stdout.write(f"All runs: {all_done} renewed, {left} left.")
        for key, label in LOST_LABELS.items():
            self.stdout.write(f"  {label}: {outcomes.get(key, 0)}")
