"""Non-financial conditions for QHP, APTC and catastrophic coverage.

Each function returns ``(ok, reason)``; a reason is a :class:`~aca_rules.messages.Message`
(catalog id and figures) whose text cites the rule applied.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import LAWFULLY_PRESENT_STATUSES, Household, Person
from aca_rules.messages import Message

_QHP_ELIGIBLE = Message("qhp.eligible")
_QHP_NOT_RESIDENT = Message("qhp.not_resident")
_QHP_NOT_LAWFULLY_PRESENT = Message("qhp.not_lawfully_present")
_QHP_INCARCERATED = Message("qhp.incarcerated")
_MARRIED_SEPARATE = Message("tax.married_separate")
_NO_RETURN = Message("tax.no_return")
_INCOME_UNVERIFIED = Message("tax.income_unverified")
_MARRIED_SEPARATE_EXCEPTION = Message("tax.married_separate_exception")
_CATASTROPHIC_HARDSHIP = Message("catastrophic.hardship")
_MEDICAID_IMMIGRATION = Message("medicaid.immigration")
_MEDICAID_FIVE_YEAR_BAR = Message("medicaid.five_year_bar")


def qhp_eligible(person: Person) -> tuple[bool, Message]:
    """QHP eligibility through the Exchange (45 CFR 155.305(a)): citizen, national or
    lawfully present; not incarcerated (other than pending disposition); resident of the
    Exchange's service area."""
    if not person.resident:
        return False, _QHP_NOT_RESIDENT
    if not (person.citizen or person.lawfully_present):
        return False, _QHP_NOT_LAWFULLY_PRESENT
    if person.incarcerated:
        return False, _QHP_INCARCERATED
    return True, _QHP_ELIGIBLE


def filing_status_ok(household: Household) -> tuple[bool, Message | None]:
    """Married taxpayers must file jointly to claim the PTC (IRC 36B(c)(1)(C); 26 CFR
    1.36B-2(b)(2)), unless a victim of domestic abuse or spousal abandonment
    (1.36B-2(b)(2)(ii)-(v)). The taxpayer must also file a return (1.36B-2(a)). When the
    household's income could not be verified by the deadline and the data sources hold none,
    the exchange determines it ineligible for APTC and CSR (45 CFR 155.320(c)(3)(vi)(G))."""
    if household.filing_status == "married_separate" and not household.mfs_exception:
        return False, _MARRIED_SEPARATE
    if not household.tax_filer:
        return False, _NO_RETURN
    if household.income_unverified:
        return False, _INCOME_UNVERIFIED
    if household.filing_status == "married_separate":
        return True, _MARRIED_SEPARATE_EXCEPTION
    return True, None


def below_fpl_exception(household: Household, year: int, on: _dt.date | None = None) -> bool:
    """Below 100% FPL, a lawfully present non-citizen taxpayer who is ineligible for
    Medicaid because of immigration status is an applicable taxpayer (IRC 36B(c)(1)(B));
    repealed for tax years after 2025 (Pub. L. 119-21, 71302). ``on`` is the date whose
    Medicaid immigration rule applies (:func:`medicaid_rule_date`)."""
    if not P.get("below_fpl_lawfully_present_exception", year):
        return False
    when = on or _dt.date(year, 1, 1)
    for person in household.people:
        if person.relationship in ("self", "spouse") and _lawfully_present_noncitizen(person, when):
            return True
    return False


def _lawfully_present_noncitizen(person: Person, on: _dt.date) -> bool:
    return (
        (not person.citizen)
        and person.lawfully_present
        and medicaid_immigration(person, on) is not None
    )


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


def catastrophic_eligible(
    person: Person, year: int, income_hardship: bool = False
) -> tuple[bool, Message]:
    """Catastrophic plans: under 30 before the plan year starts, or with a hardship or
    affordability exemption (42 U.S.C. 18022(e)(2); 45 CFR 156.155(a)).

    ``income_hardship``: the household qualifies for the hardship exemption granted to
    people ineligible for APTC because of their projected income (45 CFR
    155.605(d)(1)(iii); CMS guidance of Sept. 4, 2025, plan years from 2026;
    :func:`income_hardship`)."""
    max_age = _catastrophic_age(year)
    if person.age < max_age:
        return True, Message("catastrophic.under_age", {"max_age": max_age})
    if person.hardship_exemption:
        return True, _CATASTROPHIC_HARDSHIP
    if income_hardship:
        return True, _CATASTROPHIC_INCOME_HARDSHIP
    return False, Message("catastrophic.not_eligible", {"age": person.age})


_CATASTROPHIC_INCOME_HARDSHIP = Message("catastrophic.income_hardship")


@lru_cache(maxsize=256)
def _income_hardship_rule(year: int) -> tuple[bool, bool, frozenset[str]]:
    rule = P.get("catastrophic_income_hardship", year)
    return (
        bool(rule["below_floor"]),
        bool(rule["above_cap"]),
        frozenset(rule["excluded_states"]),
    )


def income_hardship(
    year: int, state: str, fpl_pct: Decimal | int, lower: int, upper: int | None
) -> bool:
    """Whether household income alone makes the household ineligible for APTC - below the
    PTC floor (``lower``) or above its cap (``upper``; none in 2021-2025) - in a year and
    state where that grants a hardship exemption for a catastrophic plan (45 CFR
    155.605(d)(1)(iii); CMS fact sheet of Sept. 4, 2025; ``catastrophic_income_hardship``).
    ``fpl_pct`` is the exact percent (400.6% is above the cap). Households above 250% FPL
    that only miss CSR are not included (not confirmed)."""
    below, above, excluded = _income_hardship_rule(year)
    if state in excluded:
        return False
    if below and fpl_pct < lower:
        return True
    return above and upper is not None and fpl_pct > upper


@lru_cache(maxsize=64)
def _catastrophic_age(year: int) -> int:
    return int(P.get("catastrophic_max_age", year))


def nonnegative(income: Decimal) -> Decimal:
    """Household income below zero counts as zero for the FPL comparison."""
    return income if income > 0 else Decimal(0)
