"""Household MAGI (26 USC 36B(d)(2); 42 CFR 435.603): a pure function."""

from decimal import Decimal

from marketplace.applications.income import Entry, household_income


def test_income_at_every_frequency_is_annualised_and_deductions_subtracted():
    result = household_income(
        2026,
        [
            Entry(0, Decimal("1000"), "biweekly", "wages"),
            Entry(0, Decimal("500"), "monthly", "social_security"),
            Entry(1, Decimal("-2000"), "yearly", "self_employment"),
        ],
        [Entry(0, Decimal("2500"), "yearly")],
    )
    assert result.annual_magi == Decimal(26000 + 6000 - 2000 - 2500)
    assert result.monthly == Decimal("2291.67")


def test_a_dependents_income_counts_only_when_they_must_file():
    small = household_income(
        2026,
        [Entry(0, Decimal(40000), "yearly"), Entry(1, Decimal(5000), "yearly")],
        [],
        dependents=[1],
    )
    large = household_income(
        2026,
        [Entry(0, Decimal(40000), "yearly"), Entry(1, Decimal(20000), "yearly")],
        [],
        dependents=[1],
    )
    assert small.annual_magi == 40000
    assert large.annual_magi == 60000
