"""MAGI Medicaid and CHIP assessment (42 CFR 435.603, 435.110-435.119, 457.310).

Income limits are stored with the 5-percentage-point disregard of 42 CFR 435.603(d)(4)
already added, as fractions of the CURRENT year's poverty guideline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

from aca_rules import parameters as P
from aca_rules.conditions import medicaid_immigration_ok
from aca_rules.fpl import medicaid_guideline_year, poverty_guideline
from aca_rules.household import Household

CATEGORIES = ("pregnant", "infant", "young_child", "older_child", "young_adult", "parent", "adult")
LABELS = {
    "pregnant": "pregnant individuals (42 CFR 435.116)",
    "infant": "infants under 1 (42 CFR 435.118)",
    "young_child": "children 1-5 (42 CFR 435.118)",
    "older_child": "children 6-18 (42 CFR 435.118)",
    "young_adult": "individuals 19-20 (42 CFR 435.222)",
    "parent": "parents and caretaker relatives (42 CFR 435.110)",
    "adult": "the adult group 19-64 (42 CFR 435.119)",
}


@dataclass(frozen=True, slots=True, eq=False)
class StateLimits:
    """A state's MAGI limits for a year (None = no such coverage group)."""

    medicaid: dict[str, Decimal | None]
    chip_child: Decimal | None
    chip_pregnant: Decimal | None
    ages: dict
    expansion: bool


@lru_cache(maxsize=512)
def state_limits(state: str, year: int) -> StateLimits:
    """Resolve every MAGI limit for ``state`` on Jan 1 of ``year``."""
    med = {c: P.get(f"medicaid_{c}_income_limit", year, state) for c in CATEGORIES}
    adult = med["adult"]
    return StateLimits(
        medicaid=med,
        chip_child=P.get("chip_child_income_limit", year, state),
        chip_pregnant=P.get("chip_pregnant_income_limit", year, state),
        ages=P.get("medicaid_age_bands", year),
        expansion=adult is not None and adult >= Decimal("1.38"),
    )


@dataclass(frozen=True, slots=True)
class MedicaidResult:
    medicaid: bool
    chip: bool
    program: str | None
    reason: str


def medicaid_household_size(household: Household, index: int) -> int:
    """Medicaid household size: a pregnant woman counts herself plus the child she is
    expecting (42 CFR 435.603(b)); one unborn child is assumed."""
    return household.size + (1 if household.people[index].pregnant else 0)


def annual_current_income(household: Household) -> Decimal:
    """Current monthly household income annualized (42 CFR 435.603(h)(1)); defaults to the
    projected annual income / 12."""
    monthly = household.monthly_income
    income = monthly * 12 if monthly is not None else household.income
    return income if income > 0 else Decimal(0)


def income_fraction(household: Household, index: int, year: int) -> Decimal:
    """Household income as a fraction of the current-year FPL for the member's household."""
    guideline = poverty_guideline(
        medicaid_guideline_year(year), household.state, medicaid_household_size(household, index)
    )
    return annual_current_income(household) / guideline


_HUNDREDTH = Decimal("0.01")


@lru_cache(maxsize=256)
def fraction_display(fraction: Decimal) -> Decimal:
    """Percent of FPL to two places, truncated (for display only)."""
    return (fraction * 100).quantize(_HUNDREDTH, ROUND_DOWN)


@lru_cache(maxsize=1024)
def limit_display(limit: Decimal) -> Decimal:
    return fraction_display(limit)


def _in(ages: dict, band: str, age: int) -> bool:
    low, high = ages[band]
    return int(low) <= age < int(high)


def _eligible_groups(
    household: Household, index: int, limits: StateLimits
) -> tuple[tuple[str, Decimal], ...]:
    person = household.people[index]
    child_max = int(limits.ages["parent_child_max_age"])
    is_parent = person.relationship in ("self", "spouse") and any(
        p.relationship == "child" and p.age <= child_max for p in household.people
    )
    return _groups(limits, person.age, person.pregnant, is_parent)


