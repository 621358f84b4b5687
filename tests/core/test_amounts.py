"""How typed dollar amounts are read, in English and in Spanish (core/amounts.py; ADR 0601)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.core.amounts import AmountError, parse_amount

BOTH = ("en", "es")


@pytest.mark.parametrize("language", BOTH)
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("35000", "35000"),
        ("35,000", "35000"),
        ("$35,000.00", "35000.00"),
        ("$ 35,000", "35000"),
        (" 35 000 ", "35000"),
        ("35000.5", "35000.5"),
        ("35000,50", "35000.50"),
        ("35.000,50", "35000.50"),
        ("1,234,567", "1234567"),
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("2500", "2500"),
        ("1833.33", "1833.33"),
        (".50", "0.50"),
        ("0", "0"),
    ],
)
def test_what_people_type_reads_the_same_in_both_languages(typed, amount, language):
    assert parse_amount(typed, language) == Decimal(amount)


def test_a_period_before_three_digits_groups_thousands_in_spanish():
    assert parse_amount("35.000", "es") == Decimal("35000")
    assert parse_amount("$1.500", "es") == Decimal("1500")


def test_a_period_before_three_digits_is_refused_in_english_as_ambiguous():
    with pytest.raises(AmountError) as refused:
        parse_amount("35.000", "en")
    assert refused.value.reason == "ambiguous"
    assert refused.value.typed == "35.000"


@pytest.mark.parametrize("language", BOTH)
@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("lots", "invalid"),
        ("35k", "invalid"),
        ("1e5", "invalid"),
        ("$", "invalid"),
        ("1,23,456", "invalid"),
        ("12,34.56", "invalid"),
        ("1.2.3,4.5", "invalid"),
        ("35000.000", "cents"),
        ("0.500", "cents"),
        ("1,000.000", "cents"),
        ("-5", "negative"),
        ("-$1,200", "negative"),
    ],
)
def test_what_cannot_be_read_without_guessing_is_refused_with_the_reason(typed, reason, language):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed, language)
    assert refused.value.reason == reason


@pytest.mark.parametrize("typed", ["-1,200", "$-1,200", "\u22121200.50"])
def test_a_loss_may_be_negative_where_the_form_allows_it(typed):
    assert parse_amount(typed, "en", allow_negative=True) < 0
