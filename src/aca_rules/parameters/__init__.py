"""Dated, cited law parameters: the law stays in force until it changes (ADR 0103).

Every parameter lives in a YAML file in this directory (or ``states/``) with a
``description``, a ``unit``, a ``reference`` list (the law defining it), its ``sources``
(where its values were read, primary text or secondary copies, and when) and ``values``
keyed by effective date (``YYYY-MM-DD``) or, for poverty guidelines, by guideline year, each
naming the sources it was read in (:mod:`aca_rules.parameters.loader`). Tables that vary by
state set ``breakdown: state`` and key ``values`` by state code first.

A value holds from its date until a newer value replaces it, as in PolicyEngine and
OpenFisca. ``reviewed_through`` is the last coverage year someone checked the parameter for
changes: a review marker, never a refusal. A coverage year is refused
(:class:`YearNotSupported`) only when a required parameter has no value in force at all
(before its first date); a determination lists every value it used that is not confirmed
from primary text, or not reviewed for its year (:mod:`aca_rules.provenance`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from aca_rules.parameters.loader import parameter as _parameter
from aca_rules.parameters.model import (
    NOT_RECORDED,
    PRIMARY,
    SECONDARY,
    Parameter,
    Source,
    Value,
)

PARAMETER_DIR = Path(__file__).parent

__all__ = [
    "ANSWERED_YEARS",
    "NOT_RECORDED",
    "PRIMARY",
    "RULES_VERSION",
    "SECONDARY",
    "SUPPORTED_YEARS",
    "Parameter",
    "Source",
    "Value",
    "YearNotSupported",
    "get",
    "lookup",
    "missing_for_year",
    "not_reviewed_for_year",
    "parameters",
    "require_year",
]


class YearNotSupported(ValueError):
    """Raised when a coverage year needs a parameter that has no value in force at all."""

    def __init__(self, year: int, missing: list[str]):
        self.year = year
        self.missing = list(missing)
        super().__init__(
            f"Coverage year {year} is not supported: these parameters have no value in force "
            f"for {year}: " + "; ".join(self.missing)
        )


def _load() -> tuple[dict[str, Parameter], str]:
    params: dict[str, Parameter] = {}
    digest = hashlib.sha256()
    for path in sorted(PARAMETER_DIR.rglob("*.yaml")):
        text = path.read_bytes()
        file = path.relative_to(PARAMETER_DIR).as_posix()
        digest.update(file.encode())
        digest.update(text)
        data = yaml.safe_load(text) or {}
        for name, spec in data.items():
            if name in params:
                raise ValueError(f"duplicate parameter {name} in {path.name}")
            params[name] = _parameter(name, spec, file)
    return params, digest.hexdigest()


_PARAMS, _DIGEST = _load()

#: Identifies the parameter set: a hash of every parameter file.
RULES_VERSION = "aca-rules-1." + _DIGEST[:12]


def parameters() -> dict[str, Parameter]:
    """All loaded parameters by name."""
    return _PARAMS


def lookup(name: str, year: int, on: _dt.date | None = None) -> Any:
    """The key a value of ``name`` is looked up at for coverage ``year``: the guideline year
    for poverty guidelines, else the date (1 January unless ``on``)."""
    if _PARAMS[name].keyed_by == "guideline_year":
        return year
    return on or _dt.date(year, 1, 1)


def get(name: str, year: int, state: str | None = None, on: _dt.date | None = None) -> Any:
    """Value of parameter ``name`` in force for coverage ``year`` (on Jan 1 unless ``on``)."""
    return _PARAMS[name].at(lookup(name, year, on), state)


#: Parameters every determination needs, with the coverage-year offset they are read at
#: (poverty guidelines: the prior year's for APTC/CSR, IRC 36B(d)(3)(B); for Medicaid/CHIP
#: the guideline year `fpl.medicaid_guideline_year` picks - marked by the offset None;
#: 42 CFR 435.603(h)). The maximum out-of-pocket limits (``moop``) are not here: nothing a
#: determination decides or pays depends on them (ADR 0102).
REQUIRED: tuple[tuple[str, int | None, str], ...] = (
    ("poverty_guidelines", -1, "prior-year guideline for APTC/CSR"),
    ("poverty_guidelines", None, "current-year guideline for Medicaid/CHIP"),
    ("applicable_percentage_table", 0, ""),
    ("income_upper_limit_fpl_percent", 0, ""),
    ("income_lower_limit_fpl_percent", 0, ""),
    ("below_fpl_lawfully_present_exception", 0, ""),
    ("ptc_eligible_immigration_statuses", 0, ""),
    ("medicaid_eligible_immigration_statuses", 0, ""),
    ("affordability_threshold", 0, ""),
    ("csr_bands", 0, ""),
    ("aian_zero_cost_sharing_max_fpl_percent", 0, ""),
    ("catastrophic_max_age", 0, ""),
    ("catastrophic_income_hardship", 0, ""),
    ("basic_health_program", 0, ""),
    ("medicaid_age_bands", 0, ""),
    ("medicaid_adult_income_limit", 0, ""),
    ("medicaid_parent_income_limit", 0, ""),
    ("medicaid_pregnant_income_limit", 0, ""),
    ("medicaid_infant_income_limit", 0, ""),
    ("medicaid_young_child_income_limit", 0, ""),
    ("medicaid_older_child_income_limit", 0, ""),
    ("medicaid_young_adult_income_limit", 0, ""),
    ("chip_child_income_limit", 0, ""),
    ("chip_pregnant_income_limit", 0, ""),
    ("max_rated_children", 0, ""),
    ("child_age_limit", 0, ""),
    ("tobacco_min_age", 0, ""),
    ("tobacco_rating_prohibited", 0, ""),
    ("family_tier_states", 0, ""),
    ("age_curves", 0, ""),
)


def _has_value(param: Parameter, year: int) -> bool:
    """Whether the parameter has a value in force for ``year`` (every state, if by state)."""
    on: Any = year if param.keyed_by == "guideline_year" else _dt.date(year, 1, 1)
    try:
        for state in param.states():
            param.at(on, state)
    except KeyError:
        return False
    return True


def missing_for_year(
    year: int, extra: tuple[str, ...] = (), medicaid_guideline_year: int | None = None
) -> list[str]:
    """Names (with the year needed) of required parameters that have no value in force for
    ``year`` at all (before their first date). A value only unconfirmed or not reviewed for
    the year is in force: it is listed by the determination, never refused (ADR 0103).

    ``medicaid_guideline_year`` is the guideline year Medicaid/CHIP will use
    (``fpl.medicaid_guideline_year``); by default the coverage year's. Every input is
    checked with it, so the answer is kept per year (the parameters are loaded once)."""
    return list(_missing_for_year(year, tuple(extra), medicaid_guideline_year))


@lru_cache(maxsize=256)
def _missing_for_year(
    year: int, extra: tuple[str, ...], medicaid_guideline_year: int | None
) -> tuple[str, ...]:
    missing: list[str] = []
    checks = list(REQUIRED) + [(name, 0, "") for name in extra]
    for name, offset, why in checks:
        param = _PARAMS[name]
        if offset is None:
            needed = year if medicaid_guideline_year is None else medicaid_guideline_year
        else:
            needed = year + offset
        if not _has_value(param, needed):
            label = f"{name} ({needed}" + (f", {why})" if why else ")")
            if label not in missing:
                missing.append(label)
    return tuple(missing)


@lru_cache(maxsize=256)
def require_year(year: int, medicaid_guideline_year: int | None = None) -> int:
    """Return ``year`` if every required parameter has a value in force for it, else raise
    :class:`YearNotSupported` naming each one that has none.

    ``medicaid_guideline_year``: the guideline year Medicaid/CHIP use, when not the coverage
    year's (a determination dated before that guideline was published)."""
    missing = missing_for_year(year, medicaid_guideline_year=medicaid_guideline_year)
    if missing:
        raise YearNotSupported(year, missing)
    return year


