"""MAGI Medicaid and CHIP assessment (42 CFR 435.603, 435.110-435.119, 457.310).

Income limits are stored with the 5-percentage-point disregard of 42 CFR 435.603(d)(4)
already added, as fractions of the CURRENT year's poverty guideline.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from aca_rules import parameters as P
from aca_rules.fpl import medicaid_guideline_year, poverty_guideline
from aca_rules.household import Household, Person
from aca_rules.immigration import medicaid_immigration, medicaid_rule_date
from aca_rules.messages import Message

CATEGORIES = ("pregnant", "infant", "young_child", "older_child", "young_adult", "parent", "adult")
#: The reason given when a member qualifies through a coverage group (the message names the
#: group and its regulation: pregnant individuals 435.116, infants and children 435.118,
#: 19-20 435.222, parents and caretaker relatives 435.110, the adult group 435.119).
GROUP_MESSAGES = {
    "pregnant": "medicaid.pregnant",
    "infant": "medicaid.infant",
    "young_child": "medicaid.young_child",
    "older_child": "medicaid.older_child",
    "young_adult": "medicaid.young_adult",
    "parent": "medicaid.parent",
    "adult": "medicaid.adult_expansion",
}


@dataclass(frozen=True, slots=True, eq=False)
class StateLimits:
    """A state's MAGI limits for a year (None = no such coverage group)."""

    medicaid: dict[str, Decimal | None]
    chip_child: Decimal | None
    chip_pregnant: Decimal | None
    ages: dict
    expansion: bool
    #: ``ages`` as whole numbers: band -> (lowest age, first age past the band).
    bands: dict[str, tuple[int, int]]
    parent_child_max_age: int


@lru_cache(maxsize=512)
def state_limits(state: str, year: int) -> StateLimits:
    """Resolve every MAGI limit for ``state`` on Jan 1 of ``year``."""
    med = {c: P.get(f"medicaid_{c}_income_limit", year, state) for c in CATEGORIES}
    adult = med["adult"]
    ages = P.get("medicaid_age_bands", year)
    return StateLimits(
        medicaid=med,
        chip_child=P.get("chip_child_income_limit", year, state),
        chip_pregnant=P.get("chip_pregnant_income_limit", year, state),
        ages=ages,
        expansion=adult is not None and adult >= Decimal("1.38"),
        bands={k: (int(v[0]), int(v[1])) for k, v in ages.items() if isinstance(v, tuple)},
        parent_child_max_age=int(ages["parent_child_max_age"]),
    )


class MedicaidResult(NamedTuple):
    """Outcome of the Medicaid/CHIP assessment of one member (an immutable tuple: cheap to
    build, once per member and determination)."""

    medicaid: bool
    chip: bool
    program: str | None
    reason: Message


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
    """Household income as a fraction of the current FPL for the member's household (the
    coverage year's guideline, or the one in effect on the determination date)."""
    guideline = poverty_guideline(
        medicaid_guideline_year(year, household.determination_date),
        household.state,
        medicaid_household_size(household, index),
    )
    return annual_current_income(household) / guideline


_HUNDREDTH = Decimal("0.01")
_THOUSANDTH = Decimal("0.001")


def fraction_display(fraction: Decimal) -> Decimal:
    """Percent of FPL to two places, truncated (for display only)."""
    return (fraction * 100).quantize(_HUNDREDTH, ROUND_DOWN)


def _over(shown: Decimal, fraction: Decimal, args: dict) -> Decimal:
    """The percent shown beside the limit it is over (the last test): truncated to two
    places, an income just over the limit (138.001% of 138%) would read as the limit itself,
    so it is shown to three places, rounded up (display only; the tests compare exact
    fractions, 42 CFR 435.603(d))."""
    if args.get("limit") == shown and fraction * 100 > shown:
        return (fraction * 100).quantize(_THOUSANDTH, ROUND_UP)
    return shown


@lru_cache(maxsize=1024)
def limit_display(limit: Decimal) -> Decimal:
    return fraction_display(limit)


def _in(limits: StateLimits, band: str, age: int) -> bool:
    low, high = limits.bands[band]
    return low <= age < high


def has_dependent_child(household: Household, limits: StateLimits) -> bool:
    """Whether a dependent child lives in the household, which makes the taxpayer and
    spouse parents or caretaker relatives (42 CFR 435.4, 435.110)."""
    child_max = limits.parent_child_max_age
    for p in household.people:
        if p.relationship == "child" and p.age <= child_max:
            return True
    return False


