"""The law values a determination reads, by group, and those not confirmed (ADR 0103).

Each group is resolved once per year, state and date (cached) and returns only the values
that are not confirmed for the year (:mod:`aca_rules.provenance`): the engine concatenates
the groups that applied to a household into ``Determination.unconfirmed_values``.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Protocol

from aca_rules import parameters as P
from aca_rules.provenance import UsedValue, unconfirmed, used
from aca_rules.states import StateProgram

Unconfirmed = tuple[UsedValue, ...]


class SettingValues(Protocol):
    """What `for_determination` reads of a setting (aca_rules.setting.Setting, which is
    above this module and hands itself in)."""

    year: int
    state: str
    unconfirmed: Unconfirmed
    program: StateProgram | None


#: Read for every determination at 1 January of the coverage year (by state when the
#: parameter is broken down by state).
_EVERY_YEAR = (
    "income_upper_limit_fpl_percent",
    "income_lower_limit_fpl_percent",
    "csr_bands",
    "catastrophic_max_age",
    "catastrophic_income_hardship",
    "moop",
    "medicaid_age_bands",
    "medicaid_adult_income_limit",
    "medicaid_parent_income_limit",
    "medicaid_pregnant_income_limit",
    "medicaid_infant_income_limit",
    "medicaid_young_child_income_limit",
    "medicaid_older_child_income_limit",
    "medicaid_young_adult_income_limit",
    "chip_child_income_limit",
    "chip_pregnant_income_limit",
)
_RATING = ("tobacco_min_age", "tobacco_rating_prohibited", "max_rated_children", "child_age_limit")


def _jan1(year: int) -> _dt.date:
    return _dt.date(year, 1, 1)


@lru_cache(maxsize=4096)
def core(
    year: int,
    state: str,
    ptc_guideline: tuple[int, int],
    medicaid_guideline: tuple[int, int],
    bhp_on: _dt.date,
    dated_on: _dt.date | None,
) -> Unconfirmed:
    """What every determination reads: the poverty guidelines (``(guideline year used,
    year the law asks for)`` for APTC/CSR and for Medicaid/CHIP), the PTC income limits, the
    CSR bands, the catastrophic rules, the maximum out-of-pocket limits, the Medicaid/CHIP
    tables of the state, its Basic Health Program on ``bhp_on``, and - for a dated
    determination - which guideline had been published on that date."""
    items = [
        used("poverty_guidelines", medicaid_guideline[0], None, medicaid_guideline[1]),
        used("poverty_guidelines", ptc_guideline[0], None, ptc_guideline[1]),
    ]
    items += [used(name, _jan1(year), state, year) for name in _EVERY_YEAR]
    items.append(used("basic_health_program", bhp_on, state, year))
    if dated_on is not None:
        items.append(used("poverty_guideline_published", dated_on, None, dated_on.year))
    return unconfirmed(tuple(items))


@lru_cache(maxsize=1024)
def immigration(year: int, rule_date: _dt.date) -> Unconfirmed:
    """Read when a member is not a citizen: the statuses that count for the PTC and for
    Medicaid/CHIP (on the rule date), and the below-100% exception."""
    return unconfirmed(
        (
            used("ptc_eligible_immigration_statuses", _jan1(year), None, year),
            used("medicaid_eligible_immigration_statuses", rule_date, None, rule_date.year),
            used("below_fpl_lawfully_present_exception", _jan1(year), None, year),
        )
    )


@lru_cache(maxsize=256)
def one(name: str, year: int) -> Unconfirmed:
    """A single parameter read at 1 January: ``applicable_percentage_table`` when a credit
    is computed, ``affordability_threshold`` for an employer offer,
    ``aian_zero_cost_sharing_max_fpl_percent`` for an AI/AN member."""
    return unconfirmed((used(name, _jan1(year), None, year),))


@lru_cache(maxsize=1024)
def rating(year: int, state: str) -> Unconfirmed:
    """Read when premiums are rated from the catalog (the benchmark): the state's age
    curve (or the federal default), the tobacco and child rules and family tiers."""
    curves = P.parameters()["age_curves"]
    curve_key = state if state in curves.values else "default"
    items = [used("age_curves", _jan1(year), curve_key, year)]
    items += [used(name, _jan1(year), None, year) for name in _RATING]
    items.append(used("family_tier_states", _jan1(year), state, year))
    return unconfirmed(tuple(items))


@lru_cache(maxsize=256)
def state_program(year: int, state: str, names: tuple[str, ...]) -> Unconfirmed:
    """The parameters of the state's own subsidy program."""
    return unconfirmed(tuple(used(name, _jan1(year), state, year) for name in names))


@lru_cache(maxsize=8192)
def for_determination(
    setting: SettingValues,
    immigration_on: _dt.date | None,
    credit_computed: bool,
    employer_offer: bool,
    aian: bool,
    rated: bool,
) -> Unconfirmed:
    """The unconfirmed values a determination used: the setting's, and those of the groups
    that applied - the immigration tables on ``immigration_on`` (a member is not a citizen),
    the applicable percentage table when a credit was computed, the affordability threshold
    when an employer offer was tested, the AI/AN limit for an AI/AN member, the rating
    rules when the benchmark was rated from the catalog - and the state program's."""
    year, state = setting.year, setting.state
    found = setting.unconfirmed
    if immigration_on is not None:
        found = found + immigration(year, immigration_on)
    if credit_computed:
        found = found + one("applicable_percentage_table", year)
    if employer_offer:
        found = found + one("affordability_threshold", year)
    if aian:
        found = found + one("aian_zero_cost_sharing_max_fpl_percent", year)
    if rated:
        found = found + rating(year, state)
    if setting.program is not None:
        found = found + state_program(year, state, tuple(setting.program.parameters))
    return found
