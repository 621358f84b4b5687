"""Employer-sponsored coverage: affordability and minimum value (IRC 36B(c)(2)(C))."""

from __future__ import annotations

from decimal import Decimal

from aca_rules import parameters as P
from aca_rules.household import Household, Person
from aca_rules.messages import Message

FAMILY_RELATIONSHIPS = ("self", "spouse", "child")
_NO_MINIMUM_VALUE = Message("esi.no_minimum_value")


def esi_blocks_ptc(household: Household, index: int, year: int) -> tuple[bool, Message | None]:
    """Whether an employer offer makes member ``index`` ineligible for the PTC.

    An employee is eligible for employer coverage if offered it; the offer counts only if it
    is affordable and provides minimum value (IRC 36B(c)(2)(C)(i)-(ii); 26 CFR
    1.36B-2(c)(3)(v), (vi)). The employee is tested on the self-only premium; since 2023,
    related individuals (spouse and children the offer extends to) are tested on the
    family premium (the family-glitch fix, 26 CFR 1.36B-2(c)(3)(v)(A)(2)). Affordable means
    the annual required contribution is at most the threshold times household income.
    """
    if not any(p.esi_offer is not None for p in household.people):
        return False, None
    threshold: Decimal = P.get("affordability_threshold", year)
    income = household.income if household.income > 0 else Decimal(0)
    limit = threshold * income
    person = household.people[index]
    pct = (threshold * 100).normalize()  # shown as a percent, e.g. 9.96
    offer = person.esi_offer
    if offer is not None:
        if not offer.min_value:
            return False, _NO_MINIMUM_VALUE
        annual = offer.employee_premium * 12
        if annual <= limit:
            return True, Message("esi.affordable_self", {"annual": annual, "threshold": pct})
        reason = Message("esi.unaffordable_self", {"annual": annual, "threshold": pct})
    else:
        reason = None
    # Offers made to another member that extend to this one.
    if person.relationship not in FAMILY_RELATIONSHIPS:
        return False, reason
    for j, other in enumerate(household.people):
        if j == index or other.esi_offer is None or other.relationship not in ("self", "spouse"):
            continue
        o = other.esi_offer
        if not o.min_value or o.family_premium is None:
            continue
        annual = o.family_premium * 12
        if annual <= limit:
            return True, Message("esi.affordable_family", {"annual": annual, "threshold": pct})
        reason = Message("esi.unaffordable_family", {"annual": annual, "threshold": pct})
    return False, reason


def person_esi_offer_reason(person: Person) -> Message | None:
    """Reason text for a member without any employer offer (none needed)."""
    return None
