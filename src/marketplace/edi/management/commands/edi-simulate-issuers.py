"""`marketplace edi-simulate-issuers [--dir DIR]`: the ISSUER SIMULATOR (never a real
issuer): every issuer with files in DIR/outbox answers into DIR/inbound with effectuations."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.edi.issuer_simulator import SimulatedIssuer


class Command(BaseCommand):
    help = "Simulated issuers: read our 834s and answer with effectuation 834s."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="EDI directory (default EDI_DIR)")

    def handle(self, *args, dir, **options):
        root = Path(dir or settings.EDI_DIR)
        outbox = root / "outbox"
        total = 0
        for folder in sorted(p for p in outbox.iterdir() if p.is_dir()) if outbox.exists() else []:
            issuer = SimulatedIssuer(
                folder.name, outbox, root / "inbound", state=settings.MARKETPLACE_STATE
            )
            written = issuer.process()
            total += len(written)
            for name, errors in issuer.rejected:
                self.stderr.write(f"issuer {folder.name} rejected {name}: {errors[:3]}")
        self.stdout.write(f"Simulated issuers wrote {total} files to {root / 'inbound'}.")
