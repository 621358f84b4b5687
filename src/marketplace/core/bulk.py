"""Insert many new rows of a model in one go, keys and all: PostgreSQL's COPY, else
`bulk_create`.

A batch action (a state's worth of seeded households, ADR 0806) writes tens of thousands of
rows a second; `bulk_create` on PostgreSQL spends most of that time quoting the values into
the statement. `insert` takes the keys from the table's own sequence first (so the rows'
children can point at them), then streams the rows with COPY. Each field's value is the
one `save()` would store (`pre_save` with add, then `get_db_prep_save`): defaults,
`auto_now_add` stamps and encrypted or JSON fields come out the same.

Preparing each value through Django's field methods was most of the client's time for a
batch (a dozen calls a value). A value of an exact plain type for its field - a `str` for a
`CharField`, an `int` for an `IntegerField` or a foreign key to one, a `bool`, a `date`, an
aware `datetime`, a finite `Decimal`, a `UUID` - is what those methods would return
unchanged, so it goes out as it is (`_plain_types`); any other value (JSON, encrypted, an
unexpected type) takes the full path. Automatic stamps (`auto_now_add`) are still made by
the field's `pre_save`.

`insert_like` is for many rows that differ from one model instance in a few fields only
(a benchmark's million households): the instance's values are prepared once, and only the
fields that vary are prepared per row.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections, router
from django.db.models import JSONField, Model, fields, signals
from django.db.models.base import DEFERRED, ModelState
from django.db.models.fields import related
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.query_utils import DeferredAttribute

_INTEGERS = (
    fields.AutoField,
    fields.BigAutoField,
    fields.SmallAutoField,
    fields.IntegerField,
    fields.BigIntegerField,
    fields.SmallIntegerField,
    fields.PositiveIntegerField,
    fields.PositiveBigIntegerField,
    fields.PositiveSmallIntegerField,
)
#: Field classes (exactly these, not subclasses) whose `get_db_prep_save` returns a value of
#: these types unchanged on PostgreSQL (`get_prep_value`'s `to_python` and the backend's
#: `adapt_*_value` give it back as it is, or as the same number); a datetime only when it
#: is aware (a naive one is made aware, with a warning), a Decimal only when finite (else
#: refused): `_CHECKED`.
_PLAIN = {
    fields.CharField: (str,),
    fields.TextField: (str,),
    fields.EmailField: (str,),
    fields.SlugField: (str,),
    fields.URLField: (str,),
    fields.BooleanField: (bool,),
    fields.DateField: (date,),
    fields.DateTimeField: (datetime,),
    fields.DecimalField: (Decimal,),
    fields.UUIDField: (uuid.UUID,),
    **dict.fromkeys(_INTEGERS, (int,)),
}


def insert(
    objs: Sequence[Model], *, stamped: dict | None = None, repeating: dict | None = None
) -> None:
    """Insert `objs` (new instances of one model); afterwards each has its primary key.
    `stamped` gives automatic fields (`auto_now_add`) the value named instead of the real
    time (a moved clock's): written in the same COPY, not by an UPDATE afterwards.
    `repeating` names JSON fields' keys whose long lists are the same from row to row
    ({"result": ("unconfirmed_values",)}): their text is made once while they repeat
    (`_JsonText`). The values stored are the same either way."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)  # stamps auto_now_add itself
        if stamped:
            model.objects.filter(pk__in=[obj.pk for obj in objs]).update(**stamped)
            _set(objs, stamped)
        return
    _set(objs, stamped or {})
    meta = model._meta
    relations = _relations(model)
    if relations is None:
        for obj in objs:
            obj._prepare_related_fields_for_save(operation_name="insert")
    else:
        for obj in objs:
            _point_at_related(obj, relations)
    _take_keys(meta, [obj for obj in objs if obj.pk is None])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in meta.concrete_fields)
    wrapper = connections[DEFAULT_DB_ALIAS]  # not the thread-local proxy, once per value
    repeats = tuple((name, tuple(keys)) for name, keys in (repeating or {}).items())
    plan = _plain_types(model, frozenset(stamped or ()), repeats)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row(_row(obj, plan, wrapper))
    alias = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def new(model: type[Model], **values) -> Model:
    """`model(**values)`, the same unsaved instance, built faster: a batch builds some thirty
    instances a seeded household, and `Model.__init__` (its per-field checks, `get_default`
    for each field left out, the init signals) was a fifth of the client's CPU
    (docs/adr/0817). Each field gets the value given (a related object through its
    descriptor, as `__init__` does) or its default; a property named is set after the
    fields. Anything this does not cover (init signals listened to, database defaults,
    generated or private fields, a name that is not a field's or a property's, an abstract
    model) goes through `model(**values)` itself."""
    plan = _construction(model)
    if plan is None or _listened(model):
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    own = obj.__dict__
    used = 0
    for name, attname, default, calls, by_object, direct in plan:
        if by_object and name in values:
            used += 1
            value = values[name]
            if value is not DEFERRED and (by_object is True or not by_object.link(obj, value)):
                setattr(obj, name, value)
            continue
        if attname in values:
            used += 1
            value = values[attname]
            if value is DEFERRED:
                continue
        else:
            value = default() if calls else default
        if direct:
            own[attname] = value
        else:
            setattr(obj, attname, value)
    if used != len(values):
        properties = model._meta._property_names
        names = {entry[0] for entry in plan} | {entry[1] for entry in plan}
        extra = [key for key in values if key not in names]
        if not extra or any(key not in properties for key in extra):
            return model(**values)  # raises as __init__ does
        for key in extra:
            if values[key] is not DEFERRED:
                setattr(obj, key, values[key])
    return obj


