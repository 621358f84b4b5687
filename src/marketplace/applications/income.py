"""Household income: projected annual MAGI and current monthly income (pure, no Django).

Household income for the premium tax credit is the modified adjusted gross income (MAGI) of
the taxpayer and of every other member of the tax family who is required to file a return
(26 USC 36B(d)(2)(A)); MAGI adds back excluded foreign income, tax-exempt interest and the
non-taxable part of Social Security benefits (26 USC 36B(d)(2)(B)). Medicaid and CHIP use the
same MAGI methodology, on current monthly income (42 CFR 435.603(d), (h)); a dependent's
income counts only when that dependent is required to file (42 CFR 435.603(d)(2)(i)).

Deductions are the "above the line" adjustments of 26 USC 62 (e.g. student loan interest,
deductible IRA contributions, alimony paid under a pre-2019 divorce, half of self-employment
tax): they lower MAGI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: Times a year a payment at each frequency is made.
PERIODS_PER_YEAR = {
    "weekly": 52,
    "biweekly": 26,
    "twice_monthly": 24,
    "monthly": 12,
    "quarterly": 4,
    "yearly": 1,
}

#: Income sources. Social Security counts in full for MAGI (36B(d)(2)(B)(iii)); alimony
#: received counts for divorces finalised before 2019 (26 USC 71, repealed by P.L. 115-97).
SOURCES = (
    "wages",
    "self_employment",
    "unemployment",
    "social_security",
    "retirement",
    "alimony",
    "other",
)

#: A dependent must file - and so their income counts - when earned income exceeds the
#: standard deduction for a single filer (26 USC 6012(a)(1), 63(c)(5); Rev. Proc. 2024-40 for
#: 2025 as amended by P.L. 119-21; Rev. Proc. 2025-32 for 2026). USD per year.
DEPENDENT_FILING_THRESHOLD = {
    2024: Decimal("14600"),
    2025: Decimal("15750"),
    2026: Decimal("16100"),
}

DOLLAR = Decimal("1")


@dataclass(frozen=True)
class Entry:
    """One amount of income (or a deduction) at a frequency, for one person."""

    person: int
    amount: Decimal
    frequency: str
    source: str = "other"


@dataclass(frozen=True)
class HouseholdIncome:
    annual_magi: Decimal
    monthly: Decimal
    counted_people: tuple[int, ...]


def annualize(amount: Decimal, frequency: str) -> Decimal:
    """The yearly equivalent of an amount paid at `frequency`."""
    return Decimal(amount) * PERIODS_PER_YEAR[frequency]


def household_income(
    year: int,
    incomes: Iterable[Entry],
    deductions: Iterable[Entry],
    dependents: Iterable[int] = (),
) -> HouseholdIncome:
    """Projected annual household MAGI and current monthly income.

    26 USC 36B(d)(2) and 42 CFR 435.603(d): sum each counted person's annualised income less
    their deductions; a dependent (index in `dependents`) counts only when their own income
    reaches the filing threshold of 26 USC 6012. Whole dollars, rounded half up; the monthly
    figure is the annual one divided by twelve, to the cent.
    """
    incomes, deductions, dependents = list(incomes), list(deductions), set(dependents)
    threshold = DEPENDENT_FILING_THRESHOLD.get(year, max(DEPENDENT_FILING_THRESHOLD.values()))
    per_person: dict[int, Decimal] = {}
    for entry in incomes:
        per_person[entry.person] = per_person.get(entry.person, Decimal(0)) + annualize(
            entry.amount, entry.frequency
        )
    for entry in deductions:
        per_person[entry.person] = per_person.get(entry.person, Decimal(0)) - annualize(
            entry.amount, entry.frequency
        )
    counted = tuple(
        sorted(p for p, total in per_person.items() if p not in dependents or total >= threshold)
    )
    total = sum((per_person[p] for p in counted), Decimal(0))
    annual = total.quantize(DOLLAR, ROUND_HALF_UP)
    monthly = (total / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return HouseholdIncome(annual_magi=annual, monthly=monthly, counted_people=counted)
