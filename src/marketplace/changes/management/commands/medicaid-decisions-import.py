"""`marketplace medicaid-decisions-import FILE`: read the state Medicaid/CHIP agency's
decisions about the people we referred (JSON Lines, docs/formats/medicaid-decisions.md) and
act on each one: a finding of ineligibility redetermines the household (docs/adr/0713).
A line that cannot be used goes on the exceptions list; reading a file again changes
nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.changes import medicaid_decisions as decisions


class Command(BaseCommand):
    help = "Read the Medicaid/CHIP agency's decisions about the people we referred."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The agency's JSON Lines file.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"file: {file} is not a file we can read.")
        counts = decisions.read_file(file)
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
