"""`marketplace import-puf --year YEAR DIR`: import CMS Exchange PUF files, all or nothing.

See docs/howto/load-plans.md. Every file is read and checked first; only then is anything
written, in one transaction. A bad file changes nothing: the command lists the problems
(file, row, column) and exits with status 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.catalog.importer import ImportBlocked, known_geography, write_bundle
from marketplace.catalog.puf.bundle import read_directory
from marketplace.catalog.puf.problems import PufInvalid


class Command(BaseCommand):
    help = "Import CMS Exchange PUF CSV files (plan attributes, rates, service areas, benefits)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--year", type=int, required=True, help="the plan year of the files")
        parser.add_argument(
            "--progress", action="store_true", help="show progress (default: when stderr is a TTY)"
        )

    def handle(self, *args, directory: Path, year: int, progress: bool, **options):
        if not 2014 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plan year")
        show = progress or sys.stderr.isatty()
        reporter = ProgressLine(self.stderr) if show else None
        started = time.monotonic()
        try:
            bundle = read_directory(directory, year, known_geography(year), reporter)
            record = write_bundle(bundle, reporter)
        except PufInvalid as exc:
            raise CommandError(f"nothing was imported; the files have problems:\n{exc}") from None
        except ImportBlocked as exc:
            raise CommandError(f"nothing was imported: {exc}") from None
        if reporter is not None:
            reporter.done()
        counts = record.counts
        self.stdout.write(
            f"Imported plan year {year} for {', '.join(record.states)} from {directory} in "
            f"{time.monotonic() - started:.1f} s: {counts['issuers']} issuers, "
            f"{counts['plans']} plans, {counts['variants']} variants, {counts['rates']} rates, "
            f"{counts['benefits']} benefits."
        )
        if counts.get("state_program_plans") or counts.get("state_variant_levels"):
            self.stdout.write(
                f"State programs: {counts.get('state_program_plans', 0)} plans of a state "
                f"program, {counts.get('state_variant_levels', 0)} state cost-sharing levels."
            )
        skipped = {k: v for k, v in counts.items() if k.startswith("skipped_") and v}
        if skipped:
            self.stdout.write("Skipped: " + ", ".join(f"{k[8:]} {v}" for k, v in skipped.items()))


class ProgressLine:
    """One progress line on stderr: `rate-puf.csv: 300,000 rows (12 s)`."""

    def __init__(self, stream):
        self.stream = stream
        self.started = time.monotonic()

    def __call__(self, what: str, rows: int) -> None:
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{what}: {rows:,} rows ({elapsed:.0f} s)   ", ending="")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("")
