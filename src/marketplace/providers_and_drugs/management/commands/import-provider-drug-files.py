"""`marketplace import-provider-drug-files DIR [--year YEAR]`: load issuers' machine-readable
provider and formulary files (CMS QHP JSON: index.json, plans.json, providers.json,
drugs.json).

DIR is one issuer's directory (it holds index.json or cms-data-index.json) or a directory
of such directories. Per issuer, in one transaction, the new files replace the issuer's
data for each plan year they offer plans in (only YEAR with --year). A record that cannot
load goes to the exceptions list with its reason and the rest loads; a file that cannot be
read changes nothing for its issuer. Exit status 1 when an issuer's files were refused.
See docs/howto/load-provider-and-drug-files.md.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.providers_and_drugs.importer import import_directory
from marketplace.providers_and_drugs.models import ImportException
from marketplace.providers_and_drugs.qhp_files import FilesUnreadable

SHOWN_EXCEPTIONS = 20


class Command(BaseCommand):
    help = "Import issuers' provider and formulary files (CMS QHP machine-readable JSON)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--year", type=int, help="only this plan year (default: every year)")

    def handle(self, *args, directory: Path, year: int | None, **options):
        if year is not None and not 2014 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plan year")
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        started = time.monotonic()
        try:
            results = import_directory(
                directory, year=year, actor_label="import-provider-drug-files"
            )
        except FilesUnreadable as exc:
            raise CommandError(str(exc)) from None
        refused = 0
        for result in results:
            if result.refused:
                refused += 1
                self.stderr.write(f"{result.directory}: nothing imported: {result.refused}")
            for issuer_id, skipped in result.skipped_years:
                self.stdout.write(
                    f"{result.directory}: issuer {issuer_id} offers no plan in {skipped}; "
                    "its data for that year is unchanged."
                )
            for file_import in result.imports:
                self._report(file_import)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
        if refused:
            raise CommandError(f"{refused} issuer directory(ies) could not be read")

    def _report(self, file_import) -> None:
        c = file_import.counts
        self.stdout.write(
            f"Issuer {file_import.issuer_id}, {file_import.year}: {c['plans']} plans, "
            f"{c['providers']} providers ({c['network_entries']} network entries), "
            f"{c['drugs']} drugs ({c['formulary_entries']} formulary entries), "
            f"{c['exceptions']} exceptions."
        )
        exceptions = ImportException.objects.filter(file_import=file_import)
        for item in exceptions[:SHOWN_EXCEPTIONS]:
            number = f" record {item.record_number}" if item.record_number else ""
            label = f" ({item.identifier})" if item.identifier else ""
            self.stdout.write(f"  exception: {item.file_name}{number}{label}: {item.reason}")
        if c["exceptions"] > SHOWN_EXCEPTIONS:
            self.stdout.write(
                f"  ... and {c['exceptions'] - SHOWN_EXCEPTIONS} more (staff page: "
                "/find/files/, or the providers_and_drugs_importexception table)."
            )
