"""Enrollment -> outbound `x12.EnrollmentTransaction`, with the CMS FFE conventions
(companion guide v7.2; docs/puf-and-834.md B.3-B.6):

- addition (initial enrollment): INS03 021, INS04 EC, every member, open-ended eligibility
  (no DTP*357), the full 2750 set (B.6 step 1);
- change (e.g. a new APTC election): 001, INS04 none ("other"), AMRC FINANCIAL CHANGE on every
  member, DTP*303 and new DTP*007 dates on the money (CG §6.11, B.6 step 3);
- cancellation: 024, INS04 14 (voluntary withdrawal) or 07 (no longer eligible), AMRC CANCEL,
  the subscriber only, end date = begin date (CG §7.2.5, B.3);
- termination: 024, the same reasons, AMRC TERM, end date after the begin date (CG §7.2.6);
- member removal (one member off a policy that continues for the others): 024 for that
  member only (INS01 N), the same reasons and AMRCs, the member's end date in DTP*357/349;
  the others' new premium follows as a 001 FINANCIAL CHANGE (docs/puf-and-834.md B.3: "Removing one
  dependent is a maintenance transaction"; "A dependent removal has MTC 024 with
  CANCEL/TERM/...-NLE");
- CSR variant change (the same 14-character plan in another cost-sharing variant): one 001
  on every member of the same policy, AMRC CSR VARIANT CHANGE (B.4 "Outbound maintenance"),
  REF*CE the new 16-character id, DTP*303 and the money's DTP*007 the effective date;
- reinstatement (a termination for non-payment undone by the premium paid): 025 on every
  covered member, AMRC REINSTATEMENT, the original begin date, no end date (B.3, B.4);
- CIC pair (a change one 001 cannot express: a new subscriber; B.6 step 3): the old
  policy's 024 with INS04 14 and AMRC CANCELCIC / TERMCIC, then the new policy's 021/EC with
  AMRC CIC (B.4, "Outbound initial: null, or CIC").

Money is the group's: PRE AMT TOT, APTC AMT (0 when none), TOT RES AMT and RATING AREA on the
subscriber, PRE AMT 1 per member; SOURCE EXCHANGE ID is the state + "0" (B.4). In a state with
a premium program (MA ConnectorCare, VT Premium Assistance) the subscriber also carries MONTHLY
STATE SUBSIDY AMT (0 when none) and TOT RES AMT is what is left after it (ADR 0801).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from aca_rules.states import program_for
from x12 import Address, EnrollmentTransaction, Member

ORIGIN_ONLINE = "1"  # APPLICATION ID AND ORIGIN suffix: on-line (CG Table 27)
ORIGIN_AUTO_REENROLLMENT = "11"  # the same suffix for automatic re-enrollment (CG Table 27)
#: AMRCs of a batch auto re-enrollment's 021 (docs/puf-and-834.md B.4 "BAR outbound"); the guide
#: prints
#: an en dash in the bronze-to-silver one, which the 834's basic character set cannot carry,
#: so a plain hyphen stands for it.
PASSIVE = "PASSIVE"
PASSIVE_B2S = "PASSIVE - B2S"
LANGUAGES = {"en": "ENG", "es": "SPA"}  # LUI02, ISO 639-2 / NISO Z39.53

#: Why a policy ends -> (INS04, AMRC for a cancellation, AMRC for a termination).
END_REASONS = {
    "voluntary": ("14", "CANCEL", "TERM"),  # the person asked (45 CFR 155.430(b)(1))
    "not_eligible": ("07", "CANCEL-NLE", "TERM-NLE"),  # no longer eligible (155.430(b)(2)(i))
    "replaced": ("14", "CANCELCIC", "TERMCIC"),  # a CIC pair's first half (B.3 14 = "/ CIC")
    # the grace period ran out unpaid (45 CFR 155.430(b)(2)(ii), 156.270(g); B.3 59 =
    # non-payment of premium, with the plain CANCEL/TERM of B.4)
    "non_payment": ("59", "CANCEL", "TERM"),
    # the member died (45 CFR 155.430(d)(7): the last day of coverage is the date of death;
    # B.3 03 = death, with the plain CANCEL/TERM of B.4; TERM-PDM is for a death found by
    # periodic data matching, not one reported)
    "death": ("03", "CANCEL", "TERM"),
}
REINSTATEMENT = "REINSTATEMENT"  # AMRC of a 025 (docs/puf-and-834.md B.4, CG Table 21)
CIC = "CIC"  # AMRC of the new policy of a CIC pair (docs/puf-and-834.md B.4)
FINANCIAL_CHANGE = "FINANCIAL CHANGE"  # outbound maintenance AMRCs (docs/puf-and-834.md B.4)
CSR_VARIANT_CHANGE = "CSR VARIANT CHANGE"
AGENT_BROKER_INFO = "AGENT BROKER INFO"  # subscriber only (docs/puf-and-834.md B.4)
DEMOGRAPHIC_CHANGE = "DEMOGRAPHIC CHANGE"  # on the member whose data changed (B.4)
CHANGE_OF_ADDRESS = "43"  # INS04 for a DEMOGRAPHIC CHANGE of address (B.3, B.4)


def _phone(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 else None


def _local(moment: datetime) -> datetime:
    """The exchange's wall-clock time (REQUEST SUBMIT TIMESTAMP has no zone)."""
    if timezone.is_aware(moment):
        return timezone.localtime(moment).replace(tzinfo=None)
    return moment


