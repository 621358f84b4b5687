"""Read the parameter YAML files into :class:`~aca_rules.parameters.model.Parameter` records.

The form of a parameter (ADR 0103):

```yaml
affordability_threshold:
  description: ...
  unit: fraction of household income
  reviewed_through: 2027        # last coverage year checked for changes (a review marker)
  reference:                     # the law that defines the parameter
    - {title: IRC 36B(c)(2)(C)(i)(II), href: https://...}
  sources:                       # where values were read, by name
    rp-2025-25: {title: Rev. Proc. 2025-25 section 3.02, href: https://...,
                 read: primary, read_on: 2026-11-27}
  values:
    2026-01-01: {value: '0.0996', from: [rp-2025-25]}
```

``read`` is ``primary`` (the text of the law or notice itself) or ``secondary`` (a copy:
name every copy that agrees as its own source). A file still in the older form
(``confirmed_through``, bare values, ``value_references``) loads too; its values are
reported as ``not recorded``. Anything else malformed raises ``ValueError`` naming the
parameter: the package refuses to import rather than guess.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from aca_rules.parameters.model import NOT_RECORDED, READINGS, Parameter, Source, Value

_REQUIRED_KEYS = ("description", "unit", "reference", "values")


def convert(value: Any) -> Any:
    """Numbers become Decimal (never float); containers are converted recursively."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):
        # Quoted decimals ('0.0839') become Decimal; codes ('94', '2A') stay strings.
        if "." in value:
            try:
                return Decimal(value)
            except ArithmeticError:
                return value
        return value
    if isinstance(value, list):
        return tuple(convert(v) for v in value)
    if isinstance(value, dict):
        return {k: convert(v) for k, v in value.items()}
    return value


def _key(raw: Any, keyed_by: str) -> Any:
    if keyed_by == "guideline_year":
        return int(raw)
    if isinstance(raw, _dt.date):
        return raw
    return _dt.date.fromisoformat(str(raw))


def _date(raw: Any, where: str) -> _dt.date:
    if isinstance(raw, _dt.date):
        return raw
    try:
        return _dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{where}: read_on must be a date (YYYY-MM-DD), got {raw!r}") from None


def _sources(name: str, spec: dict) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for key, raw in (spec.get("sources") or {}).items():
        where = f"{name}: source {key!r}"
        if not isinstance(raw, dict) or not raw.get("title") or not raw.get("href"):
            raise ValueError(f"{where} needs a title and an href")
        if raw.get("read") not in READINGS:
            raise ValueError(f"{where}: read must be one of {READINGS}, got {raw.get('read')!r}")
        found[str(key)] = Source(
            key=str(key),
            title=" ".join(str(raw["title"]).split()),
            href=str(raw["href"]),
            read=raw["read"],
            read_on=_date(raw.get("read_on"), where),
            note=" ".join(str(raw.get("note", "")).split()),
        )
    return found


def _entry(name: str, raw_key: Any, raw: Any, keyed_by: str, sources: dict[str, Source]):
    """One dated value in the per-value form ``{value: ..., from: [...], note: ...}``."""
    where = f"{name} {raw_key}"
    if not isinstance(raw, dict) or "value" not in raw or "from" not in raw:
        raise ValueError(f"{where}: a value must be written {{value: ..., from: [sources]}}")
    names = raw["from"] if isinstance(raw["from"], list) else [raw["from"]]
    if not names:
        raise ValueError(f"{where}: name at least one source in `from`")
    missing = [n for n in names if n not in sources]
    if missing:
        raise ValueError(f"{where}: unknown source(s) {missing}")
    key = _key(raw_key, keyed_by)
    value = convert(raw["value"])
    record = Value(key, value, tuple(sources[n] for n in names), str(raw.get("note", "")))
    return key, value, record


def _legacy_entry(name: str, raw_key: Any, raw: Any, keyed_by: str, spec: dict):
    """One bare value of a file in the older form: its reading is not recorded."""
    key = _key(raw_key, keyed_by)
    year = key if isinstance(key, int) else key.year
    refs = (spec.get("value_references") or {}).get(year) or spec.get("reference") or ()
    sources = tuple(
        Source(
            key=f"reference-{i + 1}",
            title=" ".join(str(ref.get("title", "")).split()),
            href=str(ref.get("href", "")),
            read=NOT_RECORDED,
            read_on=None,
        )
        for i, ref in enumerate(refs)
    )
    value = convert(raw)
    return key, value, Value(key, value, sources, "")


def _series(name: str, raw: dict, keyed_by: str, spec: dict, sources: dict | None):
    values, entries = [], []
    for raw_key, item in raw.items():
        if sources is None:
            key, value, record = _legacy_entry(name, raw_key, item, keyed_by, spec)
        else:
            key, value, record = _entry(name, raw_key, item, keyed_by, sources)
        values.append((key, value))
        entries.append((key, record))
    values.sort(key=lambda kv: kv[0])
    entries.sort(key=lambda kv: kv[0])
    return values, entries


def parameter(name: str, spec: dict, file: str) -> Parameter:
    """Build one parameter from its YAML mapping; ``ValueError`` when it is malformed."""
    if not isinstance(spec, dict) or any(k not in spec for k in _REQUIRED_KEYS):
        raise ValueError(f"{name} ({file}) needs {', '.join(_REQUIRED_KEYS)}")
    keyed_by = spec.get("keyed_by", "date")
    sources = _sources(name, spec) if "sources" in spec else None
    reviewed = spec.get("reviewed_through", spec.get("confirmed_through"))
    if reviewed is None:
        raise ValueError(f"{name} ({file}) needs reviewed_through (a coverage year)")
    raw_values = spec["values"]
    if spec.get("breakdown") == "state":
        values, entries = {}, {}
        for state, raw in raw_values.items():
            values[state], entries[state] = _series(name, raw, keyed_by, spec, sources)
    else:
        values, entries = _series(name, raw_values, keyed_by, spec, sources)
    return Parameter(
        name=name,
        file=file,
        description=" ".join(str(spec["description"]).split()),
        unit=str(spec["unit"]),
        reference=tuple(spec.get("reference") or ()),
        reviewed_through=int(reviewed),
        breakdown=spec.get("breakdown"),
        keyed_by=keyed_by,
        values=values,
        entries=entries,
        null_means=str(spec.get("null_means", "none")),
    )
