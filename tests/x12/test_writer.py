"""Envelope, control numbers, determinism, clean-up of text, delimiters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.x12 import factories as f
from x12 import ControlNumbers, Delimiters, X12WriteError, read_834
from x12.reader import tokenize


def test_envelope_and_counts():
    txns = [f.addition(i, 1 + i % 4) for i in range(1, 30)]
    config = replace(f.CONFIG, max_transactions_per_set=10, usage="P")
    text = f.write(txns, config, ControlNumbers(interchange=123456789, group=42, first_set=7))
    segments = text.split("~")[:-1]
    isa = segments[0]
    assert len(isa) == 105 and isa.startswith("ISA*00*          *00*          *ZZ*MAHIX  ")
    assert isa.endswith("*261127*1230*^*00501*123456789*1*P*:")
    assert segments[1] == "GS*BE*MA0*12345MA0010001*20261127*1230*42*X*005010X220A1"
    assert segments[-2] == "GE*3*42" and segments[-1] == "IEA*1*123456789"
    st_numbers = [s.split("*")[2] for s in segments if s.startswith("ST*")]
    assert st_numbers == ["0007", "0008", "0009"]
    # every SE counts its own set's segments, ST and SE included
    start = None
    for index, seg in enumerate(segments):
        if seg.startswith("ST*"):
            start = index
        if seg.startswith("SE*"):
            assert int(seg.split("*")[1]) == index - start + 1
            assert seg.split("*")[2] == segments[start].split("*")[2]
    assert "BGN*00*0007*20261127*123015*ET***2" in segments
    f.assert_valid(text)


def test_deterministic():
    txns = [f.addition(i, 3) for i in range(5)] + [f.termination(9)]
    assert f.write(txns) == f.write(list(txns))
    assert f.write(txns) != f.write(txns, control=ControlNumbers(2, 1))


def test_names_are_upper_cased_and_delimiters_removed():
    txn = f.addition(1, 2)
    sub = replace(
        txn.members[0],
        last_name="o'Brien*Smith~",
        first_name="José:María",
        middle_name="^",
        email="jo*e@example.org",
    )
    txn = txn.with_changes(members=(sub, txn.members[1]), issuer_name="Acme~Health")
    text = f.write([txn])
    assert "NM1*IL*1*O'BRIEN SMITH*JOSE MARIA****34*" in text
    assert "PER*IP**TE*6175550100*EM*jo e@example.org~" in text
    assert "N1*IN*ACME HEALTH*XV*12345~" in text
    f.assert_valid(text)
    back = read_834(text).transactions[0].members[0]
    assert (back.last_name, back.first_name, back.middle_name) == (
        "O'BRIEN SMITH",
        "JOSE MARIA",
        None,
    )


def test_name_that_is_only_delimiters_is_refused():
    txn = f.addition(1, 1)
    txn = txn.with_changes(members=(replace(txn.members[0], last_name="**~"),))
    with pytest.raises(X12WriteError, match="last name"):
        f.write([txn])


@pytest.mark.parametrize("line_breaks", [False, True])
def test_other_delimiters(line_breaks):
    delimiters = Delimiters(element="|", repetition="}", component="\\", segment="'")
    config = replace(f.CONFIG, delimiters=delimiters, line_breaks=line_breaks)
    txns = [f.addition(1, 4), f.cancellation(2)]
    text = f.write(txns, config)
    assert text.startswith("ISA|00|") and "INS|Y|18|021|EC|A|||AC'" in text
    assert tokenize(text)[0] == delimiters
    assert read_834(text).transactions == txns
    f.assert_valid(text)


def test_writer_config_checks():
    with pytest.raises(ValueError, match="usage"):
        replace(f.CONFIG, usage="X")
    with pytest.raises(ValueError, match="sender_id"):
        replace(f.CONFIG, sender_id="A" * 16)
    with pytest.raises(ValueError, match="distinct"):
        Delimiters(element="*", segment="*")
    with pytest.raises(ValueError, match="ISA13"):
        ControlNumbers(interchange=1_000_000_000, group=1)