@lru_cache(maxsize=8192)
def _groups(
    limits: StateLimits, age: int, pregnant: bool, is_parent: bool
) -> tuple[tuple[str, Decimal], ...]:
    """Coverage groups a person could belong to, highest limit first (42 CFR 435.110-435.222)."""
    groups: list[str] = []
    if pregnant:
        groups.append("pregnant")
    for band in ("infant", "young_child", "older_child", "young_adult", "adult"):
        if _in(limits, band, age):
            groups.append(band)
    if is_parent:
        groups.append("parent")
    found = [(g, limits.medicaid[g]) for g in groups if limits.medicaid[g] is not None]
    return tuple(sorted(found, key=lambda g: -g[1]))


_NOT_RESIDENT = MedicaidResult(False, False, None, Message("medicaid.not_resident"))
#: The agency's own finding, accepted (42 CFR 435.1200(e); 45 CFR 155.302(b), 155.345).
_AGENCY_FOUND_NOT_ELIGIBLE = MedicaidResult(False, False, None, Message("medicaid.agency_denied"))
_CHIP_OTHER_COVERAGE = MedicaidResult(False, False, None, Message("chip.other_coverage"))


def assess(
    household: Household, index: int, year: int, fraction: Decimal | None = None
) -> MedicaidResult:
    """Medicaid/CHIP assessment for member ``index`` (see :func:`assess_member`); the
    income fraction is computed for the member's Medicaid household unless given."""
    limits = state_limits(household.state, year)
    if fraction is None:
        fraction = income_fraction(household, index, year)
    return assess_member(
        household.people[index],
        household.state,
        year,
        fraction,
        limits,
        has_dependent_child(household, limits),
        on=medicaid_rule_date(year, household.determination_date),
        guideline_year=medicaid_guideline_year(year, household.determination_date),
    )


def assess_member(
    person: Person,
    state: str,
    year: int,
    fraction: Decimal,
    limits: StateLimits,
    dependent_child: bool,
    shown: Decimal | None = None,
    on: _dt.date | None = None,
    guideline_year: int | None = None,
) -> MedicaidResult:
    """Medicaid/CHIP assessment of one member whose household income is ``fraction`` of
    the FPL (see :func:`_income_tests` for the rules applied). ``dependent_child`` tells
    whether the household has a dependent child (:func:`has_dependent_child`); ``shown``
    is ``fraction_display(fraction)`` when the caller has it already; ``on`` is the date
    whose immigration rule applies (default 1 January of ``year``;
    :func:`aca_rules.immigration.medicaid_rule_date`); ``guideline_year`` is the year of the
    poverty guideline ``fraction`` was measured against, as the reason names it (default
    ``year``)."""
    if person.medicaid_chip_denied:
        return _AGENCY_FOUND_NOT_ELIGIBLE
    if not person.resident:
        return _NOT_RESIDENT
    if not person.citizen:
        why = medicaid_immigration(person, on or _dt.date(year, 1, 1))
        if why is not None:
            return MedicaidResult(False, False, None, why)
    age = person.age
    if age >= limits.bands["adult"][1] and not person.pregnant:
        return MedicaidResult(False, False, None, Message("medicaid.non_magi_age", {"age": age}))
    is_parent = dependent_child and person.relationship in ("self", "spouse")
    tests = _income_tests(
        limits, state, guideline_year or year, age, person.pregnant, is_parent, person.has_mec
    )
    for limit, medicaid, chip, program, message, args in tests:
        if limit is None or fraction <= limit:
            if args is None:
                return MedicaidResult(medicaid, chip, program, message)
            if shown is None:
                shown = fraction_display(fraction)
            args = args.copy()
            args["income_percent"] = shown if limit is not None else _over(shown, fraction, args)
            return MedicaidResult(medicaid, chip, program, Message(message, args))
    raise AssertionError("the last income test always applies")  # pragma: no cover


class _IncomeTest(NamedTuple):
    """Outcome that applies when income, as a fraction of the FPL, is at or below
    ``limit`` (always when ``limit`` is None). The reason is ``message`` itself when
    ``args`` is None; otherwise the message with that id and ``args`` plus the member's
    income percentage (``income_percent``)."""

    limit: Decimal | None
    medicaid: bool
    chip: bool
    program: str | None
    message: Message | str
    args: dict[str, Any] | None