def _members(enrollment, members, *, initial: bool) -> tuple[Member, ...]:
    out = []
    for m in members:
        sub = m.is_subscriber
        address = None
        if sub:
            address = Address(
                enrollment.street,
                enrollment.city,
                enrollment.state,
                enrollment.zipcode,
                county_fips=enrollment.countyfips or None,
            )
        out.append(
            Member(
                member_id=m.member_id,
                is_subscriber=sub,
                relationship=m.relationship,
                # the caseworker's spelling for the insurer, else the name as entered (the writer
                # transliterates it into the X12 character set: x12.text.transliterate)
                last_name=m.insurer_last_name or m.last_name,
                first_name=m.insurer_first_name or m.first_name,
                birth_date=m.birth_date,
                gender=m.sex,
                address=address,
                phone=_phone(enrollment.phone) if sub else None,
                email=(enrollment.email or None) if sub else None,
                # HLH: tobacco use on initial enrollment only, members 18 and over (B.2)
                tobacco_use=m.tobacco if initial and m.age >= 18 else None,
                language=LANGUAGES.get(enrollment.language) if sub else None,
                premium=m.premium,
                issuer_member_id=m.issuer_member_id or None,
            )
        )
    return tuple(out)


def _state_subsidy(enrollment) -> Decimal | None:
    """MONTHLY STATE SUBSIDY AMT: the state's premium subsidy on the policy, sent (0 when
    none, as APTC AMT is) by the exchanges of states with a premium program (ConnectorCare,
    Vermont Premium Assistance; ADR 0801); not sent elsewhere."""
    if program_for(enrollment.state) is None:
        return None
    return enrollment.state_subsidy


def _common(enrollment, members, now: datetime, *, initial: bool) -> dict:
    return dict(
        subscriber_id=enrollment.subscriber_id,
        policy_id=enrollment.policy_id,
        issuer_hios_id=enrollment.plan_id[:5],
        plan_id=enrollment.plan_id,
        coverage_start=enrollment.coverage_start,
        members=_members(enrollment, members, initial=initial),
        premium_total=enrollment.premium,
        aptc_amount=enrollment.elected_aptc,
        state_subsidy_amount=_state_subsidy(enrollment),
        total_responsible_amount=(
            enrollment.premium - enrollment.elected_aptc - enrollment.state_subsidy
        ),
        rating_area=enrollment.rating_area,
        source_exchange_id=f"{enrollment.state}0",
        request_submit_timestamp=_local(now),
        application_id_origin=f"{enrollment.application_id:09d}-{ORIGIN_ONLINE}",
        issuer_name=enrollment.issuer.name[:60],
        issuer_subscriber_id=enrollment.issuer_subscriber_id or None,
        issuer_policy_id=enrollment.issuer_policy_id or None,
        broker_name=(enrollment.broker_name or None) if enrollment.broker_npn else None,
        broker_npn=enrollment.broker_npn or None,
    )


def addition(enrollment, members, now: datetime, amrc: str | None = None):
    """An initial enrollment (021/EC); `amrc` "CIC" when it continues a replaced policy."""
    return EnrollmentTransaction(
        maintenance_type="021",
        maintenance_reason="EC",
        additional_maintenance_reason=amrc,
        **_common(enrollment, members, now, initial=True),
    )


def reenrollment(enrollment, members, now: datetime, *, bronze_to_silver: bool = False):
    """The new year's policy of an automatic re-enrollment (45 CFR 155.335(j)): 021 with
    INS04 41 (re-enrollment), AMRC PASSIVE (PASSIVE - B2S when moved from bronze to silver)
    and the origin suffix 11, as the FFE's batch auto re-enrollment sends it (docs/puf-and-834.md
    B.4)."""
    return EnrollmentTransaction(
        maintenance_type="021",
        maintenance_reason="41",
        additional_maintenance_reason=PASSIVE_B2S if bronze_to_silver else PASSIVE,
        **{
            **_common(enrollment, members, now, initial=True),
            "application_id_origin": f"{enrollment.application_id:09d}-{ORIGIN_AUTO_REENROLLMENT}",
        },
    )


