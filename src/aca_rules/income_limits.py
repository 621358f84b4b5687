"""The household conditions of the premium tax credit: who is an applicable taxpayer.

IRC 36B(c)(1): a taxpayer whose household income is at least 100 percent and (when a cap is
in force) not above 400 percent of the poverty line, filing jointly if married (36B(c)(1)(C),
:func:`aca_rules.tax.filing_status_ok`); below 100 percent, a lawfully present
non-citizen ineligible for Medicaid because of status counts too while 36B(c)(1)(B) is in
force. Every limit is compared with the exact income percent (ADR 0103).
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from aca_rules import parameters as P
from aca_rules.fpl import HouseholdIncome
from aca_rules.household import Household, Person
from aca_rules.immigration import medicaid_immigration
from aca_rules.messages import Message
from aca_rules.tax import failed_to_reconcile, filing_status_ok, ftr_warning


class HouseholdPtc(NamedTuple):
    """Whether the household is an applicable taxpayer, whether the below-100% exception
    made it one, and the explanation lines saying why."""

    applicable_taxpayer: bool
    below_floor_exception: bool
    reasons: tuple[Message, ...]


def household_ptc(
    household: Household,
    year: int,
    lower: int,
    upper: int | None,
    income: HouseholdIncome,
    rule_date: _dt.date,
) -> HouseholdPtc:
    """Filing status (IRC 36B(c)(1)(C)), a failure to file and reconcile (45 CFR
    155.305(f)(4), :func:`aca_rules.tax.failed_to_reconcile`; for fewer years than bar APTC,
    the warning of :func:`aca_rules.tax.ftr_warning`), the 100% floor
    (36B(c)(1)(A), with the lawfully-present exception of 36B(c)(1)(B) while in force;
    repealed after 2025 by Pub. L. 119-21 71302) and the cap (none in 2021-2025,
    36B(c)(1)(E)), each compared with the exact income. ``rule_date`` is the date whose
    Medicaid immigration rule decides the exception."""
    ok, filing_reason = filing_status_ok(household)
    reasons: list[Message] = [filing_reason] if filing_reason else []
    if ok and household.ftr_tax_years:  # 45 CFR 155.305(f)(4): no APTC after an FTR
        ftr = failed_to_reconcile(household, year)
        if ftr is not None:
            ok = False
            reasons.append(ftr)
        elif (warning := ftr_warning(household, year)) is not None:
            reasons.append(warning)  # APTC kept for now; the tax filer is warned
    exception = False
    if ok and income.exact < lower:
        exception = below_fpl_exception(household, year, rule_date)
        if exception:
            reasons.append(Message("income.below_floor_exception", {"lower": lower}))
        else:
            ok = False
            reasons.append(
                Message(
                    "income.below_floor"
                    if P.get("below_fpl_lawfully_present_exception", year)
                    else "income.below_floor_exception_repealed",
                    {"fpl_percent": income.whole, "lower": lower},
                )
            )
    if ok and income.above_cap:
        ok = False
        reasons.append(Message("income.above_limit", {"upper": upper, "year": year}))
    if ok and upper is None and income.exact > 400:
        reasons.append(Message("income.no_upper_limit", {"year": year}))
    return HouseholdPtc(ok, exception, tuple(reasons))  # field order


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
