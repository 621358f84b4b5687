"""`marketplace load-demo`: generate the demo catalog and import it through `import-puf`.

Writes PUF-format files for MA, VT and NC, plan years 2025, 2026 and 2027 (catalog/demo), into
var/demo-puf/ (or --out), then runs `import-puf --year YEAR` on each year's directory: the
demo takes the same road as a state's real files. Apps above the catalog then load their own
demo data for the same years through the `demo_catalog_loaded` hook (catalog/signals.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from marketplace.catalog.demo.data import YEARS
from marketplace.catalog.demo.generator import generate
from marketplace.catalog.signals import demo_catalog_loaded


class Command(BaseCommand):
    help = "Generate the demo catalog (MA, VT, NC; 2025 to 2027) and import it."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="where to write the files")
        parser.add_argument("--year", type=int, action="append", help="only this plan year")
        parser.add_argument("--generate-only", action="store_true", help="write, do not import")

    def handle(self, *args, out, year, generate_only, **options):
        started = time.monotonic()
        out = out or Path(settings.VAR_DIR) / "demo-puf"
        directories = generate(out, years=tuple(year or YEARS))
        self.stdout.write(f"Wrote the demo PUF files to {out}.")
        if generate_only:
            return
        for plan_year, directory in directories.items():
            call_command(
                "import-puf", str(directory), year=plan_year, stdout=self.stdout, stderr=self.stderr
            )
        # Apps above the catalog load their demo data for these plans (e.g. provider files).
        for _receiver, said in demo_catalog_loaded.send(self.__class__, directories=directories):
            if said:
                self.stdout.write(str(said))
        self.stdout.write(f"Loaded the demo catalog in {time.monotonic() - started:.1f} s.")