def _listened(model) -> bool:
    return bool(
        (signals.pre_init.receivers and signals.pre_init.has_listeners(model))
        or (signals.post_init.receivers and signals.post_init.has_listeners(model))
    )


@cache
def _construction(model) -> list[tuple] | None:
    """For `new`: (name, attname, default or its maker, whether it is called, whether a
    related object may be given by name, whether the value goes straight into the
    instance's dict) for each field `Model.__init__` sets; None when `new` should leave it
    to `Model.__init__`."""
    meta = model._meta
    if meta.abstract or meta.private_fields:
        return None
    plan = []
    for field in meta.fields:
        if field.column is None or field.generated or field.has_db_default():
            return None
        related = isinstance(field.remote_field, ForeignObjectRel)
        if related and _Link.covers(model, field):
            related = _Link(field)
        calls = field.has_default() and callable(field.default)
        if calls and related:
            default, calls = field.get_default, True
        elif calls:
            default = field.default
        else:
            default = field.get_default()
        direct = type(model.__dict__.get(field.attname)) is DeferredAttribute
        plan.append((field.name, field.attname, default, calls, related, direct))
    return plan


class _Link:
    """A plain foreign key of a new instance set to a related object, as its descriptor sets
    it (`ForwardManyToOneDescriptor.__set__`: the instances' databases, the key's value, the
    related object cached) without the descriptor's general checks and the router calls: a
    third of `new`'s time for a renewal's rows (docs/adr/0822). `link` does it and says so,
    or does nothing and says so when the value or the settings need the descriptor (another
    class, a database router, objects of two databases)."""

    def __init__(self, field):
        self.model = field.remote_field.model
        self.attname, self.cache_name = field.attname, field.cache_name
        self.target = field.target_field.attname

    @staticmethod
    def covers(model, field) -> bool:
        """A `ForeignKey` (not one-to-one: that also caches the reverse side) on one column,
        its attribute Django's own descriptor."""
        return (
            type(field) is related.ForeignKey
            and len(field.related_fields) == 1
            and type(model.__dict__.get(field.name)) is related.ForwardManyToOneDescriptor
        )

    def link(self, obj: Model, value) -> bool:
        if router.routers:
            return False
        if value is None:
            obj.__dict__[self.attname] = None
        else:
            if type(value) is not self.model:
                return False
            state, other = obj._state, value._state
            if state.db is None:
                state.db = other.db or DEFAULT_DB_ALIAS
            if other.db is None:
                other.db = state.db
            if other.db != state.db:
                return False  # the descriptor refuses it, with its message
            obj.__dict__[self.attname] = getattr(value, self.target)
        obj._state.fields_cache[self.cache_name] = value
        return True


def _set(objs: Sequence[Model], values: dict) -> None:
    for obj in objs:
        for name, value in values.items():
            setattr(obj, name, value)


def _row(obj: Model, plan: list[tuple], wrapper) -> list:
    """The values COPY writes for `obj`: what `field.get_db_prep_save(field.pre_save(obj,
    True))` gives, without the calls for a plain value (`_plain_types`)."""
    values, row = obj.__dict__, []
    for field, name, plain, stamps in plan:
        value = field.pre_save(obj, True) if stamps else values.get(name, _MISSING)
        kind = type(value)
        if kind in plain and (kind not in _CHECKED or _CHECKED[kind](value)):
            row.append(value)
        else:
            if value is _MISSING:
                value = field.pre_save(obj, True)
            row.append(field.get_db_prep_save(value, wrapper))
    return row


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
        keys = _next_keys(cursor, meta, count)
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
    with connection.cursor() as cursor:
        keys = _next_keys(cursor, meta, len(objs))
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, meta.pk.attname, key)


