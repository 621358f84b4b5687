"""A renewal run starts by refreshing the planner's statistics of the tables it reads
(renewals/run.py READ_TABLES, core/bulk.refresh_statistics): right after a state's
households were seeded they describe empty tables, and PostgreSQL then planned a batch's
reads with parallel scans (docs/adr/0814)."""

from __future__ import annotations

import pytest
from django.db import connection

from marketplace.enrollment.models import Enrollment
from marketplace.renewals import run
from tests.renewals.conftest import by_name, enrolled, single

pytestmark = pytest.mark.django_db


def _rows_the_planner_knows(table: str) -> float | None:
    """The row count the planner's statistics give for `table`, None when it has none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            tuples = cursor.fetchone()[0]
            return None if tuples < 0 else tuples
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return None if row is None else float(row[0].split()[0])


def test_the_run_refreshes_the_statistics_of_the_policies_it_reads():
    for name in ("Ana", "Ben", "Cal"):
        enrolled(single(name, 30, 30000), by_name("Standard Silver"))
    table = Enrollment._meta.db_table
    assert _rows_the_planner_knows(table) != 3

    run.run(2026, 2027)

    assert Enrollment.objects.count() == 6  # the next year's three written after the refresh
    assert _rows_the_planner_knows(table) == 3
