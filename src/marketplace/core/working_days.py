"""Working days: Monday to Friday, less the legal holidays the served state's offices keep
(core/data/holidays.yaml; ADR 1007). Every deadline counted in working days uses this
module, e.g. an expedited appeal's decision, due "no later than 3 working days after the
request is received" (45 CFR 155.545(b)(3)).

- the federal legal public holidays of 5 U.S.C. 6103(a), on their observed days: a Saturday
  holiday on the Friday before (5 U.S.C. 6103(b)(1)), a Sunday one on the Monday after
  (Executive Order 11582, section 3(a)), unless the state's data gives its own rule for its
  offices (Massachusetts keeps them open on the Friday before a Saturday holiday);
- the state's own legal holidays, listed per year with their citation. A year the data does
  not list has the federal days only: a deadline is then never later than the state's own
  calendar would make it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

DATA = Path(__file__).parent / "data" / "holidays.yaml"
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth `weekday` of the month (nth -1: the last), as 5 U.S.C. 6103(a) names
    Monday and Thursday holidays (e.g. "the fourth Thursday in November")."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def _federal_date(rule: dict, year: int) -> date:
    """The day a federal legal public holiday falls on in `year` (5 U.S.C. 6103(a))."""
    if "day" in rule:
        return date(year, int(rule["month"]), int(rule["day"]))
    return _nth_weekday(year, int(rule["month"]), WEEKDAYS[rule["weekday"]], int(rule["nth"]))


def observed_day(day: date, *, saturday: str = "friday", sunday: str = "monday") -> date | None:
    """The day a holiday falling on `day` is kept: a Saturday one on the Friday before
    (5 U.S.C. 6103(b)(1)), a Sunday one on the Monday after (Executive Order 11582, 3(a));
    `none` for a state whose offices do not move it (None: no weekday is given)."""
    if day.weekday() == SATURDAY:
        return day - timedelta(days=1) if saturday == "friday" else None
    if day.weekday() == SUNDAY:
        return day + timedelta(days=1) if sunday == "monday" else None
    return day


def _observed_rule(state: str) -> dict:
    rule = dict(_data()["observed"])
    rule.update((_data().get("states") or {}).get(state, {}).get("observed") or {})
    return {"saturday": str(rule["saturday"]), "sunday": str(rule["sunday"])}


@lru_cache(maxsize=64)
def _holidays(state: str, year: int) -> tuple[tuple[date, str], ...]:
    rule = _observed_rule(state)
    found: dict[date, str] = {}
    for each_year in (year - 1, year, year + 1):  # New Year's Day may be kept on Dec. 31
        for holiday in _data()["federal"]:
            kept = observed_day(_federal_date(holiday, each_year), **rule)
            if kept is not None and kept.year == year:
                found[kept] = str(holiday["name"])
    own = (_data().get("states") or {}).get(state, {}).get("own") or {}
    for holiday in own.get(year, []):
        found.setdefault(holiday["date"], str(holiday["name"]))
    return tuple(sorted(found.items()))


def holidays(year: int, state: str | None = None) -> dict[date, str]:
    """The legal holidays the state's offices keep in `year`, on the days they are kept,
    with their names (the served state when `state` is None)."""
    return dict(_holidays(state or settings.MARKETPLACE_STATE, year))


def is_working_day(day: date, state: str | None = None) -> bool:
    """Monday to Friday and not a legal holiday kept that day."""
    return day.weekday() < SATURDAY and day not in holidays(day.year, state)


def working_days_after(start: date, days: int, state: str | None = None) -> date:
    """The day `days` working days after `start` (`start` itself is not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, state):
            days -= 1
    return day