def _next_keys(cursor, meta, count: int) -> list[int]:
    """`count` new keys from the table's own sequence, in order. The sequence is named in
    the statement as a constant: `nextval(pg_get_serial_sequence(...))` looked the sequence
    up in the catalogs again for every key, a tenth of the server's CPU while seeding
    (docs/adr/0817)."""
    where = (cursor.db.alias, cursor.db.settings_dict["NAME"], meta.db_table)
    name = _sequences.get(where)
    if name is None:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
        name = _sequences[where] = cursor.fetchone()[0]
    literal = "'" + name.replace("'", "''").replace("%", "%%") + "'"
    sql = f"SELECT nextval({literal}::regclass) FROM generate_series(1, %s)"  # noqa: S608
    cursor.execute(sql, [count])  # the name is the catalog's, quoted as a literal
    return [row[0] for row in cursor.fetchall()]


#: (database alias, database, table) -> its key's sequence, as `pg_get_serial_sequence` names it.
_sequences: dict[tuple[str, str, str], str] = {}


_MISSING = object()
_CHECKED = {datetime: lambda value: value.tzinfo is not None, Decimal: Decimal.is_finite}


class _AsSet:
    """A field whose value is the one set on the object, never stamped by `pre_save`."""

    def __init__(self, field):
        self.field = field

    def pre_save(self, obj, add):
        return getattr(obj, self.field.attname)

    def get_db_prep_save(self, value, wrapper):
        return self.field.get_db_prep_save(value, wrapper)


#: The standard library's JSON text: characters beyond ASCII written as they are rather than
#: as `\u` escapes (the server parses both to the same `jsonb`), no check for cycles (a cycle
#: still fails, on the recursion limit) (docs/adr/0822).
_encode_json_stdlib = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
#: datetimes and dataclasses are refused, as by the standard library, not written as text
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _encode_json(value) -> str:
    """JSON as COPY sends it to a `jsonb` column: orjson's text, a sixth of the standard
    library's CPU for a determination (docs/adr/0833), parsed by the server to the same
    `jsonb`. What orjson refuses (a key that is not a string, an int beyond 64 bits, a
    datetime) goes to the standard library, which writes it or raises as before."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:
        return _encode_json_stdlib(value)


_JSON_TYPES = frozenset((dict, list, str, int, float, bool))


class _Json:
    """A JSON field (no custom encoder) of a COPY: a value of a JSON type goes out as its text
    (`_encode_json`), the same `jsonb` as the field's `Jsonb` adapter stores, without the
    adapter's wrapper and dumper look-up a row; anything else (None for NULL, an expression)
    takes the field's own path."""

    def __init__(self, field):
        self.field = field

    def pre_save(self, obj, add):
        return self.field.pre_save(obj, add)

    def get_db_prep_save(self, value, wrapper):
        if type(value) in _JSON_TYPES:
            return _encode_json(value)
        return self.field.get_db_prep_save(value, wrapper)


class _JsonText:
    """A JSON field of which some keys hold the same long list row after row (a
    determination's `unconfirmed_values`: 21 of its 25 kB, the same for most households of
    a year): each such list is encoded once while it repeats. The text is what `json.dumps`
    gives the field on PostgreSQL, the same `jsonb` (keys' order and spaces are not kept).
    The caller names the keys."""

    def __init__(self, field, keys: frozenset):
        self.field, self.keys = field, keys
        self.repeats: dict[str, list[tuple[list, str]]] = {}  # key -> [(a list's copy, text)]

    def pre_save(self, obj, add):
        return self.field.pre_save(obj, add)

    def get_db_prep_save(self, value, wrapper):
        if type(value) is not dict or not self.keys.intersection(value):
            return self.field.get_db_prep_save(value, wrapper)
        long = [k for k in value if k in self.keys and type(value[k]) is list]
        if not long:
            return self.field.get_db_prep_save(value, wrapper)
        rest = _encode_json({k: v for k, v in value.items() if k not in long})
        texts = [f"{json.dumps(k)}: {self._text(k, value[k])}" for k in long]
        return (rest[:-1] + ", " if len(rest) > 2 else "{") + ", ".join(texts) + "}"

    def _text(self, key: str, items: list) -> str:
        """The list's JSON text: that of an equal list seen under `key` (the last
        `_REPEATS_KEPT` different ones are kept, the latest first), else made now. A list
        holding a bool or a float is always encoded: `True == 1 == 1.0` in Python, and
        their JSON differs. A list kept holds neither, so an equal list can differ from it
        only where it holds an int (a string equals only a string, None only None): only
        those places are checked (`_numbers`), not the whole list again (docs/adr/0819)."""
        seen = self.repeats.setdefault(key, [])
        for index, (known, text, numbers) in enumerate(seen):
            if known == items:
                if not _all_int(items, numbers):
                    return json.dumps(items)
                if index:
                    seen.insert(0, seen.pop(index))
                return text
        if _ambiguous(items):
            return json.dumps(items)
        text = json.dumps(items)
        seen.insert(0, (copy.deepcopy(items), text, _numbers(items)))
        del seen[_REPEATS_KEPT:]
        return text


