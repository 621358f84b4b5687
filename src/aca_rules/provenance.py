"""Which law values a determination used, and which of them are not confirmed (ADR 0103).

A value is *confirmed* for a coverage year when it was read in the primary text (the
statute, regulation, Federal Register notice, revenue procedure or agency guidance itself)
and its parameter has been reviewed for that year. Every other value still applies - the
law stays in force until it changes - but each determination lists it in
``unconfirmed_values`` with how it was read, where, and why it is not confirmed: read only
in secondary copies, its reading not recorded, or not reviewed for the year.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from aca_rules import parameters as P

#: Why a used value is not confirmed (the codes in ``because``).
SECONDARY_ONLY = "secondary"
NOT_RECORDED = "not_recorded"
NOT_REVIEWED = "not_reviewed"


@dataclass(frozen=True, slots=True)
class UsedValue:
    """One parameter value a determination used, with its provenance."""

    parameter: str
    state: str | None
    entry: P.Value
    reviewed_through: int
    needed_for: int  # the coverage (or guideline) year the value was used for

    @property
    def because(self) -> tuple[str, ...]:
        """Why the value is not confirmed for the year (empty when it is)."""
        why = []
        if self.entry.how_read == P.SECONDARY:
            why.append(SECONDARY_ONLY)
        elif self.entry.how_read == P.NOT_RECORDED:
            why.append(NOT_RECORDED)
        if self.needed_for > self.reviewed_through:
            why.append(NOT_REVIEWED)
        return tuple(why)

    @property
    def confirmed(self) -> bool:
        return not self.because

    def to_json(self) -> dict[str, Any]:
        """The ``unconfirmed_values`` item of ``marketplace estimate`` (docs/contracts.md 4.2):
        a fresh copy of the item, worked out once per value (every determination lists the
        unconfirmed values it used, and a value and its provenance never change)."""
        hit = _JSON.get(id(self))
        if hit is None or hit[0] is not self:
            if len(_JSON) > _JSON_LIMIT:
                _JSON.clear()
            hit = _JSON[id(self)] = (self, self._json())
        item = hit[1]
        return {
            **item,
            "sources": [dict(source) for source in item["sources"]],
            "because": list(item["because"]),
        }

    def _json(self) -> dict[str, Any]:
        key = self.entry.key
        return {
            "parameter": self.parameter,
            "state": self.state,
            "effective": key.isoformat() if isinstance(key, _dt.date) else key,
            "value": _entry_summary(self.entry),
            "how_read": self.entry.how_read,
            "source": "; ".join(s.title for s in self.entry.sources),
            "sources": [
                {
                    "title": s.title,
                    "href": s.href,
                    "read": s.read,
                    "read_on": None if s.read_on is None else s.read_on.isoformat(),
                }
                for s in self.entry.sources
            ],
            "reviewed_through": self.reviewed_through,
            "needed_for": self.needed_for,
            "because": list(self.because),
        }


#: id(UsedValue) -> (the value, its JSON item): the value is kept so its id stays its own.
_JSON: dict[int, tuple[UsedValue, dict[str, Any]]] = {}
_JSON_LIMIT = 8192
_SUMMARIES: dict[int, tuple[Any, str]] = {}


def _entry_summary(entry) -> str:
    """`summarize(entry.value)`, worked out once per value: the parameters are loaded once,
    and every determination lists the unconfirmed values it used."""
    hit = _SUMMARIES.get(id(entry))
    if hit is None or hit[0] is not entry:
        hit = _SUMMARIES[id(entry)] = (entry, summarize(entry.value))
    return hit[1]


def _number(value: Decimal) -> str:
    """A Decimal as written in the parameter file ('0.0996', '400'), never in exponent form."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def summarize(value: Any, limit: int = 160) -> str:
    """A short text for a value or a table (rules-status, unconfirmed_values)."""
    text = _summary(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(value: Any) -> str:
    if value is None:
        return "none (null)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, tuple):
        if value and all(isinstance(v, dict) for v in value):
            return f"{len(value)} rows: " + "; ".join(_row(v) for v in value)
        return ", ".join(_summary(v) for v in value)
    if isinstance(value, dict):
        if len(value) > 12 and all(isinstance(k, int) for k in value):
            numbers = [v for v in value.values() if isinstance(v, Decimal)]
            span = f", {_number(min(numbers))} to {_number(max(numbers))}" if numbers else ""
            return f"{len(value)} entries{span}"
        return "; ".join(f"{k}: {_summary(v)}" for k, v in value.items())
    return str(value)


def _row(row: dict) -> str:
    return " ".join(f"{k} {_summary(v)}" for k, v in row.items())


@lru_cache(maxsize=8192)
def used(name: str, key: Any, state: str | None, needed_for: int) -> UsedValue | None:
    """The value of ``name`` in force at ``key`` (a date, or a guideline year), or None when
    it has none (a state without the table)."""
    param = P.parameters()[name]
    if not param.has_state(state or ""):
        return None
    try:
        entry = param.entry_at(key, state if param.breakdown == "state" else None)
    except KeyError:
        return None
    return UsedValue(
        parameter=name,
        state=state if param.breakdown == "state" else None,
        entry=entry,
        reviewed_through=param.reviewed_through,
        needed_for=needed_for,
    )


def unconfirmed(items: tuple[UsedValue | None, ...]) -> tuple[UsedValue, ...]:
    """The items not confirmed for their year, each once."""
    seen: set[tuple] = set()
    out = []
    for item in items:
        if item is None or item.confirmed:
            continue
        ident = (item.parameter, item.state, item.entry.key)
        if ident not in seen:
            seen.add(ident)
            out.append(item)
    return tuple(out)