@lru_cache(maxsize=8192)
def _income_tests(
    limits: StateLimits,
    state: str,
    year: int,  # the year of the guideline the income is measured against (messages)
    age: int,
    pregnant: bool,
    is_parent: bool,
    has_mec: bool,
) -> tuple[_IncomeTest, ...]:
    """The income tests for a member, in the order they apply, built once per member
    profile: Medicaid when income is at or below the highest limit of a group the member
    belongs to; otherwise CHIP for uninsured children under 19 (and pregnant individuals
    where covered) at or below the CHIP limit (42 CFR 457.310(b), 457.320); otherwise not
    eligible."""
    groups = _groups(limits, age, pregnant, is_parent)
    tests = [
        _limit_test(limit, False, group, GROUP_MESSAGES[group], state, year)
        for group, limit in groups
    ]
    if limits.chip_child is not None and _in(limits, "chip_child", age):
        if has_mec:
            tests.append(_IncomeTest(None, *_CHIP_OTHER_COVERAGE, None))
            return tuple(tests)
        tests.append(_limit_test(limits.chip_child, True, "chip", "chip.child", state, year))
    if pregnant and limits.chip_pregnant is not None:
        tests.append(
            _limit_test(limits.chip_pregnant, True, "chip_pregnant", "chip.pregnant", state, year)
        )
    tests.append(_not_eligible(limits, groups, state, year, age))
    return tuple(tests)


def _limit_test(
    limit: Decimal, chip: bool, group: str, message: str, state: str, year: int
) -> _IncomeTest:
    """The test of one group's income limit (42 CFR 435.603(d)): Medicaid, or CHIP when
    ``chip``, at or below ``limit``, with the line that names the state, year and limit."""
    figures = {"state": state, "year": year, "limit": limit_display(limit)}
    return _IncomeTest(limit, not chip, chip, group, message, figures)


def _not_eligible(
    limits: StateLimits, groups: tuple, state: str, year: int, age: int
) -> _IncomeTest:
    """The last test, which every income passes: not eligible, because the member is in
    no Medicaid group (or the state did not expand Medicaid to adults, 42 U.S.C.
    1396a(a)(10)(A)(i)(VIII)) or because income is over the highest group's limit."""
    if not groups:
        why = Message("medicaid.no_group")
        if _in(limits, "adult", age) and not limits.medicaid["adult"]:
            why = Message("medicaid.no_expansion", {"state": state})
        return _IncomeTest(None, False, False, None, why, None)
    # ``groups`` is sorted by limit, highest first.
    figures = {"state": state, "year": year, "limit": limit_display(groups[0][1])}
    return _IncomeTest(None, False, False, None, "medicaid.over_limit", figures)


class HouseholdMedicaid(NamedTuple):
    """The Medicaid/CHIP assessment of every member, in household order, with the
    household's current income as a fraction of the current guideline (``fraction``) and
    as the percent shown (``percent``, truncated)."""

    members: list[MedicaidResult]
    fraction: Decimal
    percent: Decimal


def assess_household(
    household: Household,
    year: int,
    limits: StateLimits,
    guideline: Decimal,
    guideline_pregnant: Decimal,
    guideline_year: int,
    rule_date: _dt.date,
) -> HouseholdMedicaid:
    """Assess each member (:func:`assess_member`) against current monthly income and the
    current guideline (42 CFR 435.603(h)); a pregnant member's household counts the child
    she is expecting (435.603(b)), so her income is measured against ``guideline_pregnant``.
    ``rule_date`` is the date whose immigration rule applies (ADR 0102)."""
    state = household.state
    current = annual_current_income(household)
    fraction = current / guideline
    percent = fraction_display(fraction)
    dependent_child = has_dependent_child(household, limits)
    members = [
        assess_member(
            p,
            state,
            year,
            current / guideline_pregnant,
            limits,
            dependent_child,
            on=rule_date,
            guideline_year=guideline_year,
        )
        if p.pregnant
        else assess_member(
            p, state, year, fraction, limits, dependent_child, percent, rule_date, guideline_year
        )
        for p in household.people
    ]
    return HouseholdMedicaid(members, fraction, percent)  # field order


def household_reason(
    limits: StateLimits,
    guideline_year: int,
    guideline: Decimal,
    size: int,
    state: str,
    percent: Decimal,
) -> Message:
    """The explanation line of the Medicaid/CHIP poverty line (42 CFR 435.603(h)), saying
    whether the state has adopted the adult expansion (42 CFR 435.119)."""
    return Message(
        "medicaid.household" if limits.expansion else "medicaid.household_no_expansion",
        {
            "guideline_year": guideline_year,
            "guideline": guideline,
            "size": size,
            "state": state,
            "income_percent": percent,
        },
    )
