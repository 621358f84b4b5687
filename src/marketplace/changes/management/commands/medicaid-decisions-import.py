"""`marketplace medicaid-decisions-import FILE [--workers N]`: read the state Medicaid/CHIP
agency's decisions about the people we referred (JSON Lines,
docs/formats/medicaid-decisions.md) and act on each one: a finding of ineligibility
redetermines the household (docs/adr/0713). A line that cannot be used goes on the
exceptions list; reading a file again changes nothing. `--workers N` (PostgreSQL) reads
the households on N processes (docs/adr/0838)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from marketplace.changes import medicaid_decisions as decisions


class Command(BaseCommand):
    help = "Read the Medicaid/CHIP agency's decisions about the people we referred."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The agency's JSON Lines file.")
        parser.add_argument(
            "--workers", type=int, default=1, help="processes in parallel (PostgreSQL only)"
        )

    def handle(self, *args, file: Path, workers: int, **options):
        if not file.is_file():
            raise CommandError(f"file: {file} is not a file we can read.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers above 1 needs PostgreSQL (DATABASE_URL=postgres://...).")
        try:
            counts = decisions.read_file(file, workers=workers)
        except decisions.WorkerDied as exc:
            raise CommandError(str(exc)) from exc
        read = sum(counts.values())
        self.stdout.write(
            f"Read {read} decisions from {file.name}: "
            f"{counts[decisions.REDETERMINED]} not eligible, households redetermined; "
            f"{counts[decisions.NOT_ELIGIBLE_ONLY]} not eligible, recorded only (a newer "
            "determination or other facts since); "
            f"{counts[decisions.ELIGIBLE]} eligible; "
            f"{counts[decisions.ALREADY]} already recorded; "
            f"{counts[decisions.REFUSED]} on the exceptions list."
        )
