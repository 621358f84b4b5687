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

from django.db.models import Model

from marketplace.core import bulk


class GrowingTables:
    """Refresh the statistics of `models`' tables when the count given to `reached` has
    doubled since the last refresh (the first at `first`: a batch's worth)."""

    def __init__(self, models: Iterable[type[Model]], first: int):
        self.models = tuple(models)
        self.next_at = max(first, 1)
        self.refreshed = 0  # how many times (for the run's report and the tests)

    def reached(self, done: int) -> bool:
        """Call with the households done so far, outside any transaction; True when it
        refreshed the statistics now."""
        if done < self.next_at:
            return False
        bulk.refresh_statistics(self.models)
        self.refreshed += 1
        self.next_at = 2 * done
        return True
