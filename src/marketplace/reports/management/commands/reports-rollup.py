"""`marketplace reports-rollup`: count the dashboard's closed days now (reports/rollup.py)
and queue the job that counts them again every MARKETPLACE_REPORTS_ROLLUP_MINUTES."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from marketplace.reports import rollup


class Command(BaseCommand):
    help = "Count the officials' dashboard's closed days now and keep counting them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Count now without queueing the next run."
        )

    def handle(self, *args, once=False, **options):
        done = rollup.recount()
        if not once:
            rollup.schedule_next()
        self.stdout.write(
            f"Counted every day through {done.counted_through.isoformat()} in "
            f"{done.seconds:.1f} s"
            + ("." if once else f"; next count in {rollup.minutes()} minutes.")
        )
