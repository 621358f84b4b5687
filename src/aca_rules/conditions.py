"""Non-financial conditions for QHP, APTC and catastrophic coverage.

Each function returns ``(ok, reason)``; reasons cite the rule applied.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.household import Household, Person


def qhp_eligible(person: Person) -> tuple[bool, str]:
    """QHP eligibility through the Exchange (45 CFR 155.305(a)): citizen, national or
    lawfully present; not incarcerated (other than pending disposition); resident of the
    Exchange's service area."""
    if not person.resident:
        return False, "Not a resident of the state: not eligible for a QHP (45 CFR 155.305(a)(3))."
    if not (person.citizen or person.lawfully_present):
        return False, (
            "Not a citizen, national or lawfully present: not eligible for a QHP "
            "(45 CFR 155.305(a)(1))."
        )
    if person.incarcerated:
        return False, (
            "Incarcerated (other than pending disposition of charges): not eligible for a QHP "
            "(45 CFR 155.305(a)(2))."
        )
    return True, "Eligible to enroll in a QHP (45 CFR 155.305(a))."


def filing_status_ok(household: Household) -> tuple[bool, str | None]:
    """Married taxpayers must file jointly to claim the PTC (IRC 36B(c)(1)(C); 26 CFR
    1.36B-2(b)(2)), unless a victim of domestic abuse or spousal abandonment
    (1.36B-2(b)(2)(ii)-(v)). The taxpayer must also file a return (1.36B-2(a))."""
    if household.filing_status == "married_separate" and not household.mfs_exception:
        return False, (
            "Married filing separately: not an applicable taxpayer (IRC 36B(c)(1)(C); "
            "26 CFR 1.36B-2(b)(2))."
        )
    if not household.tax_filer:
        return False, (
            "No attestation to file a federal return: no APTC (26 CFR 1.36B-2(a); "
            "45 CFR 155.305(f)(4))."
        )
    if household.filing_status == "married_separate":
        return True, (
            "Married filing separately as a victim of domestic abuse or abandonment: treated "
            "as an applicable taxpayer (26 CFR 1.36B-2(b)(2)(ii))."
        )
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


def catastrophic_eligible(person: Person, year: int) -> tuple[bool, str]:
    """Catastrophic plans: under 30 before the plan year starts, or with a hardship or
    affordability exemption (42 U.S.C. 18022(e)(2); 45 CFR 156.155(a))."""
    max_age = _catastrophic_age(year)
    if person.age < max_age:
        return True, f"Under {max_age}: may buy a catastrophic plan (45 CFR 156.155(a)(1))."
    if person.hardship_exemption:
        return True, "Hardship exemption: may buy a catastrophic plan (45 CFR 156.155(a)(2))."
    return False, (
        f"Age {person.age} and no hardship exemption: not eligible for a catastrophic plan "
        "(45 CFR 156.155(a))."
    )


@lru_cache(maxsize=64)
def _catastrophic_age(year: int) -> int:
    return int(P.get("catastrophic_max_age", year))


def nonnegative(income: Decimal) -> Decimal:
    """Household income below zero counts as zero for the FPL comparison."""
    return income if income > 0 else Decimal(0)
