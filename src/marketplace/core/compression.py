"""A migration operation compressing large JSON columns with LZ4 on PostgreSQL (ADR 0811).

PostgreSQL compresses a row's large values before storing them out of line (TOAST); its
default method, pglz, was about a fifth of the database server's CPU while seeding (an
eligibility notice's context and a determination's result are some 20 kB of JSON each).
LZ4 stores the same values at a fraction of the CPU. Only the storage changes: what is read
back is the same. Values already stored keep their method until rewritten. Elsewhere
(SQLite, or a server built without LZ4) the operation does nothing.
"""

from __future__ import annotations

from django.db import migrations


def lz4(table: str, *columns: str) -> migrations.RunPython:
    """An operation setting `columns` of `table` to LZ4 compression; reversed to pglz."""

    def setting(method: str):
        def run(apps, schema_editor) -> None:
            connection = schema_editor.connection
            if connection.vendor != "postgresql" or not _has_lz4(connection):
                return
            quote = connection.ops.quote_name
            changes = ", ".join(
                f"ALTER COLUMN {quote(column)} SET COMPRESSION {method}" for column in columns
            )
            schema_editor.execute(f"ALTER TABLE {quote(table)} {changes}")

        return run

    return migrations.RunPython(setting("lz4"), setting("pglz"), elidable=False)


def _has_lz4(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None
