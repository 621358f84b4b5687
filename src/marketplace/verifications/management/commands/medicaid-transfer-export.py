"""`marketplace medicaid-transfer-export --out DIR`: write the pending Medicaid/CHIP account
transfers to a JSON Lines file under DIR and mark them sent (each referral goes out once)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from marketplace.verifications.transfer import export


class Command(BaseCommand):
    help = "Export pending Medicaid/CHIP account transfers to a JSON Lines file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="Directory for the file.")

    def handle(self, *args, out: Path, **options):
        count, path = export(out)
        if path is None:
            self.stdout.write("0 referrals waiting; no file written.")
        else:
            self.stdout.write(f"{count} referrals written to {path}")