@lru_cache(maxsize=8192)
def _groups(
    limits: StateLimits, age: int, pregnant: bool, is_parent: bool
) -> tuple[tuple[str, Decimal], ...]:
    """Coverage groups a person could belong to, highest limit first (42 CFR 435.110-435.222)."""
    ages = limits.ages
    groups: list[str] = []
    if pregnant:
        groups.append("pregnant")
    for band in ("infant", "young_child", "older_child", "young_adult", "adult"):
        if _in(ages, band, age):
            groups.append(band)
    if is_parent:
        groups.append("parent")
    found = [(g, limits.medicaid[g]) for g in groups if limits.medicaid[g] is not None]
    return tuple(sorted(found, key=lambda g: -g[1]))


def assess(
    household: Household, index: int, year: int, fraction: Decimal | None = None
) -> MedicaidResult:
    """Medicaid/CHIP assessment for member ``index``: eligible for Medicaid when income is
    at or below the highest limit of a group the member belongs to; otherwise CHIP for
    uninsured children under 19 (and pregnant individuals where covered) at or below the
    CHIP limit (42 CFR 457.310(b), 457.320)."""
    person = household.people[index]
    state = household.state
    if not person.resident:
        return MedicaidResult(
            False, False, None, "Not a state resident: no Medicaid/CHIP (42 CFR 435.403)."
        )
    if not medicaid_immigration_ok(person):
        return MedicaidResult(
            False,
            False,
            None,
            "Does not meet Medicaid/CHIP citizenship or immigration rules as stated "
            "(42 CFR 435.406; 8 U.S.C. 1613; 42 CFR 457.320(b)(6)).",
        )
    limits = state_limits(state, year)
    if fraction is None:
        fraction = income_fraction(household, index, year)
    shown = fraction_display(fraction)
    if person.age >= int(limits.ages["adult"][1]) and not person.pregnant:
        return MedicaidResult(
            False,
            False,
            None,
            f"Age {person.age}: MAGI Medicaid groups do not apply; eligibility as aged/blind/"
            "disabled is assessed by the state Medicaid agency (42 CFR 435.603(j)).",
        )
    groups = _eligible_groups(household, index, limits)
    for group, limit in groups:
        if fraction <= limit:
            return MedicaidResult(
                True,
                False,
                group,
                f"Medicaid ({state}) for {LABELS[group]}: income {shown}% of the "
                f"{year} FPL is at or below {limit_display(limit)}% (includes the 5% "
                "disregard, 42 CFR 435.603(d)(4)).",
            )
    ages = limits.ages
    if _in(ages, "chip_child", person.age) and limits.chip_child is not None:
        if person.has_mec:
            return MedicaidResult(
                False,
                False,
                None,
                "Has other coverage: not eligible for CHIP (42 CFR 457.310(b)(2)).",
            )
        if fraction <= limits.chip_child:
            return MedicaidResult(
                False,
                True,
                "chip",
                f"CHIP ({state}): income {shown}% of the {year} FPL is at or below "
                f"{limit_display(limits.chip_child)}% (42 CFR 457.310).",
            )
    if person.pregnant and limits.chip_pregnant is not None and fraction <= limits.chip_pregnant:
        return MedicaidResult(
            False,
            True,
            "chip_pregnant",
            f"CHIP for pregnant individuals ({state}): income {shown}% of the {year} FPL is at "
            f"or below {fraction_display(limits.chip_pregnant)}% (42 CFR 457.10).",
        )
    if not groups:
        why = "no MAGI Medicaid group covers this member"
        if _in(ages, "adult", person.age) and not limits.medicaid["adult"]:
            why = f"{state} has not adopted the adult expansion group (42 CFR 435.119)"
        return MedicaidResult(False, False, None, f"Not eligible for Medicaid: {why}.")
    best = max(g[1] for g in groups)
    return MedicaidResult(
        False,
        False,
        None,
        f"Not eligible for Medicaid/CHIP: income {shown}% of the {year} FPL is above the "
        f"{state} limit of {fraction_display(best)}% (42 CFR 435.603).",
    )
