"""Special enrollment periods (45 CFR 155.420), read from events.yaml.

- `event(code)`: one qualifying event as data (window, effective-date rule, plan-category
  limit, prior-coverage condition, verification before coverage, income-based or not).
- `period(code, event_date, learned_on=None)`: the window a plan may be chosen in
  (155.420(c)); with `learned_on`, the date a person without timely notice learned of the
  event, counted from it where later ((c)(5)).
- `Period.coverage_start(selected_on)`: when coverage from a selection begins (155.420(b)).
- `Period.ptc_allowed(year)`: False for an income-based period from the year Public Law
  119-21 section 71304 bars the premium tax credit for enrollment through it.
- `for_change(kind, event_date)`: the periods a reported change opens.

No Django here: the exchange's changes app stores the periods people have and asks this
module what they allow.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("events").with_suffix(".yaml")
EFFECTIVE_RULES = (
    "event_date",
    "after_event_or_selection",
    "hra_start_or_selection",
    "after_selection",
)
CATEGORIES = ("same_metal", "add_to_plan", "any", "to_silver")


class UnknownEvent(KeyError):
    """No qualifying event with this code in events.yaml."""


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    citation: str
    confirmed: bool
    days_before: int
    days_after: int
    effective: str
    category: str
    prior_coverage: bool
    verify_before_coverage: bool
    income_based: bool
    no_ptc_from: int | None
    change_kinds: tuple[str, ...]
    granted_by_caseworker: bool
    csr_metal_rules: bool = False
    monthly: bool = False
    #: The person opens the period on their account by attesting to the event (155.420(d)(8),
    #: (d)(10)); the exchange checks what it can (an American Indian on the application).
    claimed_by_person: bool = False
    #: 155.420(a)(4)(ii)(C): an enrollee newly ineligible for APTC through this period
    #: ((d)(6)(i)-(ii)) may change to a plan of any metal level.
    aptc_metal_rules: bool = False
    #: Spans of event dates in which the period is not offered: the law took it away for a
    #: time (events.yaml `paused`).
    paused: tuple[Pause, ...] = ()
    #: 155.420(c)(5): a person who did not receive timely notice of the event and was
    #: otherwise reasonably unaware of it has 60 days from the date they knew or reasonably
    #: should have known of it (events.yaml `late_notice`: the events a person reports with
    #: a date).
    late_notice: bool = False

    @property
    def opened_by_caseworker(self) -> bool:
        """A caseworker may open this period on an account: an event only casework decides
        (`granted_by_caseworker`), or one that no reported change opens and the person
        cannot claim (a court order, an HRA offer, a Medicaid denial, COBRA help ending...):
        the person shows it and a caseworker opens the period with the event's date. Not a
        once-a-month period (155.420(d)(8), (d)(16)), which has its own path or none."""
        if self.granted_by_caseworker:
            return True
        return not self.change_kinds and not self.claimed_by_person and not self.monthly


@dataclass(frozen=True)
class Pause:
    """Event dates `first` to `last` (both included) for which the law does not offer a
    period, and the rule that says so (`cited`, e.g. "90 FR 27074"; `citation` in full)."""

    first: date
    last: date
    cited: str
    citation: str

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


def _paused(raw: dict) -> tuple[Pause, ...]:
    spans = []
    for span in raw.get("paused") or ():
        first, last = span["from"], span["through"]
        first = first if isinstance(first, date) else date.fromisoformat(str(first))
        last = last if isinstance(last, date) else date.fromisoformat(str(last))
        citation = str(span.get("citation") or "")
        cited = str(span.get("cited") or citation)
        spans.append(Pause(first, last, cited, citation))
    return tuple(spans)


def _event(code: str, raw: dict) -> Event:
    effective, category = str(raw["effective"]), str(raw["category"])
    if effective not in EFFECTIVE_RULES:
        raise ValueError(f"{code}: unknown effective-date rule {effective!r}")
    if category not in CATEGORIES:
        raise ValueError(f"{code}: unknown plan category {category!r}")
    before, after = int(raw["days_before"]), int(raw["days_after"])
    if before < 0 or after < -1 or (after == -1 and before == 0):
        raise ValueError(f"{code}: a window of {before} days before and {after} after is empty")
    return Event(
        code=code,
        label=str(raw["label"]),
        citation=str(raw["citation"]),
        confirmed=bool(raw.get("confirmed", False)),
        days_before=before,
        days_after=after,
        effective=effective,
        category=category,
        prior_coverage=bool(raw["prior_coverage"]),
        verify_before_coverage=bool(raw["verify_before_coverage"]),
        income_based=bool(raw["income_based"]),
        no_ptc_from=int(raw["no_ptc_from"]) if raw.get("no_ptc_from") else None,
        change_kinds=tuple(raw.get("change_kinds") or ()),
        granted_by_caseworker=bool(raw.get("granted_by_caseworker", False)),
        csr_metal_rules=bool(raw.get("csr_metal_rules", False)),
        monthly=bool(raw.get("monthly", False)),
        claimed_by_person=bool(raw.get("claimed_by_person", False)),
        aptc_metal_rules=bool(raw.get("aptc_metal_rules", False)),
        paused=_paused(raw),
        late_notice=bool(raw.get("late_notice", False)),
    )


@lru_cache(maxsize=1)
def events() -> dict[str, Event]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))["events"]
    return {code: _event(code, value) for code, value in raw.items()}


def event(code: str) -> Event:
    try:
        return events()[code]
    except KeyError:
        raise UnknownEvent(code) from None


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """One special enrollment period: an event on `event_date`; `learned_on` the date the
    person says they learned of it, having had no timely notice (155.420(c)(5)), if any."""

    event: Event
    event_date: date
    learned_on: date | None = None

    @property
    def counted_from_learning(self) -> bool:
        """155.420(c)(5): the window runs 60 days from the date the person knew or should
        have known of the event: for an event that allows it (`late_notice`) and a date
        later than the event's. A date on or before the event changes nothing."""
        return (
            self.event.late_notice
            and self.learned_on is not None
            and self.learned_on > self.event_date
        )

    @property
    def opens(self) -> date:
        """155.420(c)(2): a period that starts before the event (loss of coverage, a
        move) opens `days_before` days before it."""
        return self.event_date - timedelta(days=self.event.days_before)

    @property
    def closes(self) -> date:
        """155.420(c)(1): the last day of the period, `days_after` days after the event; for
        a once-a-month period (155.420(d)(8)) the last day of the event's month. A period
        only before the event (`days_after` -1: an individual coverage HRA or QSEHRA,
        155.420(c)(3)) closes the day before it."""
        if self.event.monthly:
            return last_day_of_month(self.event_date)
        closes = self.event_date + timedelta(days=self.event.days_after)
        if self.counted_from_learning:
            # (c)(5): "within 60 days of the date that he or she knew, or reasonably should
            # have known"; never shorter than the window the event gives ((c)(6): 90 days).
            return max(closes, self.learned_on + timedelta(days=LATE_NOTICE_DAYS))
        return closes

    @property
    def prior_coverage_days(self) -> tuple[date, date]:
        """155.420(a)(5): the 60 days before the event, on at least one of which the person
        must have had minimum essential coverage (first and last day, both included)."""
        return self.event_date - timedelta(days=60), self.event_date - timedelta(days=1)

    @property
    def available(self) -> bool:
        """False when the event falls in a span in which the law does not offer the period
        (events.yaml `paused`: the period for household income at or below 150% of the
        poverty line, 155.420(d)(16), from the 2025 Marketplace Integrity and Affordability
        rule, 90 FR 27074, until the end of plan year 2026)."""
        return self.pause is None

    @property
    def pause(self) -> Pause | None:
        """The span of the law's pause (events.yaml `paused`) the event date falls in, to say
        why the period is not open; None when the law offers the period."""
        return next((p for p in self.event.paused if p.covers(self.event_date)), None)

    def contains(self, day: date) -> bool:
        """`day` is in the window of a period the law offers."""
        return self.available and self.opens <= day <= self.closes

    def coverage_start(self, selected_on: date) -> date:
        """45 CFR 155.420(b): when coverage from a plan selection on `selected_on` begins.

        - (b)(2)(i) birth, adoption, placement: the date of the event.
        - (b)(2)(iv) loss of coverage ((d)(1), (d)(6)(iii), (d)(15)), a move ((d)(7),
          (d)(6)(iv)), release from incarceration ((d)(3)): a selection on or before the day
          of the event starts coverage on "the first day of the month following the date of
          the triggering event"; a later one on the first of the month after the selection.
          The event date of a loss is the last day of the old coverage ((d)(1)(i)-(iv)) or
          the last day the COBRA contributions pay for ((d)(15)): coverage follows without
          a gap. A move on the 1st chosen ahead starts on the 1st of the next month.
        - (b)(2)(vi) an individual coverage HRA or QSEHRA (`hra_start_or_selection`): a
          selection before the event starts coverage on the first of the month after it,
          or on the event's day when that is a first (the first day the arrangement can
          take effect); on or after it, the first of the month after the selection.
        - (b)(1), (b)(2)(iii) every other period, marriage included: the first of the month
          after the selection.
        """
        rule = self.event.effective
        if rule == "event_date":
            return self.event_date
        if rule == "after_event_or_selection" and selected_on <= self.event_date:
            return _first_of_next_month(self.event_date)
        if rule == "hra_start_or_selection" and selected_on < self.event_date:
            return _first_of_next_month(self.event_date - timedelta(days=1))
        return _first_of_next_month(selected_on)

    def subsidies_start(self, selected_on: date) -> date:
        """155.420(b)(2)(i): after a birth or adoption, APTC and CSR start on the first of
        the month after the event unless it falls on a first; otherwise with coverage."""
        start = self.coverage_start(selected_on)
        if self.event.effective == "event_date" and start.day != 1:
            return _first_of_next_month(start)
        return start

    def ptc_allowed(self, coverage_year: int) -> bool:
        """Public Law 119-21 section 71304 (26 USC 36B(c)(1)): no premium tax credit for
        coverage enrolled through a period based on household income alone, plan years
        from `no_ptc_from` (2026)."""
        if not self.event.income_based:
            return True
        return self.event.no_ptc_from is None or coverage_year < self.event.no_ptc_from

    def allows(
        self,
        *,
        enrolled_metal: str | None,
        new_metal: str,
        csr_change: str | None = None,
        aptc_change: str | None = None,
    ) -> bool:
        """155.420(a)(4): an enrollee may change plans only within their metal level for a
        `same_metal` or `add_to_plan` period; someone not enrolled chooses any plan.

        A period for a change in cost-sharing reductions (`csr_metal_rules`, (d)(6)(i)-(ii))
        widens that (155.420(a)(4)(ii)(A)-(B)): an enrollee newly eligible for CSR
        (`csr_change="gained"`) who is not in a silver plan may change to a silver one; a
        silver enrollee newly ineligible for CSR (`"lost"`) may change to a plan one metal
        level higher or lower. An enrollee newly ineligible for APTC (`aptc_change="lost"`)
        may change to any metal level (`aptc_metal_rules`, (a)(4)(ii)(C), from 2024). The
        low-income period (`to_silver`, (a)(4)(ii)(D)) lets an enrollee change to a silver
        plan only."""
        if enrolled_metal is None or self.event.category == "any":
            return True
        old, new = _metal(enrolled_metal), _metal(new_metal)
        if self.event.category == "to_silver":
            return new == "silver"
        if old == new:
            return True
        if self.event.aptc_metal_rules and aptc_change == "lost":
            return True
        if not self.event.csr_metal_rules:
            return False
        if csr_change == "gained":
            return new == "silver"
        if csr_change == "lost" and old == "silver" and new in LADDER:
            return abs(LADDER.index(new) - LADDER.index(old)) == 1
        return False


