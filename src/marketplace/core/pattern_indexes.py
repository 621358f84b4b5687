"""Migrations that drop PostgreSQL's pattern-operator companion indexes (ADR 0825).

For a `CharField` with `db_index=True` or `unique=True`, Django's PostgreSQL backend makes a
second index beside the ordinary one, `<name>_like`, with `varchar_pattern_ops`, so that
`LIKE 'abc%'` (`__startswith`) can use an index. On a column nobody searches by prefix it is
written on every insert and never read. `drop_pattern_indexes(*names)` is the migration
operation that drops the named ones (PostgreSQL only: other databases never had them) and,
reversed, makes them again.
"""

from __future__ import annotations

from django.db import migrations


def drop_pattern_indexes(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    """`indexes`: (table, column, index name) of each `_like` index to drop."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for _table, _column, name in indexes:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, column, name in indexes:
                schema_editor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    f'("{column}" varchar_pattern_ops)'
                )

    return migrations.RunPython(forwards, backwards, elidable=False)