def _numbers(value) -> list[tuple]:
    """The paths (keys and indexes) to the ints in `value` (dicts and lists)."""
    found, todo = [], [((), value)]
    while todo:
        path, current = todo.pop()
        pairs = current.items() if type(current) is dict else enumerate(current)
        for step, item in pairs:
            kind = type(item)
            if kind is dict or kind is list:
                todo.append(((*path, step), item))
            elif kind is int:
                found.append((*path, step))
    return found


def _all_int(value, paths: list[tuple]) -> bool:
    """Whether each of `paths` leads to an int in `value` (not a bool or a float equal to
    it)."""
    for path in paths:
        current = value
        for step in path:
            current = current[step]
        if type(current) is not int:
            return False
    return True


def _ambiguous(value) -> bool:
    """Whether `value` holds a bool or a float anywhere (equal to an int, other JSON)."""
    todo = [value]
    while todo:
        current = todo.pop()
        for item in current.values() if type(current) is dict else current:
            kind = type(item)
            if kind is dict or kind is list:
                todo.append(item)
            elif kind is bool or kind is float:
                return True
    return False


_REPEATS_KEPT = 32  # a year's few variants (by state, by the groups of rules that applied)


@cache
def _plain_types(model, stamped: frozenset = frozenset(), repeating: tuple = ()) -> list[tuple]:
    """(field, attribute name, the types its values go out as they are, whether its
    `pre_save` is called) for each concrete field of `model`; no types for a field whose
    values always take the full path. A `stamped` field is written as set on the object
    (its automatic stamp skipped); `repeating`: ((JSON field, its keys whose lists repeat
    from row to row), ...), see `_JsonText`."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.attname in stamped:
            plan.append((_AsSet(field), field.attname, frozenset(), True))
            continue
        keys = dict(repeating).get(field.attname)
        if keys and type(field) is JSONField and field.encoder is None:
            plan.append((_JsonText(field, frozenset(keys)), field.attname, frozenset(), False))
            continue
        if type(field) is JSONField and field.encoder is None:
            plan.append((_Json(field), field.attname, frozenset(), False))
            continue
        target = field
        if type(field) in (related.ForeignKey, related.OneToOneField):
            target = field.target_field
        plain = _PLAIN.get(type(target), ())
        if plain and field.null:
            plain = (*plain, type(None))
        plan.append((field, field.attname, frozenset(plain), _stamps(field)))
    return plan


def _stamps(field) -> bool:
    """Whether the field's `pre_save` does more than read the attribute (`auto_now`...)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return True
    if isinstance(field, fields.DateField):  # DateTimeField too: reads it unless auto
        return False
    return type(field).pre_save is not fields.Field.pre_save


@cache
def _relations(model) -> list | None:
    """The foreign keys `_point_at_related` fills in; None when the model has generic
    relations (then Django's own check runs)."""
    meta = model._meta
    if meta.private_fields:
        return None
    return [f for f in meta.concrete_fields if f.is_relation]


def _point_at_related(obj: Model, relations: list) -> None:
    """What `Model._prepare_related_fields_for_save` does before an insert, for plain foreign
    keys: a related object assigned before it had its key gives its key now; one still
    without a key refuses the insert."""
    cached = obj._state.fields_cache
    for field in relations:
        other = cached.get(field.cache_name)
        if other is None:
            continue
        key = getattr(other, field.target_field.attname)
        if key is None:
            obj._prepare_related_fields_for_save(operation_name="insert")  # raises
        current = getattr(obj, field.attname)
        if current in field.empty_values:
            setattr(obj, field.name, other)
        elif key != current:
            field.delete_cached_value(obj)


def refresh_statistics(models: Iterable[type[Model]]) -> None:
    """Refresh the query planner's statistics of these models' tables (`ANALYZE`: SQLite and
    PostgreSQL both take it). After a bulk load (a state's seeded households, an issuer's
    provider files) the statistics still describe the tables as they were: PostgreSQL then
    plans a renewal batch's reads with parallel scans, about a third more of its CPU a
    household (docs/adr/0814), and SQLite may scan a name index for a query one key answers.
    Where autovacuum runs this catches up on its own, later; a batch job should not wait."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
