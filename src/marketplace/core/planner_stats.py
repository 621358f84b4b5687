"""The query planner's statistics kept current while a batch job grows its own tables
(docs/adr/0828).

A seeding or a renewal run reads, batch after batch, rows it wrote itself a moment before:
"the latest determination of these 250 applications", "the policies these 200 households
already have for the new year", "is an 834 export already queued". PostgreSQL plans those
reads from statistics gathered by ANALYZE. Where autovacuum is off (the CI database), or has
not caught up (a million rows written in half an hour), the statistics describe the tables
as they were when the run began - empty, or without a single policy of the new year - and
the planner picks a plan that is right for an empty table and wrong for a full one: a
sequential scan of every determination for each batch, an index scan of every policy of
the new year to find the 200 of a batch. Each batch then costs more than the one before:
on a million households the seeding and the renewal ran at half their first minute's rate
by the end.

`GrowingTables` refreshes the statistics (`bulk.refresh_statistics`) each time the run's
count of households done doubles: after the first batch, then at 2, 4, 8 ... batches, some
twenty times for a million households, each an ANALYZE of a sample of each table (a fraction
of a second). Between two refreshes a table has at most doubled, so the planner's picture is
never more than a factor of two off - the same bound autovacuum's own scale factor gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

from marketplace.core import bulk


class GrowingTables:
    """Refresh the statistics of `models`' tables when the count given to `reached`, added to
    `start`, has doubled since the last refresh (the first at `first`, a batch's worth, or
    once the run has added `start` more).

    `start` is how many households the statistics already describe when the run begins
    (`rows_known`), for a run that adds rows like those already there: seeding 30,000 more
    households into a state of 1.2 million refreshed the statistics of six tables of millions
    of rows seven times, for tables that grew by 2.5% (ADR 0831). A run whose reads depend
    on rows that begin at none (a renewal's policies of the new year) leaves it at 0."""

    def __init__(self, models: Iterable[type[Model]], first: int, start: int = 0):
        self.models = tuple(models)
        self.start = max(start, 0)
        self.next_at = max(first, self.start, 1)
        self.refreshed = 0  # how many times (for the run's report and the tests)

    def reached(self, done: int) -> bool:
        """Call with the households done so far, outside any transaction; True when it
        refreshed the statistics now."""
        if done < self.next_at:
            return False
        bulk.refresh_statistics(self.models)
        self.refreshed += 1
        self.next_at = 2 * done + self.start
        return True


def rows_known(model: type[Model]) -> int:
    """The rows of `model`'s table as the planner's statistics have them (0 where it has
    none): PostgreSQL's `reltuples`, SQLite's `sqlite_stat1`. Not a count: a table the
    statistics say is empty is one whose statistics a run must refresh."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
            return max(int(row[0]), 0) if row else 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            return max((int(stat.split()[0]) for (stat,) in cursor.fetchall()), default=0)
    return 0
