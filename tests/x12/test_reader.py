"""Reading 834s: round trips, tolerance of line breaks, issuer files, malformed input."""

from __future__ import annotations

import pytest

from tests.x12 import factories as f
from x12 import X12ReadError, read_834

ISA = (
    "ISA*00*          *00*          *ZZ*12345          *ZZ*MAHIX          "
    "*270105*0900*^*00501*000000{}*1*P*:~\n"
)

EFFECTUATION = (
    ISA.format(777)
    + """\
GS*BE*12345MA0010001*MA0*20270105*0900*777*X*005010X220A1~
ST*834*0001*005010X220A1~
BGN*00*0001*20270105*090000*ET***2~
QTY*TO*2~
QTY*DT*1~
N1*P5*MASSACHUSETTS HEALTH CONNECTOR*FI*043456789~
N1*IN*ACME HEALTH PLAN*FI*045559999~
INS*Y*18*021*28*A***AC~
REF*0F*S00000042~
REF*1L*P00000042~
REF*17*M00000420~
REF*23*ACME-1~
REF*ZZ*ACMESUB42~
DTP*356*D8*20270101~
NM1*IL*1*DOE*JANE****34*100000420~
DMG*D8*19800301*F~
HD*021**HLT**FAM~
DTP*348*D8*20270101~
DTP*543*D8*20270131~
REF*CE*12345MA001000103~
REF*1L*P00000042~
REF*X9*ACMEPOL42~
LS*2700~
LX*1~
N1*75*REQUEST SUBMIT TIMESTAMP~
REF*17*2027010509000000~
LX*2~
N1*75*ADDL MAINT REASON~
REF*17*CONFIRM~
DTP*007*D8*20270101~
LE*2700~
INS*N*19*021*28*A~
REF*0F*S00000042~
REF*1L*P00000042~
REF*17*M00000422~
REF*23*ACME-2~
DTP*356*D8*20270101~
NM1*IL*1*DOE*JIM~
DMG*D8*20150301*M~
HD*021**HLT**FAM~
DTP*348*D8*20270101~
REF*CE*12345MA001000103~
REF*1L*P00000042~
SE*43*0001~
GE*1*777~
IEA*1*000000777~
"""
)

ISSUER_CANCEL = (
    ISA.format(778)
    + """\
GS*BE*12345MA0010001*MA0*20270105*0900*778*X*005010X220A1~
ST*834*0001*005010X220A1~
BGN*00*0001*20270105*090000*ET***2~
N1*P5*MASSACHUSETTS HEALTH CONNECTOR*FI*043456789~
N1*IN*ACME HEALTH PLAN*XV*12345~
INS*Y*18*024*59*A***TE~
REF*0F*S00000043~
REF*1L*P00000043~
REF*17*M00000430~
DTP*356*D8*20270101~
DTP*357*D8*20270101~
NM1*IL*1*ROE*RICHARD~
DMG*D8*19700301*M~
SE*13*0001~
GE*1*778~
IEA*1*000000778~
"""
)


def test_reads_an_issuer_effectuation():
    ic = read_834(EFFECTUATION)
    assert ic.sender_id == "12345" and ic.control_number == "000000777" and ic.usage == "P"
    (st,) = ic.sets
    assert st.reference == "0001" and st.payer.identifier == "045559999"
    (txn,) = ic.transactions
    assert txn.is_effectuation
    assert txn.paid_through_date.isoformat() == "2027-01-31"
    assert txn.issuer_subscriber_id == "ACMESUB42" and txn.issuer_policy_id == "ACMEPOL42"
    assert txn.issuer_tin == "045559999" and txn.issuer_hios_id == "12345"
    assert txn.additional_maintenance_reason == "CONFIRM"
    assert [m.issuer_member_id for m in txn.members] == ["ACME-1", "ACME-2"]
    assert txn.member_ids == ("M00000420", "M00000422")
    f.assert_valid(EFFECTUATION)


def test_reads_an_issuer_cancellation_without_2300():
    (txn,) = read_834(ISSUER_CANCEL).transactions
    assert txn.is_cancellation and txn.plan_id is None and txn.issuer_hios_id == "12345"
    assert txn.maintenance_reason.value == "59"
    f.assert_valid(ISSUER_CANCEL)


def test_tolerates_line_breaks_between_segments():
    txns = [f.addition(1, 3), f.cancellation(2)]
    text = f.write(txns)
    for variant in (text.replace("~", "~\n"), text.replace("~", "~\r\n"), "\n" + text):
        assert read_834(variant).transactions == txns
    f.assert_valid(text.replace("~", "~\r\n"))


def test_reads_from_a_path(tmp_path):
    path = tmp_path / "x.834"
    path.write_text(f.write([f.addition(1, 2)]))
    assert read_834(path).transactions == [f.addition(1, 2)]


def test_consecutive_transactions_are_kept_apart():
    txns = [f.addition(1, 2), f.addition(2, 1), f.change(1), f.termination(1)]
    assert f.roundtrip(txns) == txns


@pytest.mark.parametrize(
    ("mutate", "segment_id", "message"),
    [
        (lambda t: t.replace("ISA*", "XSA*", 1), "ISA", "does not start with an ISA"),
        (lambda t: t.replace("DMG*D8*19760202", "DMG*D8*19761302", 1), "DMG", "DMG02"),
        (lambda t: t.replace("INS*Y*18*021*EC", "INS*Y*18*099*EC", 1), "INS", "INS03"),
        (lambda t: t.replace("DTP*356*D8*20270101", "DTP*356*D8*2027011", 1), "DTP", "DTP*356"),
        (lambda t: t.replace("ST*834*", "ST*835*", 1), "ST", "not an 834"),
        (lambda t: t.replace("SE*", "XX*", 1), "", "no SE"),
    ],
)
def test_malformed_input_names_the_segment(mutate, segment_id, message):
    text = f.write([f.addition(1, 3)])
    bad = mutate(text)
    with pytest.raises(X12ReadError) as caught:
        read_834(bad)
    error = caught.value
    assert message in str(error)
    assert str(error).startswith(f"segment {error.segment_number}")
    assert error.segment_id == segment_id
    if segment_id and segment_id != "ISA":
        numbered = [s for s in bad.split("~") if s.strip()]
        assert numbered[error.segment_number - 1].startswith(segment_id)


def test_member_outside_a_transaction_set():
    text = f.write([f.addition(1, 1)])
    bad = text.replace("GE*1*1~", "INS*Y*18*021*EC*A~GE*1*1~")
    with pytest.raises(X12ReadError, match="INS outside an ST/SE"):
        read_834(bad)
