"""Insert many new rows of a model in one go, keys and all: PostgreSQL's COPY, else
`bulk_create`.

A batch action (a state's worth of seeded households, ADR 0806) writes tens of thousands of
rows a second; `bulk_create` on PostgreSQL spends most of that time quoting the values into
the statement. `insert` takes the keys from the table's own sequence first (so the rows'
children can point at them), then streams the rows with COPY. Each field's value is the
one `save()` would store (`pre_save` with add, then `get_db_prep_save`): defaults,
`auto_now_add` stamps and encrypted or JSON fields come out the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def insert(objs: Sequence[Model]) -> None:
    """Insert `objs` (new instances of one model); afterwards each has its primary key."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)
        return
    meta = model._meta
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="insert")
    _take_keys(meta, [obj for obj in objs if obj.pk is None])
    fields = meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _take_keys(meta, objs: Sequence[Model]) -> None:
    if not objs:
        return
    pk = meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, pk.attname, key)
