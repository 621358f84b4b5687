"""Builders of realistic enrollment transactions for the X12 tests and the benchmark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from x12 import (
    Address,
    ControlNumbers,
    EnrollmentTransaction,
    Member,
    Party,
    WriterConfig,
    read_834,
    write_834,
)
from x12.validate import ValidationResult, validate_834

CREATED = datetime(2026, 11, 27, 12, 30, 15)
CONFIG = WriterConfig(
    sender_id="MAHIX",
    receiver_id="12345",
    sponsor=Party("Massachusetts Health Connector", "FI", "043456789"),
    gs_sender_id="MA0",
    gs_receiver_id="12345MA0010001",
)
CONTROL = ControlNumbers(interchange=1, group=1)
PLAN_ID = "12345MA001000103"
START = date(2027, 1, 1)

FIRST_NAMES = ["JANE", "JOHN", "MARIA", "WEI", "AISHA", "LUIS", "NORA", "SAM"]
LAST_NAMES = ["DOE", "SMITH", "GARCIA", "NGUYEN", "O'BRIEN", "LEE-PARK", "KOWALSKI"]


def member(index: int, position: int, subscriber_id: str = "", **changes) -> Member:
    """Member ``position`` (0 = subscriber, 1 = spouse, 2+ = children) of family ``index``."""
    is_sub = position == 0
    relationship = "18" if is_sub else ("01" if position == 1 else "19")
    birth_year = 1975 + index % 20 if position < 2 else 2010 + (index + position) % 12
    values = dict(
        member_id=f"M{index:07d}{position}",
        is_subscriber=is_sub,
        relationship=relationship,
        last_name=LAST_NAMES[index % len(LAST_NAMES)],
        first_name=FIRST_NAMES[(index + position) % len(FIRST_NAMES)],
        birth_date=date(birth_year, 1 + (index + position) % 12, 1 + index % 28),
        gender="F" if (index + position) % 2 else "M",
        ssn=f"{100000000 + index * 10 + position:09d}" if position < 2 else None,
        address=Address("12 MAIN ST", "BOSTON", "MA", "02110", line2="APT 4", county_fips="25025")
        if is_sub
        else None,
        phone="6175550100" if is_sub else None,
        email=f"person{index}@example.org" if is_sub else None,
        tobacco_use=False if position < 2 else None,
        language="ENG" if is_sub else None,
        race_ethnicity=("2106-3",) if is_sub else (),
        premium=Decimal("412.50") if position < 2 else Decimal("210.25"),
    )
    values.update(changes)
    return Member(**values)


def addition(index: int = 1, size: int = 4, **changes) -> EnrollmentTransaction:
    """An initial enrollment (021/EC) of a family of ``size``, with the full 2750 set."""
    members = tuple(member(index, p) for p in range(size))
    total = sum((m.premium for m in members), Decimal("0"))
    aptc = min(Decimal("350.00"), total)
    values = dict(
        maintenance_type="021",
        maintenance_reason="EC",
        subscriber_id=f"S{index:08d}",
        policy_id=f"P{index:08d}",
        issuer_hios_id="12345",
        plan_id=PLAN_ID,
        coverage_start=START,
        members=members,
        premium_total=total,
        aptc_amount=aptc,
        total_responsible_amount=total - aptc,
        rating_area="R-MA003",
        source_exchange_id="MA0",
        request_submit_timestamp=datetime(2026, 11, 27, 9, 15, 30, 250000),
        application_id_origin=f"{index:09d}-1",
        issuer_name="ACME HEALTH PLAN",
    )
    values.update(changes)
    return EnrollmentTransaction(**values)


def change(index: int = 1, **changes) -> EnrollmentTransaction:
    """A maintenance (001/25) of the whole family, e.g. a demographic change."""
    base = addition(index, 4)
    values = dict(
        maintenance_type="001",
        maintenance_reason="25",
        additional_maintenance_reason="DEMOGRAPHIC CHANGE",
        maintenance_effective_date=date(2027, 3, 1),
        financial_effective_date=date(2027, 3, 1),
    )
    values.update(changes)
    return base.with_changes(**values)


def cancellation(index: int = 1, **changes) -> EnrollmentTransaction:
    """Cancellation of the whole group: only the subscriber, end date = begin date."""
    base = addition(index, 1)
    values = dict(
        maintenance_type="024",
        maintenance_reason="14",
        coverage_end=START,
        additional_maintenance_reason="CANCEL",
    )
    values.update(changes)
    return base.with_changes(**values)


def termination(index: int = 1, **changes) -> EnrollmentTransaction:
    base = addition(index, 1)
    values = dict(
        maintenance_type="024",
        maintenance_reason="59",
        coverage_end=date(2027, 4, 30),
        additional_maintenance_reason="TERM",
    )
    values.update(changes)
    return base.with_changes(**values)


def reinstatement(index: int = 1, **changes) -> EnrollmentTransaction:
    base = addition(index, 3)
    values = dict(
        maintenance_type="025",
        maintenance_reason=None,
        additional_maintenance_reason="REINSTATEMENT",
    )
    values.update(changes)
    return base.with_changes(**values)


def effectuation(index: int = 1, **changes) -> EnrollmentTransaction:
    """The issuer's confirmation (021/28, AMRC CONFIRM, DTP*543, issuer ids)."""
    base = addition(index, 2)
    members = tuple(replace(m, issuer_member_id=f"ACME{m.member_id}") for m in base.members)
    values = dict(
        maintenance_reason="28",
        additional_maintenance_reason="CONFIRM",
        paid_through_date=date(2027, 1, 31),
        issuer_subscriber_id=f"ACMES{index}",
        issuer_policy_id=f"ACMEP{index}",
        members=members,
    )
    values.update(changes)
    return base.with_changes(**values)


def write(txns, config: WriterConfig = CONFIG, control: ControlNumbers = CONTROL) -> str:
    return write_834(txns, config, control, CREATED)


def roundtrip(txns, config: WriterConfig = CONFIG):
    return read_834(write(txns, config)).transactions


def assert_valid(text: str) -> ValidationResult:
    result = validate_834(text)
    assert result.ok, "\n".join(result.errors)
    assert "IK5*A" in result.ack_999
    return result
