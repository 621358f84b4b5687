"""`marketplace rules-status YEAR` (docs/contracts.md 4.8): every parameter in force for the
coverage
year - name, value or a summary of a table, source, how it was read, confirmed or not - and
what changed from the year before. Exits 0 (also for a year the engine refuses: it says
which parameters have no value in force).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from aca_rules.io import FIRST_YEAR, LAST_YEAR
from marketplace.readiness.report import status_json, status_lines


class Command(BaseCommand):
    help = "Print every rules parameter in force for a coverage year and what changed."

    def add_arguments(self, parser):
        parser.add_argument("year", help="coverage year, e.g. 2027")
        parser.add_argument("--state", help="also print each state table's value for this state")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args, **options):
        try:
            year = int(options["year"])
        except ValueError:
            message = f"YEAR must be a whole number such as 2027, not {options['year']!r}"
            raise CommandError(message) from None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            message = f"YEAR must be a coverage year from {FIRST_YEAR} to {LAST_YEAR}, not {year}"
            raise CommandError(message)
        state = (options.get("state") or "").strip().upper() or None
        if options["json"]:
            self.stdout.write(json.dumps(status_json(year), indent=2, ensure_ascii=False))
            return
        for line in status_lines(year, state):
            self.stdout.write(line)
