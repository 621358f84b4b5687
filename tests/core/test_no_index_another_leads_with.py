"""No table of ours keeps a single-column index that another of its indexes leads with
(ADR 0827).

A plain index on one column is redundant when an index or a unique constraint of the same
table, with no condition, starts with that column: the longer one answers equality, ranges,
ordering by the column and the foreign key's checks, and every insert writes both. A partial
index (a condition) covers only its own rows; an index with an operator class (a prefix
search's, like Django's `_like` companion on PostgreSQL) answers what the plain one does not.
The database's introspection reports neither a condition nor an operator class on every
vendor, so both are read from the models' Meta.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Index

pytestmark = pytest.mark.django_db


def _our_models():
    for config in apps.get_app_configs():
        if config.name.startswith("marketplace."):
            for model in config.get_models():
                if model._meta.managed and not model._meta.proxy:
                    yield model


def _not_plain(model) -> set[str]:
    """The model's indexes and constraints with a condition or an operator class."""
    declared = [*model._meta.indexes, *model._meta.constraints]
    return {
        item.name
        for item in declared
        if getattr(item, "condition", None) is not None or getattr(item, "opclasses", ())
    }


def _plain(constraints: dict, skip: set[str]) -> dict[str, dict]:
    """B-tree indexes and unique constraints on columns, by name, less the ones in `skip`
    and Django's `_like` companions on PostgreSQL (ADR 0825)."""
    return {
        name: info
        for name, info in constraints.items()
        if (info["unique"] or (info["index"] and info.get("type") == Index.suffix))
        and info["columns"]
        and None not in info["columns"]
        and name not in skip
        and not name.endswith("_like")
    }


def _covered(table: str, plain: dict[str, dict]) -> list[str]:
    found = []
    for name, info in plain.items():
        if info["unique"] or len(info["columns"]) != 1:
            continue
        column = info["columns"][0]
        for other, other_info in plain.items():
            columns = other_info["columns"]
            if len(columns) > 1 and columns[0] == column:
                found.append(f"{table}: {name} ({column}) is led by {other} {columns}")
                break
    return found


def test_no_single_column_index_is_the_lead_of_another():
    found = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in _our_models():
            table = model._meta.db_table
            assert table in tables, f"{table} is not in the migrated database"
            constraints = connection.introspection.get_constraints(cursor, table)
            found += _covered(table, _plain(constraints, _not_plain(model)))
    assert not found, "redundant indexes (db_index=False on the field, ADR 0827):\n" + "\n".join(
        found
    )


def test_the_check_finds_a_redundant_index():
    """The check itself: a plain index led by a composite one is found; a partial one covers
    nothing."""
    single = {"columns": ["owner_id"], "index": True, "unique": False, "type": Index.suffix}
    both = {"columns": ["owner_id", "status"], "index": True, "unique": False}
    constraints = {"t_owner": single, "t_owner_status": {**both, "type": Index.suffix}}
    assert _covered("t", _plain(constraints, set())) == [
        "t: t_owner (owner_id) is led by t_owner_status ['owner_id', 'status']"
    ]
    assert _covered("t", _plain(constraints, {"t_owner_status"})) == []
