"""What a law parameter is: its dated values, and where and how each value was read.

A value holds from its effective date until a newer value replaces it (the PolicyEngine /
OpenFisca semantics; ADR 0103). Each value names the sources it was read in; a source says
whether it is the primary text (the statute, regulation, Federal Register notice, revenue
procedure or agency guidance itself) or a secondary copy, and when it was read.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

#: How a source was read.
PRIMARY = "primary"
SECONDARY = "secondary"
#: A value whose file records no reading (a parameter file in the older form).
NOT_RECORDED = "not recorded"
READINGS = (PRIMARY, SECONDARY)
_NOTHING = object()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was read: the primary text itself, or a secondary copy of it."""

    key: str
    title: str
    href: str
    read: str  # PRIMARY or SECONDARY (NOT_RECORDED for the older form)
    read_on: _dt.date | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Value:
    """One dated value of a parameter and the sources it was read in.

    ``how_read`` is ``primary`` when at least one of its sources is the primary text,
    ``secondary`` when it was read only in secondary copies (each named), and ``not
    recorded`` when its file does not say."""

    key: Any  # effective date, or guideline year for parameters keyed by year
    value: Any
    sources: tuple[Source, ...]
    note: str = ""

    @property
    def how_read(self) -> str:
        reads = {s.read for s in self.sources}
        if PRIMARY in reads:
            return PRIMARY
        if SECONDARY in reads:
            return SECONDARY
        return NOT_RECORDED

    @property
    def confirmed(self) -> bool:
        """Read in the primary text."""
        return self.how_read == PRIMARY

    @property
    def read_on(self) -> _dt.date | None:
        """The latest date one of its sources was read."""
        dates = [s.read_on for s in self.sources if s.read_on is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Parameter:
    """One law parameter: unit, the law defining it, a review marker and dated values.

    ``values`` holds ``(key, value)`` pairs sorted by key (by state first when
    ``breakdown`` is ``state``); ``entries`` holds the same keys with their
    :class:`Value` records. ``reviewed_through`` is the last coverage year someone checked
    the parameter for changes: a review marker, never a reason to refuse a year."""

    name: str
    file: str
    description: str
    unit: str
    reference: tuple[dict, ...]
    reviewed_through: int
    breakdown: str | None
    keyed_by: str
    values: Any = field(repr=False)
    entries: Any = field(repr=False)
    #: What a null value (or a null inside a table) means: "none" (no such limit or group)
    #: unless the file says otherwise, e.g. "not published" for the 2027 reduced MOOPs.
    null_means: str = "none"

    @property
    def confirmed_through(self) -> int:
        """The older name of :attr:`reviewed_through`."""
        return self.reviewed_through

    @property
    def unconfirmed(self) -> bool:
        """Whether any of its values was not read in the primary text."""
        return any(not v.confirmed for _, v in self.all_entries())

    def states(self) -> list[str | None]:
        return list(self.values) if self.breakdown == "state" else [None]

    def has_state(self, state: str) -> bool:
        return self.breakdown != "state" or state in self.values

    def _series(self, table: Any, state: str | None) -> list[tuple[Any, Any]]:
        if self.breakdown != "state":
            return table
        if state is None or state not in table:
            raise KeyError(f"{self.name}: no values for state {state!r}")
        return table[state]

    def _find(self, table: Any, on: Any, state: str | None) -> Any:
        found: Any = _NOTHING
        for key, item in self._series(table, state):
            if key <= on:
                found = item
            else:
                break
        if found is _NOTHING:
            raise KeyError(f"{self.name}: no value in force on {on}")
        return found

    def at(self, on: _dt.date | int, state: str | None = None) -> Any:
        """The value in force on a date (or for a guideline year when keyed by year): the
        latest value dated on or before it. ``KeyError`` before the first value."""
        return self._find(self.values, on, state)

    def entry_at(self, on: _dt.date | int, state: str | None = None) -> Value:
        """The :class:`Value` record in force on a date (see :meth:`at`)."""
        return self._find(self.entries, on, state)

    def all_entries(self) -> list[tuple[str | None, Value]]:
        """Every dated value, with its state (None unless broken down by state)."""
        if self.breakdown != "state":
            return [(None, v) for _, v in self.entries]
        return [(st, v) for st, series in self.entries.items() for _, v in series]
