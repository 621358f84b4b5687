"""Recompute the household search keys (after a restore or a bulk load that skipped saves)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.casework import search_index


class Command(BaseCommand):
    help = "Recompute every household search key (names, dates of birth, SSN last four, ...)."

    def handle(self, *args, **options):
        with transaction.atomic():
            written = search_index.rebuild()
        self.stdout.write(f"casework-reindex: {written} keys")
