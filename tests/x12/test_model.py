"""The transaction model refuses what cannot be written correctly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.x12 import factories as f
from x12 import CoverageLevel, MaintenanceReason, MaintenanceType
from x12.codes import FFE_REASONS


def test_codes_are_coerced_to_enums():
    txn = f.addition(1, 2)
    assert txn.maintenance_type is MaintenanceType.ADDITION
    assert txn.maintenance_reason is MaintenanceReason.MEMBER_BENEFIT_SELECTION
    assert txn.coverage_level is CoverageLevel.FAMILY
    assert f.addition(1, 1).coverage_level is CoverageLevel.INDIVIDUAL
    assert txn.financial_effective_date == txn.coverage_start
    assert txn.subscriber.member_id == "M00000010" and len(txn.dependents) == 1


def test_ffe_reasons_are_part_of_the_enum():
    assert MaintenanceReason("EC") in FFE_REASONS and MaintenanceReason("AI") in FFE_REASONS
    assert MaintenanceType.CANCELLATION_OR_TERMINATION.label == "cancellation or termination"


def test_timestamp_is_kept_to_hundredths():
    txn = f.addition(1, 1, request_submit_timestamp=datetime(2027, 1, 1, 8, 0, 0, 123456))
    assert txn.request_submit_timestamp.microsecond == 120000


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_id": "12345MA0010001-03"}, "16 characters"),
        ({"plan_id": "12345MA00100010"}, "16 characters"),
        ({"plan_id": "99999MA001000103"}, "is not issuer"),
        ({"issuer_hios_id": "1234"}, "5 digits"),
        ({"premium_total": Decimal("1.005")}, "two decimal places"),
        ({"aptc_amount": Decimal("-1")}, "negative"),
        ({"rating_area": "MA3"}, "R-MA003"),
        ({"coverage_end": date(2026, 12, 31)}, "before coverage_start"),
        ({"maintenance_type": "022"}, "not a valid MaintenanceType"),
        ({"maintenance_reason": "ZZ"}, "not a valid MaintenanceReason"),
        ({"subscriber_id": " "}, "subscriber_id"),
        ({"members": ()}, "at least one member"),
        ({"issuer_name": "X" * 61}, "1-60 characters"),
    ],
)
def test_transaction_validation(changes, message):
    with pytest.raises(ValueError, match=message):
        f.addition(1, 2, **changes)


def test_member_rules():
    txn = f.addition(1, 3)
    sub, spouse, child = txn.members
    with pytest.raises(ValueError, match="subscriber comes first"):
        txn.with_changes(members=(spouse, sub))
    with pytest.raises(ValueError, match="at most one subscriber"):
        txn.with_changes(members=(sub, sub))
    with pytest.raises(ValueError, match="repeat"):
        txn.with_changes(members=(sub, child, child))
    with pytest.raises(ValueError, match="relationship must be 18"):
        replace(sub, relationship="01")
    with pytest.raises(ValueError, match="ssn"):
        replace(sub, ssn="12345")
    with pytest.raises(ValueError, match="phone"):
        replace(sub, phone="555-0100")
    with pytest.raises(ValueError, match="CDC"):
        replace(sub, race_ethnicity=("white",))
    with pytest.raises(ValueError, match="state"):
        replace(sub.address, state="Mass")
    assert replace(sub, language="spa").language == "SPA"


def test_cancellation_versus_termination_by_dates():
    assert f.cancellation(1).is_cancellation
    assert f.termination(1).is_termination
    assert not f.addition(1).is_cancellation and not f.addition(1).is_termination
    assert f.effectuation(1).is_effectuation and not f.addition(1).is_effectuation
