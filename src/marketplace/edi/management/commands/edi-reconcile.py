"""`marketplace edi-reconcile --issuer HIOS FILE`: compare our enrollments with the issuer's
snapshot (CSV, see edi/reconcile.py); exit status 1 when they differ."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from marketplace.edi.reconcile import reconcile


class Command(BaseCommand):
    help = "Compare our enrollments with an issuer's reconciliation file."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", required=True, help="5-digit HIOS issuer id")
        parser.add_argument("file")

    def handle(self, *args, issuer, file, **options):
        report = reconcile(issuer, file)
        for line in report.lines():
            self.stdout.write(line)
        if not report.clean:
            sys.exit(1)
