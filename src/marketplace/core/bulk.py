"""Insert many new rows of a model in one go, keys and all: PostgreSQL's COPY, else
`bulk_create`.

A batch action (a state's worth of seeded households, ADR 0806) writes tens of thousands of
rows a second; `bulk_create` on PostgreSQL spends most of that time quoting the values into
the statement. `insert` takes the keys from the table's own sequence first (so the rows'
children can point at them), then streams the rows with COPY. Each field's value is the
one `save()` would store (`pre_save` with add, then `get_db_prep_save`): defaults,
`auto_now_add` stamps and encrypted or JSON fields come out the same.

`insert_like` is for many rows that differ from one model instance in a few fields only
(a benchmark's million households): the instance's values are prepared once, and only the
fields that vary are prepared per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections
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
    wrapper = connections[DEFAULT_DB_ALIAS]  # not the thread-local proxy, once per value
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), wrapper) for f in fields])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_like(template: Model, rows: Iterable[dict], count: int) -> list[int]:
    """Insert `count` rows of `template`'s model: each is `template` with the fields named in
    its dict (by attribute name, e.g. `owner_id`) replaced. PostgreSQL only (COPY). Returns
    the new primary keys, in order. Unique fields (and `public_id`s) must be in every dict."""
    assert connection.vendor == "postgresql", "insert_like streams with COPY"
    meta = template._meta
    wrapper = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    by_name = {f.attname: f for f in fields}
    base = {f.attname: f.get_db_prep_save(f.pre_save(template, True), wrapper) for f in fields}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        keys = [row[0] for row in cursor.fetchall()]
        names = [meta.pk.column] + [f.column for f in fields]
        columns = ", ".join(connection.ops.quote_name(name) for name in names)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        written = 0
        with cursor.copy(sql) as copy:
            for key, changes in zip(keys, rows, strict=False):
                values = dict(base)
                for name, value in changes.items():
                    values[name] = by_name[name].get_db_prep_save(value, wrapper)
                copy.write_row([key] + [values[f.attname] for f in fields])
                written += 1
    assert written == count, f"{written} rows given for {count}"
    return keys


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
