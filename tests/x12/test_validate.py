"""The validator rejects planted errors with readable messages."""

from __future__ import annotations

from dataclasses import replace

from tests.x12 import factories as f
from x12.validate import validate_834


def good_text() -> str:
    return f.write([f.addition(1, 3), f.termination(2)])


def test_good_file_is_accepted_with_a_999():
    result = f.assert_valid(good_text())
    assert result.errors == []
    assert result.ack_999.startswith("ISA*")
    assert "AK1*BE*1*005010X220A1" in result.ack_999


def test_path_input(tmp_path):
    path = tmp_path / "out.834"
    path.write_text(good_text())
    assert validate_834(path).ok
    assert validate_834(str(path)).ok


def test_wrong_se_count():
    text = good_text()
    se = next(s for s in text.split("~") if s.startswith("SE*"))
    count = int(se.split("*")[1])
    bad = text.replace(se, f"SE*{count + 2}*{se.split('*')[2]}")
    result = validate_834(bad)
    assert not result.ok
    assert any("SE count" in e or "segment count" in e.lower() for e in result.errors), result
    assert "IK5*R" in result.ack_999 or "AK9*R" in result.ack_999


def test_bad_date():
    bad = good_text().replace("DMG*D8*19760202", "DMG*D8*19761302", 1)
    assert bad != good_text()
    result = validate_834(bad)
    assert not result.ok
    assert any("invalid date" in e and "19761302" in e for e in result.errors), result.errors
    # our reader also names the segment
    assert any("cannot read the 834: segment" in e and "DMG02" in e for e in result.errors)


def test_missing_subscriber_id_ref_0f():
    text = good_text()
    segments = text.split("~")
    index = segments.index("REF*0F*S00000001")
    del segments[index]
    se = next(s for s in segments if s.startswith("SE*"))
    count = int(se.split("*")[1])
    segments[segments.index(se)] = f"SE*{count - 1}*{se.split('*')[2]}"
    result = validate_834("~".join(segments))
    assert not result.ok
    assert any(
        'Mandatory segment "Subscriber Identifier" (REF) missing' in e for e in result.errors
    ), result.errors
    assert any("member has no REF*0F" in e for e in result.errors)


def test_plan_id_not_16_characters():
    bad = good_text().replace("REF*CE*12345MA001000103", "REF*CE*12345MA0010001-03")
    result = validate_834(bad)
    assert not result.ok
    assert any("is not 16 characters" in e for e in result.errors), result.errors


def test_addition_without_reporting_categories():
    txn = f.addition(
        1, 2, premium_total=None, aptc_amount=None, total_responsible_amount=None, rating_area=None
    )
    result = validate_834(f.write([txn]))
    assert not result.ok
    assert any(
        "lacks the 2750 categories PRE AMT TOT, APTC AMT, TOT RES AMT, RATING AREA" in e
        for e in result.errors
    ), result.errors


def test_responsible_amount_must_add_up():
    txn = f.addition(1, 1)
    bad = txn.with_changes(total_responsible_amount=txn.total_responsible_amount + 1)
    result = validate_834(f.write([bad]))
    assert not result.ok
    assert any("TOT RES AMT" in e and "is not PRE AMT TOT" in e for e in result.errors)


def test_incoherent_dates():
    txn = f.termination(1, coverage_end=f.START.replace(year=2028, month=2))
    late_baby = f.addition(2, 3)
    baby = late_baby.members[2]
    late_baby = late_baby.with_changes(
        members=(*late_baby.members[:2], replace(baby, birth_date=f.START.replace(month=5)))
    )
    effectuation = f.effectuation(3, paid_through_date=None)
    result = validate_834(f.write([txn, late_baby, effectuation]))
    assert not result.ok
    text = "\n".join(result.errors)
    assert "spans plan years" in text
    assert "born (2027-05-01) after coverage begins" in text
    assert "needs the paid-through date DTP*543" in text


def test_dummy_ssn():
    txn = f.addition(1, 1)
    sub = txn.members[0]
    bad = txn.with_changes(members=(replace(sub, ssn="999999999"),))
    result = validate_834(f.write([bad]))
    assert any("dummy or invalid SSN" in e for e in result.errors)


def test_garbage_is_rejected_not_raised():
    result = validate_834("ISA*garbage~")
    assert not result.ok
    assert result.errors


def test_pyx12_crash_on_repeated_race_codes_is_reported():
    """pyx12 4.0.0 cannot parse a repeated DMG05 composite; we report it, never raise."""
    txn = f.addition(1, 1)
    sub = replace(txn.members[0], race_ethnicity=("2106-3", "2186-5"))
    config = replace(f.CONFIG, repeat_race_codes=True)
    text = f.write([txn.with_changes(members=(sub,))], config)
    assert ":RET:2106-3^:RET:2186-5" in text
    result = validate_834(text)
    assert not result.ok
    assert any("pyx12 could not process" in e for e in result.errors)
    # the default writes only the first code, which pyx12 accepts
    f.assert_valid(f.write([txn.with_changes(members=(sub,))]))
