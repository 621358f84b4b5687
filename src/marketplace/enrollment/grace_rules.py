"""How long a grace period for non-payment lasts and when coverage ends, from dated data
(enrollment/data/grace_periods.yaml), never `if state == ...`.

- `rule_for(state, year, aptc)`: enrollees receiving APTC who paid at least one full month
  in the benefit year get three consecutive months (45 CFR 156.270(d)); coverage then ends
  on the last day of the first month of grace (156.270(g), 155.430(d)(4)). Everyone else
  gets the state's period (155.430(d)(5)), or the documented default when none was found.
- `coverage_end(rule, first_unpaid)`: the last day of coverage when the period runs out.
- `grace_end(rule, first_unpaid)`: the last day of the grace period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from marketplace.enrollment.dates import end_of_month, first_of_next_month

DATA = Path(__file__).parent / "data" / "grace_periods.yaml"
ENDS = ("first_grace_month", "last_paid_month", "last_grace_month")


@dataclass(frozen=True)
class GraceRule:
    kind: str  # "aptc" or "state"
    months: int
    coverage_ends: str  # one of ENDS
    citation: str
    read: str  # how the months were read: primary | secondary | default

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "months": self.months,
            "coverage_ends": self.coverage_ends,
            "citation": self.citation,
            "read": self.read,
        }


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _in_force(entries: list[dict], year: int) -> dict | None:
    found = [e for e in entries if int(e["from"]) <= year]
    return max(found, key=lambda e: int(e["from"])) if found else None


def _rule(kind: str, entry: dict) -> GraceRule:
    months = int(entry["months"]["value"])
    ends = str(entry["coverage_ends"]["value"])
    if months < 1 or ends not in ENDS:
        raise ValueError(f"grace_periods.yaml: bad {kind} rule ({months}, {ends})")
    return GraceRule(kind, months, ends, str(entry["citation"]), str(entry["months"]["read"]))


def rule_for(state: str, year: int, *, aptc: bool) -> GraceRule:
    """The grace period in force for coverage year `year` (45 CFR 156.270(d); 155.430(d)(5))."""
    data = _data()
    if aptc:
        entry = _in_force(data["aptc"], year)
        if entry is not None:
            return _rule("aptc", entry)
    states = data["state"]
    entry = _in_force(states.get(state, []), year) or _in_force(states["*"], year)
    if entry is None:
        raise LookupError(f"no grace period rule for {state} in {year}")
    return _rule("state", entry)


def add_months(first: date, months: int) -> date:
    """The first day of the month `months` after `first` (a 1st)."""
    day = first
    for _ in range(months):
        day = first_of_next_month(day)
    return day


def grace_end(rule: GraceRule, first_unpaid: date) -> date:
    """The last day of the grace period: `months` whole months from the first unpaid one."""
    return add_months(first_unpaid, rule.months) - timedelta(days=1)


def coverage_end(rule: GraceRule, first_unpaid: date) -> date:
    """The last day of coverage if the grace period runs out unpaid (156.270(g),
    155.430(d)(4)-(5))."""
    if rule.coverage_ends == "first_grace_month":
        return end_of_month(first_unpaid)
    if rule.coverage_ends == "last_grace_month":
        return grace_end(rule, first_unpaid)
    return first_unpaid - timedelta(days=1)  # last_paid_month
