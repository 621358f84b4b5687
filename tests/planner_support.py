"""What the query planner's statistics say of a table (core/planner_stats.py, ADR 0828)."""

from __future__ import annotations

from django.db import connection


def rows_the_planner_knows(table: str) -> float | None:
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