def _latest_entered_year() -> int:
    """The latest coverage year whose law has been entered: the year of the newest value of
    a required parameter (a guideline year counts for the coverage year after it)."""
    latest = 0
    for name, _offset, _why in REQUIRED:
        param = _PARAMS[name]
        for _state, entry in param.all_entries():
            year = entry.key + 1 if param.keyed_by == "guideline_year" else entry.key.year
            latest = max(latest, year)
    return latest


def not_reviewed_for_year(year: int) -> list[str]:
    """Required parameters whose ``reviewed_through`` is before ``year`` (guideline years
    for the poverty guidelines: the prior year's, which APTC/CSR use)."""
    names = []
    for name, offset, _why in REQUIRED:
        needed = year + (offset if offset is not None else 0)
        if _PARAMS[name].reviewed_through < needed and name not in names:
            names.append(name)
    return names


#: Coverage years whose law has been entered: every year from the first one every required
#: parameter has a value for, through the latest year a required value is dated in. The
#: engine also answers for later years (the law stays in force), listing what is not
#: reviewed for them.
ANSWERED_YEARS: tuple[int, ...] = tuple(
    y for y in range(2014, _latest_entered_year() + 1) if not missing_for_year(y)
)

#: Coverage years fully reviewed: answered, with every required parameter reviewed through
#: the year. A later answered year works the same; its determinations list what is not
#: reviewed for it (``unconfirmed_values``).
SUPPORTED_YEARS: tuple[int, ...] = tuple(y for y in ANSWERED_YEARS if not not_reviewed_for_year(y))
