"""Names in any script reach the insurer in the X12 character set (TR3 appendix B.1.1.2;
X12 RFI 2212): transliterated, never silently shortened, never the value in an error."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.x12 import factories as f
from x12 import X12WriteError, as_written, read_834
from x12.writer import unwritable

# Printable ASCII is the X12 basic plus extended character set (pyx12's E5 set).
X12_TEXT = re.compile(r"[ -~\n]*")


def _named(last: str, first: str, **address):
    txn = f.addition(1, 2)
    sub = replace(txn.members[0], last_name=last, first_name=first)
    if address:
        sub = replace(sub, address=replace(sub.address, **address))
    return txn.with_changes(members=(sub, txn.members[1]))


def _written_name(txn) -> tuple[str, str]:
    back = read_834(f.write([txn])).transactions[0].members[0]
    return back.last_name, back.first_name


@pytest.mark.parametrize(
    ("last", "first", "expected"),
    [
        ("Петров", "Иван", ("PETROV", "IVAN")),  # Cyrillic
        ("Παπαδόπουλος", "Ψυχή", ("PAPADOPOYLOS", "PSYCHI")),  # Greek
        ("Peña", "José", ("PENA", "JOSE")),  # accented Latin (RFI 2212's own example)
        ("Привет-Smith", "Zoë", ("PRIVET-SMITH", "ZOE")),  # partly Latin: no letter lost
        ("Łukasz-Żółć", "Groß", ("LUKASZ-ZOLC", "GROSS")),
        ("\ufeffOkafor", "Sam\u200b", ("OKAFOR", "SAM")),  # byte-order mark, zero-width space
        ("Nguyễn", "Thị Minh", ("NGUYEN", "THI MINH")),
        ("Rivera 😀", "Ana", ("RIVERA", "ANA")),  # a symbol is dropped, not spelled out
    ],
)
def test_a_name_in_any_script_is_written_in_the_x12_character_set(last, first, expected):
    txn = _named(last, first)
    text = f.write([txn])
    assert X12_TEXT.fullmatch(text)
    f.assert_valid(text)
    assert _written_name(txn) == expected
    assert as_written(txn, f.CONFIG).members[0].last_name == expected[0]


def test_arabic_names_and_arabic_indic_digits_are_transliterated():
    txn = _named("محمد", "أحمد", line1="١٢ Main St")
    text = f.write([txn])
    assert _written_name(txn) == ("MHMD", "'HMD")  # AnyAscii: consonants, hamza as '
    assert "N3*12 MAIN ST*" in text  # Arabic-Indic digits are digits
    f.assert_valid(text)


@pytest.mark.parametrize(
    ("last", "problem"),
    [("\ufeff", "empty"), ("٣٤", "no_letters"), ("😀😀", "empty"), ("-.", "no_letters")],
)
def test_a_name_with_nothing_usable_is_refused_naming_the_field_not_the_value(last, problem):
    txn = _named(last, "Ivan")
    with pytest.raises(X12WriteError) as caught:
        f.write([txn])
    error = caught.value
    assert (error.field, error.problem, error.member) == ("last name", problem, 1)
    assert str(error).startswith("member 1 last name ")
    assert last not in str(error) and "IVAN" not in str(error)


def test_unwritable_lists_every_problem_without_writing():
    txn = _named("٣", "\ufeff", city="Б" * 31)
    problems = unwritable(txn, f.CONFIG)
    assert [(p.field, p.problem, p.member) for p in problems] == [
        ("last name", "no_letters", 1),
        ("first name", "empty", 1),
        ("city", "too_long", 1),
    ]
    assert unwritable(f.addition(1, 3), f.CONFIG) == []


def test_a_name_too_long_for_its_element_is_refused_not_cut():
    txn = _named("Z" * 61, "Ann")
    with pytest.raises(X12WriteError, match="longer than 60"):
        f.write([txn])
    assert _written_name(_named("Wang", "王小明")) == ("WANG", "WANGXIAOMING")
    with pytest.raises(X12WriteError, match="first name is longer than 35"):
        f.write([_named("Wang", "王小明" * 3)])  # 9 characters, 36 letters once written


def test_a_one_letter_city_is_refused():
    with pytest.raises(X12WriteError, match="city is shorter than 2"):
        f.write([_named("Doe", "Jane", city="B")])


@settings(max_examples=150, deadline=None)
@given(last=st.text(min_size=1, max_size=20), first=st.text(min_size=1, max_size=12))
def test_any_text_is_written_in_the_character_set_or_refused(last, first):
    if not last.strip() or not first.strip():
        return  # the model refuses blank names before the writer sees them
    txn = _named(last, first)
    if unwritable(txn, f.CONFIG):
        with pytest.raises(X12WriteError):
            f.write([txn])
        return
    text = f.write([txn])
    assert X12_TEXT.fullmatch(text)
    assert read_834(text).transactions == [as_written(txn, f.CONFIG)]
