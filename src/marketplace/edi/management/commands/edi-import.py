"""`marketplace edi-import DIR`: read the issuers' 834s (effectuations, cancellations,
terminations) from DIR; unknown or conflicting records go to the exceptions list."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from marketplace.edi.intake import import_directory
from marketplace.edi.models import EdiException


class Command(BaseCommand):
    help = "Read issuer 834 files from DIR and apply them; list the exceptions."

    def add_arguments(self, parser):
        parser.add_argument("dir")

    def handle(self, *args, dir, **options):
        result = import_directory(dir)
        self.stdout.write(
            f"Read {result.files} files ({result.skipped} already read): "
            f"{result.applied} records applied, {result.exceptions} exceptions."
        )
        for item in EdiException.objects.filter(resolved_at=None, file_name__in=result.names):
            self.stdout.write(
                f"EXCEPTION {item.kind} {item.policy_id or item.file_name}: {item.message}"
            )
