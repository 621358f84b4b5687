"""Non-financial conditions for QHP, APTC and catastrophic coverage.

Each function returns ``(ok, reason)``; a reason is a :class:`~aca_rules.messages.Message`
(catalog id and figures) whose text cites the rule applied.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import Household, Person
from aca_rules.messages import Message

_QHP_ELIGIBLE = Message("qhp.eligible")
_QHP_NOT_RESIDENT = Message("qhp.not_resident")
_QHP_NOT_LAWFULLY_PRESENT = Message("qhp.not_lawfully_present")
_QHP_INCARCERATED = Message("qhp.incarcerated")
_MARRIED_SEPARATE = Message("tax.married_separate")
_NO_RETURN = Message("tax.no_return")
_MARRIED_SEPARATE_EXCEPTION = Message("tax.married_separate_exception")
_CATASTROPHIC_HARDSHIP = Message("catastrophic.hardship")


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
    (1.36B-2(b)(2)(ii)-(v)). The taxpayer must also file a return (1.36B-2(a))."""
    if household.filing_status == "married_separate" and not household.mfs_exception:
        return False, _MARRIED_SEPARATE
    if not household.tax_filer:
        return False, _NO_RETURN
    if household.filing_status == "married_separate":
        return True, _MARRIED_SEPARATE_EXCEPTION
    return True, None


def below_fpl_exception(household: Household, year: int) -> bool:
    """Below 100% FPL, a lawfully present non-citizen taxpayer who is ineligible for
    Medicaid because of immigration status is an applicable taxpayer (IRC 36B(c)(1)(B));
    repealed for tax years after 2025 (Pub. L. 119-21, 71302)."""
    if not P.get("below_fpl_lawfully_present_exception", year):
        return False
    for person in household.people:
        if person.relationship in ("self", "spouse") and _lawfully_present_noncitizen(person):
            return True
    return False


def _lawfully_present_noncitizen(person: Person) -> bool:
    return (not person.citizen) and person.lawfully_present and not medicaid_immigration_ok(person)


def medicaid_immigration_ok(person: Person) -> bool:
    """Citizens and qualified non-citizens past any 5-year bar meet Medicaid's immigration
    rules (42 CFR 435.406; 8 U.S.C. 1613). Unless stated, other lawfully present people are
    treated as not meeting them."""
    if person.citizen:
        return True
    if person.medicaid_immigration_eligible is not None:
        return bool(person.medicaid_immigration_eligible)
    return False


def catastrophic_eligible(person: Person, year: int) -> tuple[bool, Message]:
    """Catastrophic plans: under 30 before the plan year starts, or with a hardship or
    affordability exemption (42 U.S.C. 18022(e)(2); 45 CFR 156.155(a))."""
    max_age = _catastrophic_age(year)
    if person.age < max_age:
        return True, Message("catastrophic.under_age", {"max_age": max_age})
    if person.hardship_exemption:
        return True, _CATASTROPHIC_HARDSHIP
    return False, Message("catastrophic.not_eligible", {"age": person.age})


@lru_cache(maxsize=64)
def _catastrophic_age(year: int) -> int:
    return int(P.get("catastrophic_max_age", year))


def nonnegative(income: Decimal) -> Decimal:
    """Household income below zero counts as zero for the FPL comparison."""
    return income if income > 0 else Decimal(0)
