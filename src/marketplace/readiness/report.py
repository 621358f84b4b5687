"""The rules-status report as text lines (the command) and JSON, from
:func:`aca_rules.rules_status.year_status`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aca_rules import parameters as P
from aca_rules.rules_status import ParameterStatus, Row, YearStatus, year_status

READING = {
    P.PRIMARY: "read in the primary text",
    P.SECONDARY: "read only in secondary copies",
    P.NOT_RECORDED: "how it was read is not recorded",
}


def _when(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def verdict(param: ParameterStatus, year: int) -> str:
    """'confirmed', or why not: how it was read and whether it is reviewed for the year."""
    if param.confirmed:
        return "confirmed"
    why = [READING.get(h, h) for h in {row.how_read for row in param.rows} if h != P.PRIMARY]
    if not param.rows:
        why.append(f"no value in force for {year}")
    elif not param.reviewed:
        why.append(f"not reviewed for {year}")
    return "NOT CONFIRMED: " + "; ".join(sorted(why))


def _source_line(source: P.Source) -> str:
    read_on = "" if source.read_on is None else f", read {source.read_on.isoformat()}"
    return f"{source.title} <{source.href}> ({source.read}{read_on})"


def _in_force(param: ParameterStatus) -> str:
    if not param.rows:
        return "NO VALUE IN FORCE"
    dates = sorted({_when(row.effective) for row in param.rows})
    since = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]} (by state)"
    reviewed = sorted({row.reviewed_through for row in param.rows})
    return f"since {since}; reviewed through {', '.join(str(y) for y in reviewed)}"


def _parameter_lines(param: ParameterStatus, year: int, state: str | None) -> list[str]:
    lines = [
        f"{param.name}: {param.value}  [{verdict(param, year)}]",
        f"  what:     {param.description} ({param.unit})",
        f"  in force: {_in_force(param)}",
    ]
    lines += [f"  source:   {_source_line(s)}" for s in param.sources]
    if state is not None:
        for row in param.rows:
            if row.label == state:
                lines.append(f"  {state}:       {row.value} (since {_when(row.effective)})")
    for change in param.changes:
        label = f"{change.label}: " if change.label else ""
        before = change.before if change.before is not None else "no value"
        lines.append(f"  changed:  {label}{before} -> {change.after} ({_when(change.effective)})")
    for change in param.later:
        label = f"{change.label}: " if change.label else ""
        lines.append(f"  later:    {label}{change.after} from {_when(change.effective)}")
    if param.not_published:
        lines.append(f"  not published for {year}: {', '.join(param.not_published)}")
    return lines


def _summary(status: YearStatus) -> list[str]:
    year = status.year
    total = len(status.parameters)
    lines = [f"Rules in force for coverage year {year} (rules version {status.rules_version})"]
    if status.answered:
        lines.append(f"Answered: every required parameter has a value in force for {year}.")
    else:
        lines.append(f"REFUSED: no value in force for {year}: " + "; ".join(status.missing))
    lines.append(
        f"{total} parameters: {total - len(status.unconfirmed)} confirmed (read in the primary "
        f"text and reviewed for {year}), {len(status.unconfirmed)} not confirmed; "
        f"{len(status.not_reviewed)} not reviewed for {year}."
    )
    if status.not_published:
        parts = ", ".join(f"{name} {key}" for name, key in status.not_published)
        lines.append(f"Not published for {year}: {parts}.")
    return lines


def status_lines(year: int, state: str | None = None) -> list[str]:
    status = year_status(year)
    lines = _summary(status)
    for param in status.parameters:
        lines.append("")
        lines += _parameter_lines(param, year, state)
    lines.append("")
    changed = ", ".join(p.name for p in status.changed) or "nothing"
    lines.append(f"Changed from {year - 1} (or later in {year}): {changed}.")
    return lines


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "label": row.label,
        "effective": _when(row.effective),
        "value": row.value,
        "how_read": row.how_read,
        "reviewed_through": row.reviewed_through,
        "confirmed": row.confirmed,
        "sources": [
            {
                "title": s.title,
                "href": s.href,
                "read": s.read,
                "read_on": None if s.read_on is None else s.read_on.isoformat(),
            }
            for s in row.sources
        ],
    }


def status_json(year: int) -> dict[str, Any]:
    status = year_status(year)
    return {
        "year": year,
        "rules_version": status.rules_version,
        "answered": status.answered,
        "missing": list(status.missing),
        "not_published": [f"{name} {key}" for name, key in status.not_published],
        "parameters": [
            {
                "name": p.name,
                "description": p.description,
                "unit": p.unit,
                "value": p.value,
                "how_read": p.how_read,
                "confirmed": p.confirmed,
                "reviewed": p.reviewed,
                "verdict": verdict(p, year),
                "rows": [_row_json(row) for row in p.rows],
                "changes": [
                    {
                        "label": c.label,
                        "before": c.before,
                        "after": c.after,
                        "effective": _when(c.effective),
                    }
                    for c in p.changes
                ],
                "later": [
                    {"label": c.label, "value": c.after, "effective": _when(c.effective)}
                    for c in p.later
                ],
            }
            for p in status.parameters
        ],
    }
