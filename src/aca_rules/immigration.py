"""Immigration status: the Medicaid/CHIP rule on a date (42 CFR 435.406; 8 U.S.C. 1613,
1641) and the premium tax credit's "eligible alien" rule from 2027 (IRC 36B(e)(2) as amended
by Pub. L. 119-21 71301). Which statuses qualify is dated law in parameters (ADR 0102).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import LAWFULLY_PRESENT_STATUSES, Person
from aca_rules.messages import Message

_MEDICAID_IMMIGRATION = Message("medicaid.immigration")
_MEDICAID_FIVE_YEAR_BAR = Message("medicaid.five_year_bar")


def medicaid_rule_date(year: int, determination_date: _dt.date | None) -> _dt.date:
    """The date whose Medicaid/CHIP immigration rule a determination applies: the
    determination date when given, else 1 January of the coverage year (ADR 0102). A rule
    dated 2026-10-01 (Pub. L. 119-21 71109) thus applies to a 2026 determination made in
    November 2026 and to every 2027 determination."""
    return determination_date or _dt.date(year, 1, 1)


@lru_cache(maxsize=64)
def _medicaid_statuses(on: _dt.date) -> frozenset[str]:
    return frozenset(P.parameters()["medicaid_eligible_immigration_statuses"].at(on))


def medicaid_immigration(person: Person, on: _dt.date) -> Message | None:
    """Why the member does not meet the Medicaid/CHIP immigration rule on ``on``, or None
    when they do (42 CFR 435.406; 42 CFR 457.320(b)(6); 8 U.S.C. 1613, 1641).

    - Citizens and nationals meet it.
    - ``medicaid_immigration_eligible``, when given, is the answer (the caller knows; a
      verification that expired sets it to false).
    - A person who is not lawfully present does not meet it.
    - Otherwise the ``immigration_status`` decides, against the statuses in effect on the
      date (``medicaid_eligible_immigration_statuses``: from 2026-10-01 only LPRs past or
      exempt from the 5-year bar, Cuban/Haitian entrants and COFA migrants, Pub. L. 119-21
      71109). An LPR of less than 5 years is barred (8 U.S.C. 1613(a)).
    - A lawfully present non-citizen whose status is not given is treated as not meeting
      it, as before this rule had statuses."""
    if person.citizen:
        return None
    stated = person.medicaid_immigration_eligible
    if stated is not None:
        return None if stated else _MEDICAID_IMMIGRATION
    status = person.immigration_status
    if not person.lawfully_present or status is None:
        return _MEDICAID_IMMIGRATION
    if status in _medicaid_statuses(on):
        return None
    if status == "lpr_recent":
        return _MEDICAID_FIVE_YEAR_BAR
    if status in _medicaid_statuses_before(on):
        # A status that met the rule before and no longer does (Pub. L. 119-21 71109).
        return Message("medicaid.immigration_status_narrowed", {"date": on.isoformat()})
    return _MEDICAID_IMMIGRATION


@lru_cache(maxsize=64)
def _medicaid_statuses_before(on: _dt.date) -> frozenset[str]:
    """Every status that met the Medicaid/CHIP immigration rule at some date before ``on``."""
    param = P.parameters()["medicaid_eligible_immigration_statuses"]
    found: set[str] = set()
    for key, value in param.values:
        if key < on:
            found.update(value)
    return frozenset(found)


@lru_cache(maxsize=64)
def _ptc_statuses(year: int) -> tuple[frozenset[str], bool]:
    """The statuses that count for the PTC in ``year`` and whether they are every lawfully
    present status (then the status need not be known)."""
    statuses = frozenset(P.get("ptc_eligible_immigration_statuses", year))
    return statuses, statuses >= frozenset(LAWFULLY_PRESENT_STATUSES)


def ptc_immigration(person: Person, year: int) -> Message | None:
    """Why a QHP-eligible member cannot get APTC (or CSR) because of immigration status in
    ``year``, or None when status does not stand in the way.

    IRC 36B(e)(2) as amended by Pub. L. 119-21 71301 (taxable and plan years beginning after
    2026; 42 U.S.C. 18081(a)(2)(C), 18082(d)): besides citizens and nationals, only an
    "eligible alien" - a lawful permanent resident, a Cuban and Haitian entrant, or a COFA
    migrant - counts for the credit. Other lawfully present people may still enroll in a
    QHP, at full price (45 CFR 155.305(a)); CSR needs APTC eligibility (155.305(g)(1)).
    The statuses are the dated parameter ``ptc_eligible_immigration_statuses``.

    Fail safe: when the rule narrows the statuses and a lawfully present non-citizen's
    status is not given, the member is not found eligible for APTC, with a reason asking for
    the status (never assumed to be an eligible alien). Through 2026 every lawfully present
    status counts, so a missing status changes nothing (the input contract before 2027)."""
    if person.citizen or not person.lawfully_present:
        return None  # a person not lawfully present is not QHP-eligible at all
    statuses, everyone = _ptc_statuses(year)
    if everyone:
        return None
    status = person.immigration_status
    if status is None:
        return Message("aptc.immigration_status_needed", {"year": year})
    if status in statuses:
        return None
    return Message("aptc.not_eligible_alien", {"year": year})
