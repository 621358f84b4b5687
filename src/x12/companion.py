"""Exchange companion-guide checks that pyx12 (which knows only the TR3) does not make.

Rules from the CMS FFE X12 834 Companion Guide v7.2 (CG) as summarised in docs/puf-and-834.md
B.3-B.6:

- every member carries the exchange-assigned subscriber id ``REF*0F`` and member id ``REF*17``,
  and a policy id ``REF*1L`` in 2000 or 2300 (CG §6.8);
- ``REF*CE`` is the 16-character plan id with variant, no hyphen (CG §6.1);
- an addition (021, other than the issuer's effectuation 021/28) sends the subscriber's
  PRE AMT TOT, APTC AMT (0 when none), TOT RES AMT and RATING AREA, PRE AMT 1 on every member,
  and TOT RES AMT = PRE AMT TOT - APTC AMT (CG v7.2 Table 10, §6.11), less the MONTHLY
  STATE SUBSIDY AMT where a state exchange sends one (ADR 0801);
- a cancellation or termination (024) has an end date; dates are coherent (end not before begin,
  one plan year, nobody born after coverage begins, paid-through not before begin);
- an effectuation (021/28) carries the subscriber's paid-through date ``DTP*543`` (CG §6.9);
- no dummy SSN (CG §6.8).
"""

from __future__ import annotations

import re

from x12.codes import MaintenanceType
from x12.model import PLAN_ID_RE, EnrollmentTransaction

_DUMMY_SSN = re.compile(r"^(\d)\1{8}$|^123456789$|^000|^666|^9")


def check_segments(segments: list[list[str]]) -> list[str]:
    """Checks on the raw segments, so they name the segment number even if reading fails."""
    errors: list[str] = []
    member_at: int | None = None
    refs: set[str] = set()

    def close() -> None:
        if member_at is None:
            return
        for qualifier, what in (("0F", "subscriber id"), ("17", "member id")):
            if qualifier not in refs:
                errors.append(
                    f"segment {member_at} (INS): member has no REF*{qualifier} "
                    f"(exchange-assigned {what}, CG §6.8)"
                )
        if "1L" not in refs:
            errors.append(f"segment {member_at} (INS): member has no REF*1L policy id (CG §6.8)")

    for number, seg in enumerate(segments, start=1):
        sid = seg[0].strip()
        if sid == "INS":
            close()
            member_at, refs = number, set()
        elif sid in ("SE", "LS"):
            if sid == "SE":
                close()
                member_at = None
        elif sid == "REF" and member_at is not None and len(seg) > 1:
            refs.add(seg[1])
            if seg[1] == "CE" and not PLAN_ID_RE.fullmatch(seg[2] if len(seg) > 2 else ""):
                errors.append(
                    f"segment {number} (REF): plan id {seg[2] if len(seg) > 2 else ''!r} "
                    "is not 16 characters (14-character id + 2-digit variant, no hyphen)"
                )
    return errors


def check_transaction(txn: EnrollmentTransaction, where: str) -> list[str]:
    """Business checks on one transaction; ``where`` prefixes each message."""
    errors: list[str] = []
    err = errors.append
    mtc = txn.maintenance_type
    sub = txn.subscriber
    if mtc is MaintenanceType.ADDITION and not txn.is_effectuation and sub is not None:
        _check_addition(txn, sub, where, err)
    _check_amounts(txn, where, err)
    if mtc is MaintenanceType.CANCELLATION_OR_TERMINATION and txn.coverage_end is None:
        err(f"{where}: a cancellation or termination (024) needs an end date (DTP*357/349)")
    if txn.coverage_end is not None and txn.coverage_end.year != txn.coverage_start.year:
        err(f"{where}: coverage {txn.coverage_start} - {txn.coverage_end} spans plan years")
    if txn.is_effectuation and sub is not None and txn.paid_through_date is None:
        err(f"{where}: an effectuation (021/28) needs the paid-through date DTP*543 (CG §6.9)")
    if txn.paid_through_date is not None and txn.paid_through_date < txn.coverage_start:
        err(f"{where}: paid-through date {txn.paid_through_date} is before coverage begins")
    if (
        txn.maintenance_effective_date is not None
        and txn.maintenance_effective_date.year > txn.coverage_start.year
    ):
        err(
            f"{where}: maintenance effective date {txn.maintenance_effective_date} is after "
            "the plan year"
        )
    for m in txn.members:
        if m.birth_date > txn.coverage_start:
            err(
                f"{where}: member {m.member_id} is born ({m.birth_date}) after coverage "
                f"begins ({txn.coverage_start})"
            )
        if m.ssn is not None and _DUMMY_SSN.search(m.ssn):
            err(f"{where}: member {m.member_id} has a dummy or invalid SSN (CG §6.8)")
    return errors


def _check_addition(txn: EnrollmentTransaction, sub, where: str, err) -> None:
    """An addition (021, not an effectuation) for a subscriber carries the 2750 amounts and
    rating area (CG Table 10), a 2300 loop with its plan id, and each member's premium."""
    missing = [
        name
        for name, value in (
            ("PRE AMT TOT", txn.premium_total),
            ("APTC AMT", txn.aptc_amount),
            ("TOT RES AMT", txn.total_responsible_amount),
            ("RATING AREA", txn.rating_area),
        )
        if value is None
    ]
    if missing:
        err(
            f"{where}: addition for subscriber {sub.member_id} lacks the 2750 "
            f"categories {', '.join(missing)} (CG Table 10)"
        )
    if txn.plan_id is None:
        err(f"{where}: addition has no 2300 loop with REF*CE plan id")
    for m in txn.members:
        if m.premium is None:
            err(f"{where}: member {m.member_id} lacks 2750 PRE AMT 1")


def _check_amounts(txn: EnrollmentTransaction, where: str, err) -> None:
    """The total responsible amount is the total premium less the APTC and any state
    subsidy, and the subsidies do not exceed the premium."""
    if txn.premium_total is None or txn.aptc_amount is None or txn.total_responsible_amount is None:
        return
    state = txn.state_subsidy_amount or 0
    if txn.total_responsible_amount != txn.premium_total - txn.aptc_amount - state:
        err(
            f"{where}: TOT RES AMT {txn.total_responsible_amount} is not PRE AMT TOT "
            f"{txn.premium_total} - APTC AMT {txn.aptc_amount}"
            + (f" - MONTHLY STATE SUBSIDY AMT {state}" if state else "")
        )
    if txn.aptc_amount + state > txn.premium_total:
        err(
            f"{where}: APTC AMT {txn.aptc_amount}"
            + (f" + MONTHLY STATE SUBSIDY AMT {state}" if state else "")
            + f" exceeds PRE AMT TOT {txn.premium_total}"
        )
