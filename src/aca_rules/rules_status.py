"""The law in force for a coverage year, value by value, and what changed from the year
before: the report behind ``marketplace rules-status YEAR`` (docs/contracts.md 4.8) and the
officials' readiness page (ADR 0103).

For each parameter: its value on 1 January of the year (a summary for a table, by state
when it varies by state), since when it is in force, where and how it was read, whether it
is confirmed (read in the primary text and reviewed for the year), how it differs from the
value in force a year earlier, and the values that take effect later in the year. Poverty
guidelines show both the one APTC/CSR use (the prior year's) and the one Medicaid/CHIP use.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aca_rules import parameters as P
from aca_rules.fpl import latest_guideline_year
from aca_rules.provenance import summarize


@dataclass(frozen=True, slots=True)
class Row:
    """One value in force (for one state when the table varies by state)."""

    label: str | None  # the state, or which guideline ("APTC/CSR", "Medicaid/CHIP")
    effective: Any  # date, or guideline year
    value: str
    how_read: str
    sources: tuple[P.Source, ...]
    needed_for: int  # the year the value is asked for
    reviewed_through: int
    nulls: tuple[str, ...] = ()  # keys of a table whose value is null

    @property
    def reviewed(self) -> bool:
        return self.needed_for <= self.reviewed_through

    @property
    def confirmed(self) -> bool:
        return self.how_read == P.PRIMARY and self.reviewed


@dataclass(frozen=True, slots=True)
class Change:
    """A value that differs from the one in force a year earlier, or takes effect later in
    the year."""

    label: str | None
    before: str | None  # None: no value then
    after: str
    effective: Any


@dataclass(frozen=True)
class ParameterStatus:
    name: str
    description: str
    unit: str
    file: str
    reference: tuple[dict, ...]
    null_means: str
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    later: tuple[Change, ...]  # values taking effect after 1 January of the year

    @property
    def confirmed(self) -> bool:
        return bool(self.rows) and all(row.confirmed for row in self.rows)

    @property
    def reviewed(self) -> bool:
        return bool(self.rows) and all(row.reviewed for row in self.rows)

    @property
    def how_read(self) -> str:
        """``primary``, ``secondary`` or ``not recorded``, with counts when rows differ."""
        counts = Counter(row.how_read for row in self.rows)
        if len(counts) == 1:
            return next(iter(counts))
        return ", ".join(f"{how} ({n})" for how, n in counts.most_common())

    @property
    def value(self) -> str:
        """The value, or a summary when the table varies by state."""
        if not self.rows:
            return "no value in force"
        if len(self.rows) == 1:
            return self.rows[0].value
        if all(row.label in ("APTC/CSR", "Medicaid/CHIP") for row in self.rows):
            return "; ".join(f"{row.label}: {row.value}" for row in self.rows)
        if len(self.rows) <= 8:
            return "; ".join(f"{row.label}: {row.value}" for row in self.rows)
        counts = Counter(row.value for row in self.rows)
        top = ", ".join(f"{v} in {n}" for v, n in counts.most_common(4))
        more = "" if len(counts) <= 4 else f", {len(counts) - 4} other values"
        return f"by state ({len(self.rows)}): {top}{more}"

    @property
    def sources(self) -> tuple[P.Source, ...]:
        seen: dict[tuple[str, str], P.Source] = {}
        for row in self.rows:
            for source in row.sources:
                seen.setdefault((source.title, source.href), source)
        return tuple(seen.values())

    @property
    def not_published(self) -> tuple[str, ...]:
        """Parts of the value that are null because they are not published."""
        if self.null_means != "not published":
            return ()
        return tuple(key for row in self.rows for key in row.nulls)


@dataclass(frozen=True)
class YearStatus:
    year: int
    rules_version: str
    missing: tuple[str, ...]  # required parameters with no value in force: the year is refused
    parameters: tuple[ParameterStatus, ...]

    @property
    def answered(self) -> bool:
        return not self.missing

    @property
    def unconfirmed(self) -> tuple[ParameterStatus, ...]:
        return tuple(p for p in self.parameters if not p.confirmed)

    @property
    def not_reviewed(self) -> tuple[ParameterStatus, ...]:
        return tuple(p for p in self.parameters if not p.reviewed)

    @property
    def changed(self) -> tuple[ParameterStatus, ...]:
        return tuple(p for p in self.parameters if p.changes or p.later)

    @property
    def not_published(self) -> tuple[tuple[str, str], ...]:
        return tuple((p.name, key) for p in self.parameters for key in p.not_published)


def _nulls(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        return tuple(str(k) for k, v in value.items() if v is None)
    return ()


def _row(param: P.Parameter, key: Any, state: str | None, label: str | None, needed: int):
    try:
        entry = param.entry_at(key, state)
    except KeyError:
        return None
    return Row(
        label=label,
        effective=entry.key,
        value=summarize(entry.value),
        how_read=entry.how_read,
        sources=entry.sources,
        needed_for=needed,
        reviewed_through=param.reviewed_through,
        nulls=_nulls(entry.value),
    )


def _lookups(param: P.Parameter, year: int) -> list[tuple[Any, str | None, str | None, int]]:
    """(key, state, label, year asked for) of each value shown for the year."""
    if param.keyed_by == "guideline_year":
        out = []
        for target, label in ((year - 1, "APTC/CSR"), (year, "Medicaid/CHIP")):
            try:
                out.append((latest_guideline_year(target), None, label, target))
            except KeyError:
                out.append((target, None, label, target))
        return out
    jan1 = _dt.date(year, 1, 1)
    return [(jan1, state, state, year) for state in param.states()]


def _changes(param: P.Parameter, year: int) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    """Values different from a year earlier, and values taking effect later in the year."""
    changes, later = [], []
    for key, state, label, _needed in _lookups(param, year):
        before_key = key - 1 if isinstance(key, int) else _dt.date(year - 1, 1, 1)
        now = _value_at(param, key, state)
        if now is None:
            continue
        then = _value_at(param, before_key, state)
        if then is None or then.value != now.value:
            before = None if then is None else summarize(then.value)
            changes.append(Change(label, before, summarize(now.value), now.key))
        if isinstance(key, _dt.date):
            series = param.entries[state] if param.breakdown == "state" else param.entries
            for when, entry in series:
                if key < when <= _dt.date(year, 12, 31):
                    later.append(Change(label, summarize(now.value), summarize(entry.value), when))
    return tuple(changes), tuple(later)


def _value_at(param: P.Parameter, key: Any, state: str | None) -> P.Value | None:
    try:
        return param.entry_at(key, state)
    except KeyError:
        return None


def parameter_status(param: P.Parameter, year: int) -> ParameterStatus:
    rows = []
    for key, state, label, needed in _lookups(param, year):
        row = _row(param, key, state, label, needed)
        if row is not None:
            rows.append(row)
    changes, later = _changes(param, year)
    return ParameterStatus(
        name=param.name,
        description=param.description,
        unit=param.unit,
        file=param.file,
        reference=param.reference,
        null_means=param.null_means,
        rows=tuple(rows),
        changes=changes,
        later=later,
    )


def year_status(year: int) -> YearStatus:
    """Every parameter in force for coverage ``year`` (also for a year the engine refuses:
    the parameters with no value in force are named in ``missing``)."""
    params = P.parameters()
    return YearStatus(
        year=year,
        rules_version=P.RULES_VERSION,
        missing=tuple(P.missing_for_year(year)),
        parameters=tuple(parameter_status(params[name], year) for name in sorted(params)),
    )