#: The metal levels in order of actuarial value (45 CFR 156.140(b)), for "one metal level
#: higher or lower" (155.420(a)(4)(ii)(B)).
LADDER = ("bronze", "silver", "gold", "platinum")


def _metal(level: str) -> str:
    """A plan's metal level for 155.420(a)(4): expanded bronze counts as bronze."""
    return level.lower().replace("expanded ", "").strip()


#: 155.420(c)(5): days to select a plan from the date the person knew, or reasonably should
#: have known, of an event they had no timely notice of.
LATE_NOTICE_DAYS = 60


def period(code: str, event_date: date, learned_on: date | None = None) -> Period:
    return Period(event(code), event_date, learned_on)


def for_change(kind: str, event_date: date, learned_on: date | None = None) -> list[Period]:
    """The periods a reported change of `kind` on `event_date` opens (events.yaml
    `change_kinds`); `learned_on` as for `period` (155.420(c)(5))."""
    found = [Period(e, event_date, learned_on) for e in events().values() if kind in e.change_kinds]
    return [p for p in found if p.available]


def claimed_event_date(event: Event, today: date) -> date:
    """The event date of a period a person claims on `today` (155.420(d)(8), (d)(10)): the
    day they claim it (the (c)(1) window counts from it), or for a once-a-month period the
    first of the month, so that a household has one such period per calendar month."""
    return today.replace(day=1) if event.monthly else today


def last_day_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
