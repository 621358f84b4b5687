"""One member's eligibility: a Marketplace plan (QHP), APTC and catastrophic plans.

The member's own conditions, each a rule in its own module: QHP eligibility
(:func:`aca_rules.qhp.qhp_eligible`, 45 CFR 155.305(a)), immigration status for the
PTC (:func:`aca_rules.immigration.ptc_immigration`, IRC 36B(e)(2)), Medicaid/CHIP
(:mod:`aca_rules.medicaid_chip`), other minimum essential coverage (IRC 36B(c)(2)(B)),
employer coverage (:mod:`aca_rules.affordability`, IRC 36B(c)(2)(C)), a Basic Health
Program (:mod:`aca_rules.basic_health`, ACA 1331) and catastrophic plans
(:func:`aca_rules.catastrophic.catastrophic_eligible`, 45 CFR 156.155(a)).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from aca_rules import basic_health
from aca_rules.affordability import esi_blocks_ptc
from aca_rules.catastrophic import catastrophic_eligible
from aca_rules.household import Household, Person
from aca_rules.immigration import ptc_immigration
from aca_rules.medicaid_chip import MedicaidResult
from aca_rules.messages import Message
from aca_rules.qhp import qhp_eligible

#: A member eligible for Medicaid or CHIP is not a coverage month for the PTC (IRC
#: 36B(c)(2)(B); 26 CFR 1.36B-2(c)(2)).
_APTC_MEDICAID_CHIP = Message("aptc.medicaid_chip")
#: Nor is a member eligible for other minimum essential coverage (IRC 36B(c)(2)(B)).
_APTC_OTHER_COVERAGE = Message("aptc.other_coverage")
#: Every condition met: eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f)).
_APTC_ELIGIBLE = Message("aptc.eligible")
#: A fact of the household's lines above: it is not an applicable taxpayer.
_APTC_HOUSEHOLD_NOT_ELIGIBLE = Message("aptc.household_not_eligible")
_HUNDRED = Decimal(100)


class MemberContext(NamedTuple):
    """What every member of one determination is tested with: the coverage year and
    state, whether the household is an applicable taxpayer and whether a household line
    said why not, whether any member has an employer offer, the Basic Health Program in
    force, household current income as a fraction of the current guideline, and whether
    income alone grants the catastrophic hardship exemption."""

    year: int
    state: str
    applicable_taxpayer: bool
    household_reasons: bool
    employer_offers: bool
    basic_health_program: basic_health.Program | None
    current_fraction: Decimal
    income_hardship: bool


class MemberEligibility(NamedTuple):
    """One member's QHP, APTC and catastrophic eligibility with the reasons so far; the
    cost-sharing step (aca_rules/engine.py) adds its line and the catastrophic one when it
    writes the member's result."""

    qhp: bool
    aptc: bool
    reasons: list[Message]
    catastrophic: bool
    catastrophic_reason: Message


def any_employer_offer(people: tuple[Person, ...]) -> bool:
    """Whether any member has an employer offer (IRC 36B(c)(2)(C) only applies then)."""
    for person in people:
        if person.esi_offer is not None:
            return True
    return False


@lru_cache(maxsize=1024)
def _catastrophic(
    age: int, hardship: bool, year: int, income_hardship: bool
) -> tuple[bool, Message]:
    return catastrophic_eligible(
        Person(age=age, hardship_exemption=hardship), year, income_hardship
    )


def member_eligibility(
    household: Household, index: int, medicaid: MedicaidResult, ctx: MemberContext
) -> MemberEligibility:
    """Member ``index``'s eligibility, the conditions applied in the order their reasons
    are written: QHP (45 CFR 155.305(a)); immigration status for the PTC (IRC 36B(e)(2));
    Medicaid/CHIP and other coverage (IRC 36B(c)(2)(B)); employer coverage, said whenever
    any member has an offer (36B(c)(2)(C)); a Basic Health Program, which bars APTC and,
    where it replaces the Marketplace, the QHP (ACA 1331(e)(2))."""
    person = household.people[index]
    qhp, qhp_reason = qhp_eligible(person)
    reasons: list[Message] = [medicaid.reason, qhp_reason]
    aptc = ctx.applicable_taxpayer and qhp
    status_ok = True
    if qhp and not person.citizen:
        why = ptc_immigration(person, ctx.year)
        if why is not None:
            status_ok = False
            if aptc:
                aptc = False
                reasons.append(why)
    in_medicaid = medicaid.medicaid or medicaid.chip
    if aptc and in_medicaid:
        aptc = False
        reasons.append(_APTC_MEDICAID_CHIP)
    if aptc and person.has_mec:
        aptc = False
        reasons.append(_APTC_OTHER_COVERAGE)
    esi_blocked = False
    if ctx.employer_offers:  # without any offer nothing is blocked and nothing is said
        esi_blocked, esi_reason = esi_blocks_ptc(household, index, ctx.year)
        if esi_reason:
            reasons.append(esi_reason)
        if aptc and esi_blocked:
            aptc = False
    bhp = ctx.basic_health_program
    if (
        bhp is not None
        and qhp
        and status_ok
        and not (in_medicaid or person.has_mec or esi_blocked)
        and basic_health.eligible(person, ctx.current_fraction * _HUNDRED, bhp)
    ):
        aptc = False
        if bhp.bars_qhp:
            qhp = False
            reasons[1] = basic_health.reason(bhp, ctx.state)
        else:
            reasons.append(basic_health.reason(bhp, ctx.state))
    if aptc:
        reasons.append(_APTC_ELIGIBLE)
    elif qhp and not ctx.applicable_taxpayer and ctx.household_reasons:
        reasons.append(_APTC_HOUSEHOLD_NOT_ELIGIBLE)
    catastrophic, catastrophic_reason = _catastrophic(
        person.age, person.hardship_exemption, ctx.year, ctx.income_hardship
    )
    # Built in field order (a named tuple, once per member: the hot path of the engine).
    return MemberEligibility(qhp, aptc, reasons, catastrophic and qhp, catastrophic_reason)