def financial_change(
    enrollment, members, now: datetime, effective: date, amrc: str = FINANCIAL_CHANGE
):
    """A maintenance 001 on every member listed, INS04 none, the money (2750) as it is from
    `effective` (DTP*303 and DTP*007), the plan id with its variant in REF*CE."""
    return EnrollmentTransaction(
        maintenance_type="001",
        maintenance_reason=None,
        additional_maintenance_reason=amrc,
        maintenance_effective_date=effective,
        financial_effective_date=effective,
        **_common(enrollment, members, now, initial=False),
    )


def broker_change(enrollment, members, now: datetime, effective: date):
    """A new agent or broker of record on a policy in force: one 001 on the subscriber only
    with AMRC AGENT BROKER INFO (docs/puf-and-834.md B.4) and the broker in loop 1000C."""
    subscriber = [m for m in members if m.is_subscriber]
    return financial_change(enrollment, subscriber, now, effective, amrc=AGENT_BROKER_INFO)


def address_change(enrollment, members, now: datetime, effective: date):
    """The subscriber's new home address (2100A N3/N4) on a policy in force: one 001 on the
    subscriber only, INS04 43 (change of address) and AMRC DEMOGRAPHIC CHANGE
    (docs/puf-and-834.md B.4: on the member whose data changed)."""
    subscriber = [m for m in members if m.is_subscriber]
    txn = financial_change(enrollment, subscriber, now, effective, amrc=DEMOGRAPHIC_CHANGE)
    return dataclasses.replace(txn, maintenance_reason=CHANGE_OF_ADDRESS)


def csr_variant_change(enrollment, members, now: datetime, effective: date):
    """The policy moves to another variant of the same plan (45 CFR 156.420): one 001 on the
    same EAPID with the new REF*CE and AMRC CSR VARIANT CHANGE (docs/puf-and-834.md B.4, B.6 step
    3),
    so the issuer keeps the deductible and out-of-pocket accumulators (45 CFR 156.425(b))."""
    return financial_change(enrollment, members, now, effective, amrc=CSR_VARIANT_CHANGE)


def ending(enrollment, members, now: datetime, end: date, reason: str = "voluntary"):
    """A cancellation (end = begin) or termination of the whole group: subscriber only."""
    ins04, cancel_amrc, term_amrc = END_REASONS[reason]
    cancel = end <= enrollment.coverage_start
    subscriber = [m for m in members if m.is_subscriber]
    values = _common(enrollment, subscriber, now, initial=False)
    return EnrollmentTransaction(
        maintenance_type="024",
        maintenance_reason=ins04,
        additional_maintenance_reason=cancel_amrc if cancel else term_amrc,
        coverage_end=enrollment.coverage_start if cancel else end,
        maintenance_effective_date=enrollment.coverage_start if cancel else end,
        **values,
    )


def member_ending(enrollment, removed, now: datetime, end: date, reason: str = "voluntary"):
    """One or more dependents leave a policy that continues (024, INS01 N): only they are
    listed, so no subscriber-only money is written; cancellation when `end` is not after the
    policy's begin date, else termination (the same END_REASONS as a whole-policy end)."""
    if any(m.is_subscriber for m in removed):
        raise ValueError("the subscriber leaves through a CIC pair, not a member removal")
    ins04, cancel_amrc, term_amrc = END_REASONS[reason]
    cancel = end <= enrollment.coverage_start
    return EnrollmentTransaction(
        maintenance_type="024",
        maintenance_reason=ins04,
        additional_maintenance_reason=cancel_amrc if cancel else term_amrc,
        coverage_end=enrollment.coverage_start if cancel else end,
        maintenance_effective_date=enrollment.coverage_start if cancel else end,
        **_common(enrollment, removed, now, initial=False),
    )


def reinstatement(enrollment, members, now: datetime):
    """The whole group restored from its original begin date after a termination for
    non-payment the issuer's payment undid (docs/puf-and-834.md B.3: "Reinstatement restores the
    whole group from the original begin dates"; INS03/HD01 025, INS04 none, AMRC
    REINSTATEMENT as CG Table 21 prints it), every covered member, the 2750 money as it is,
    no end date."""
    return EnrollmentTransaction(
        maintenance_type="025",
        maintenance_reason=None,
        additional_maintenance_reason=REINSTATEMENT,
        maintenance_effective_date=enrollment.coverage_start,
        **_common(enrollment, members, now, initial=False),
    )


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
