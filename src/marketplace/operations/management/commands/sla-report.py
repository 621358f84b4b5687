"""`marketplace sla-report [--days N | --start D --end D] [--csv]`: availability, p95
latency and error rate per day (operations/sla.py)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from marketplace.core import clock
from marketplace.operations import sla


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"dates are YYYY-MM-DD, not {raw!r}") from None


class Command(BaseCommand):
    help = "Availability, p95 latency and error rate per day, from the requests served."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="The last N days (default 7).")
        parser.add_argument("--start", help="First day (YYYY-MM-DD).")
        parser.add_argument("--end", help="Last day (YYYY-MM-DD; default today).")
        parser.add_argument(
            "--csv", dest="as_csv", action="store_true", help="CSV instead of a table."
        )

    def handle(self, *args, days, start, end, as_csv, **options):
        sla.COUNTS.flush()  # this process's own counts, if it served any
        last = _day(end) if end else clock.today()
        first = _day(start) if start else last - timedelta(days=max(1, days) - 1)
        if first > last:
            raise CommandError("--start must be on or before --end")
        rows = sla.days(first, last)
        if as_csv:
            self._csv(rows)
            return
        self.stdout.write(
            f"{'day':<12}{'requests':>10}{'available':>11}{'p95':>9}{'errors':>9}{'held':>8}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.day.isoformat():<12}{row.requests:>10}{_pct(row.availability):>11}"
                f"{_seconds(row.p95_seconds):>9}{_pct(row.error_rate):>9}{row.held:>8}"
            )
        if not rows:
            self.stdout.write("No requests recorded in that range.")

    def _csv(self, rows) -> None:
        writer = csv.writer(self.stdout)
        writer.writerow(["day", "requests", "availability", "p95_seconds", "error_rate", "held"])
        for row in rows:
            writer.writerow(
                [
                    row.day.isoformat(),
                    row.requests,
                    "" if row.availability is None else f"{row.availability:.5f}",
                    "" if row.p95_seconds is None else row.p95_seconds,
                    "" if row.error_rate is None else f"{row.error_rate:.5f}",
                    row.held,
                ]
            )


def _pct(value) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def _seconds(value) -> str:
    return "> 30 s" if value is None else f"{value:g} s"
