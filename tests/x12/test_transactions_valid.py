"""Every kind of file the writer produces passes pyx12's 005010X220A1 validator and our
companion-guide checks, and reads back to the same transactions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.x12 import factories as f
from x12 import MaintenanceReason, MaintenanceType, Relationship, as_written


def check(txns):
    text = f.write(txns)
    f.assert_valid(text)
    assert f.roundtrip(txns) == [as_written(t, f.CONFIG) for t in txns]
    return text


def test_family_of_four_addition():
    txn = f.addition(1, 4)
    text = check([txn])
    assert text.count("INS*") == 4
    assert "INS*Y*18*021*EC*A***AC~" in text
    assert "QTY*TO*4~" in text and "QTY*DT*3~" in text
    assert f.roundtrip([txn]) == [txn]  # already upper-case: read back exactly


def test_change():
    text = check([f.change(2)])
    assert "INS*Y*18*001*25*A***AC~" in text
    assert "DTP*303*D8*20270301~" in text


def test_cancellation():
    txn = f.cancellation(3)
    text = check([txn])
    assert txn.is_cancellation and not txn.is_termination
    assert "INS*Y*18*024*14*A***TE~" in text
    assert "DTP*357*D8*20270101~" in text and "DTP*349*D8*20270101~" in text


def test_termination():
    txn = f.termination(4)
    text = check([txn])
    assert txn.is_termination and not txn.is_cancellation
    assert "INS*Y*18*024*59*A***TE~" in text
    assert "DTP*349*D8*20270430~" in text


def test_reinstatement():
    text = check([f.reinstatement(5)])
    assert "INS*Y*18*025**A***AC~" in text


def test_effectuation_from_the_issuer():
    txn = f.effectuation(6)
    text = check([txn])
    back = f.roundtrip([txn])[0]
    assert back.is_effectuation
    assert back.paid_through_date == txn.paid_through_date
    assert back.additional_maintenance_reason == "CONFIRM"
    assert back.issuer_policy_id == "ACMEP6"
    assert [m.issuer_member_id for m in back.members] == ["ACMEM00000060", "ACMEM00000061"]
    assert "DTP*543*D8*20270131~" in text and "REF*X9*ACMEP6~" in text


def test_dependent_add_and_removal():
    add = f.addition(7, 3)
    child = add.members[2]
    dependent_add = add.with_changes(
        members=(child,),
        premium_total=None,
        aptc_amount=None,
        total_responsible_amount=None,
        rating_area=None,
    )
    removal = dependent_add.with_changes(
        maintenance_type="024",
        maintenance_reason="07",
        coverage_end=f.START.replace(month=6, day=30),
        additional_maintenance_reason="TERM",
    )
    check([dependent_add, removal])


def test_many_subscribers_in_one_file():
    txns = [f.addition(i, 1 + i % 4) for i in range(1, 151)]
    txns += [f.termination(1000 + i) for i in range(20)]
    text = check(txns)
    assert text.count("ST*834*") == 1
    assert text.count("INS*Y*") == 170


def test_several_issuers_and_set_splitting():
    other = [
        f.addition(
            i,
            2,
            issuer_hios_id="67890",
            plan_id="67890MA002000101",
            issuer_name="OTHER HEALTH",
            issuer_tin="045551234",
        )
        for i in range(5)
    ]
    mine = [f.addition(100 + i, 1) for i in range(7)]
    config = replace(f.CONFIG, max_transactions_per_set=3)
    text = f.write(mine + other, config)
    f.assert_valid(text)
    # issuer 12345: 3+3+1 sets; issuer 67890: 3+2 sets
    assert text.count("ST*834*") == 5
    assert "GE*5*1~" in text
    assert "N1*IN*OTHER HEALTH*FI*045551234~" in text
    assert "N1*IN*ACME HEALTH PLAN*XV*12345~" in text
    assert f.roundtrip(mine + other, config) == mine + other


@pytest.mark.parametrize("reason", list(MaintenanceReason))
def test_every_maintenance_reason(reason):
    if reason in (
        MaintenanceReason.TERMINATION_OF_BENEFITS,
        MaintenanceReason.NON_PAYMENT,
        MaintenanceReason.VOLUNTARY_WITHDRAWAL,
        MaintenanceReason.DEATH,
    ):
        txn = f.termination(8, maintenance_reason=reason)
    else:
        txn = f.change(8, maintenance_reason=reason)
    text = check([txn])
    assert f"*{reason.value}*A" in text
    assert f.roundtrip([txn])[0].maintenance_reason is reason


def test_no_maintenance_reason():
    txn = f.change(9, maintenance_reason=None)
    check([txn])
    assert f.roundtrip([txn])[0].maintenance_reason is None


@pytest.mark.parametrize("mtc", list(MaintenanceType))
def test_every_maintenance_type(mtc):
    builders = {
        MaintenanceType.ADDITION: f.addition,
        MaintenanceType.CHANGE: f.change,
        MaintenanceType.CANCELLATION_OR_TERMINATION: f.termination,
        MaintenanceType.REINSTATEMENT: f.reinstatement,
        MaintenanceType.AUDIT_OR_COMPARE: lambda i: f.change(i, maintenance_type="030"),
    }
    txn = builders[mtc](10)
    text = check([txn])
    assert f"INS*Y*18*{mtc.value}*" in text and f"HD*{mtc.value}**HLT**" in text
    if mtc is MaintenanceType.AUDIT_OR_COMPARE:
        assert "***4~" in text.split("BGN*")[1].split("~")[0] + "~"


@pytest.mark.parametrize("relationship", [r for r in Relationship if r is not Relationship.SELF])
def test_every_dependent_relationship(relationship):
    txn = f.addition(11, 2)
    spouse = replace(txn.members[1], relationship=relationship)
    check([txn.with_changes(members=(txn.members[0], spouse))])


def test_dental_policy():
    txn = f.addition(12, 2, insurance_line="DEN", plan_id="12345MA003000101", csr_amount=None)
    text = check([txn])
    assert "HD*021**DEN**FAM~" in text


def test_csr_amount_and_sep_reason_and_extra_categories():
    txn = f.addition(
        13, 1, csr_amount=Decimal("12.34"), sep_reason="02-BIRTH", extra=(("ISFFM", "false"),)
    )
    text = check([txn])
    assert "N1*75*CSR AMT~REF*9V*12.34~" in text
    assert "N1*75*SEP REASON~REF*17*02-BIRTH~" in text
    assert "N1*75*ISFFM~REF*ZZ*false~" in text
