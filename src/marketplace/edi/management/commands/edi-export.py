"""`marketplace edi-export --out DIR` (docs/contracts.md 4.6): every pending outbound 834
transaction
into files under DIR/<HIOS>/, marked sent; prints how many transactions and files."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from marketplace.edi.export import export_pending


class Command(BaseCommand):
    help = (
        "Write every pending outbound 834 transaction into files under DIR, one or more per issuer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="directory for the files")
        parser.add_argument("--validation", choices=["pyx12", "companion", "fast"], default=None)
        parser.add_argument("--per-file", type=int, default=None)

    def handle(self, *args, out, validation, per_file, **options):
        result = export_pending(out, validation=validation, per_file=per_file)
        for path in result.paths:
            self.stderr.write(f"wrote {path}")
        for hios in result.rejected:
            self.stderr.write(
                f"issuer {hios}: file failed validation, nothing sent (see exceptions)"
            )
        if result.held:
            self.stderr.write(
                f"held back {result.held} transactions the others did not wait for "
                "(see the 834 exceptions, /enroll/exceptions/)"
            )
        self.stdout.write(
            f"Wrote {result.transactions} transactions in {result.files} files to {out}."
        )
