"""Eligibility for a qualified health plan through the Exchange (45 CFR 155.305(a))."""

from __future__ import annotations

from aca_rules.household import Person
from aca_rules.messages import Message

_QHP_ELIGIBLE = Message("qhp.eligible")
_QHP_NOT_RESIDENT = Message("qhp.not_resident")
_QHP_NOT_LAWFULLY_PRESENT = Message("qhp.not_lawfully_present")
_QHP_INCARCERATED = Message("qhp.incarcerated")


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
