"""The agent or broker who assisted, in loop 1000C (N1*BO*<name>*94*<NPN>; docs/puf-and-834.md B.2):
written only when there is one, one per transaction set, and read back."""

from __future__ import annotations

import pytest

from tests.x12 import factories as f

BRUNO = {"broker_name": "Bruno Costa", "broker_npn": "17439876"}


def test_the_broker_follows_the_payer_and_reads_back():
    txns = [f.addition(1, 2, **BRUNO)]
    text = f.write(txns)
    segments = text.split("~")
    payer = next(i for i, s in enumerate(segments) if s.startswith("N1*IN*"))
    assert segments[payer + 1] == "N1*BO*BRUNO COSTA*94*17439876"
    f.assert_valid(text)
    (read,) = f.roundtrip(txns)
    assert (read.broker_name, read.broker_npn) == ("BRUNO COSTA", "17439876")


def test_no_broker_no_1000c():
    text = f.write([f.addition(1, 2)])
    assert "N1*BO*" not in text


def test_each_set_names_one_broker():
    txns = [f.addition(1, 1, **BRUNO), f.addition(2, 1), f.addition(3, 1, **BRUNO)]
    text = f.write(txns)
    sets = text.split("ST*834*")[1:]
    assert len(sets) == 2
    assert sum("N1*BO*" in s for s in sets) == 1
    brokered = next(s for s in sets if "N1*BO*" in s)
    assert brokered.count("INS*Y*") == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"broker_name": "Bruno Costa"}, "both a name and an NPN"),
        ({"broker_name": "Bruno Costa", "broker_npn": "12-34"}, "1 to 10 digits"),
        ({"broker_name": "Bruno Costa", "broker_npn": "12345678901"}, "1 to 10 digits"),
    ],
)
def test_a_broker_needs_a_name_and_a_well_formed_npn(changes, message):
    with pytest.raises(ValueError, match=message):
        f.addition(1, 1, **changes)
