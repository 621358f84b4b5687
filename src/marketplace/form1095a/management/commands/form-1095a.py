"""`marketplace form-1095a --year YEAR --out DIR` (docs/contracts.md 4.10): a Form 1095-A for every
policy of YEAR (original, corrected or void as due) as a PDF under DIR/pdf/, in each
person's message center (and mailed where chosen), and the annual data file of the same
figures (DIR/form1095a-YEAR.xml); prints how many of each kind. Resumable and idempotent: a
second run issues nothing new and writes the same data file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from marketplace.core.files import restrict_umask
from marketplace.form1095a import batch
from marketplace.notices.render import RendererUnavailable


class Command(BaseCommand):
    help = "Write Form 1095-A for every policy of a year (PDFs, notices) and the data file."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The coverage year.")
        parser.add_argument("--out", required=True, help="Folder for the PDFs and data file.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes computing the forms (PostgreSQL; one per core). Default 1.",
        )
        parser.add_argument(
            "--no-pdf",
            action="store_true",
            help="Figures and data file only (the PDFs on a later run).",
        )

    def handle(self, *args, year, out, no_pdf, workers, **options):
        if not 2014 <= year <= 2100:
            raise CommandError(f"--year: {year} is not a coverage year")
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers: {workers} is not between 1 and 64")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers: more than one needs PostgreSQL")
        restrict_umask()  # the forms hold personal data: for this user only
        try:
            counts = batch.run(year, Path(out), documents=not no_pdf, workers=workers)
        except RendererUnavailable as exc:
            raise CommandError(f"PDF rendering is not available on this machine: {exc}") from exc
        self.stdout.write(
            f"form-1095a {year}: {counts.policies} policies: {counts.original} original, "
            f"{counts.corrected} corrected, {counts.void} void, {counts.unchanged} unchanged, "
            f"{counts.without_coverage} without coverage, {counts.exceptions} exceptions; "
            f"{counts.pdfs} PDFs written; data file {counts.data_file} "
            f"({counts.records} records)"
        )
