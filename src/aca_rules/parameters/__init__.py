"""Dated, cited law parameters.

Every parameter lives in a YAML file in this directory (or ``states/``) with a
``description``, a ``unit``, a ``reference`` list (title + href) and ``values`` keyed by
effective date (``YYYY-MM-DD``) or, for poverty guidelines, by guideline year.  Tables that
vary by state set ``breakdown: state`` and key ``values`` by state code first.

``confirmed_through`` is the last coverage year for which the parameter's figures have
been confirmed from a citable source.  Asking for a later year raises
:class:`YearNotSupported`, naming every missing parameter: the engine never guesses.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PARAMETER_DIR = Path(__file__).parent

__all__ = [
    "RULES_VERSION",
    "SUPPORTED_YEARS",
    "Parameter",
    "YearNotSupported",
    "get",
    "missing_for_year",
    "parameters",
    "require_year",
]


class YearNotSupported(ValueError):
    """Raised when a coverage year needs a parameter whose figures are not confirmed."""

    def __init__(self, year: int, missing: list[str]):
        self.year = year
        self.missing = list(missing)
        super().__init__(
            f"Coverage year {year} is not supported: these parameters are not published or "
            f"not confirmed for {year}: " + "; ".join(self.missing)
        )


@dataclass(frozen=True)
class Parameter:
    """One law parameter with its unit, citations and dated values."""

    name: str
    file: str
    description: str
    unit: str
    reference: tuple[dict, ...]
    confirmed_through: int
    unconfirmed: bool
    breakdown: str | None
    keyed_by: str
    values: dict[Any, Any] = field(repr=False)

    def _series(self, state: str | None) -> list[tuple[Any, Any]]:
        if self.breakdown == "state":
            if state is None or state not in self.values:
                raise KeyError(f"{self.name}: no values for state {state!r}")
            series = self.values[state]
        else:
            series = self.values
        return series  # already sorted list of (key, value)

    def at(self, on: _dt.date | int, state: str | None = None) -> Any:
        """Value in effect on a date (or for a guideline year when keyed by year)."""
        series = self._series(state)
        found = None
        for key, value in series:
            if key <= on:
                found = (key, value)
            else:
                break
        if found is None:
            raise KeyError(f"{self.name}: no value in effect on {on}")
        return found[1]

    def has_state(self, state: str) -> bool:
        return self.breakdown != "state" or state in self.values


def _convert(value: Any) -> Any:
    """Numbers become Decimal (never float); containers are converted recursively."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):
        # Quoted decimals ('0.0839') become Decimal; codes ('94', '2A') stay strings.
        if "." in value:
            try:
                return Decimal(value)
            except ArithmeticError:
                return value
        return value
    if isinstance(value, list):
        return tuple(_convert(v) for v in value)
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def _key(raw: Any, keyed_by: str) -> Any:
    if keyed_by == "guideline_year":
        return int(raw)
    if isinstance(raw, _dt.date):
        return raw
    return _dt.date.fromisoformat(str(raw))


def _series(raw: dict, keyed_by: str) -> list[tuple[Any, Any]]:
    return sorted(((_key(k, keyed_by), _convert(v)) for k, v in raw.items()), key=lambda kv: kv[0])


def _load() -> tuple[dict[str, Parameter], str]:
    params: dict[str, Parameter] = {}
    digest = hashlib.sha256()
    for path in sorted(PARAMETER_DIR.rglob("*.yaml")):
        text = path.read_bytes()
        digest.update(path.relative_to(PARAMETER_DIR).as_posix().encode())
        digest.update(text)
        data = yaml.safe_load(text) or {}
        for name, spec in data.items():
            keyed_by = spec.get("keyed_by", "date")
            raw_values = spec["values"]
            if spec.get("breakdown") == "state":
                values: Any = {st: _series(v, keyed_by) for st, v in raw_values.items()}
            else:
                values = _series(raw_values, keyed_by)
            if name in params:
                raise ValueError(f"duplicate parameter {name} in {path.name}")
            params[name] = Parameter(
                name=name,
                file=path.relative_to(PARAMETER_DIR).as_posix(),
                description=str(spec.get("description", "")),
                unit=str(spec.get("unit", "")),
                reference=tuple(spec.get("reference") or ()),
                confirmed_through=int(spec.get("confirmed_through", 0)),
                unconfirmed=bool(spec.get("unconfirmed", False)),
                breakdown=spec.get("breakdown"),
                keyed_by=keyed_by,
                values=values,
            )
    return params, digest.hexdigest()


_PARAMS, _DIGEST = _load()

#: Identifies the parameter set: a hash of every parameter file.
RULES_VERSION = "aca-rules-1." + _DIGEST[:12]

#: Coverage years with every parameter confirmed.
SUPPORTED_YEARS = (2024, 2025, 2026)


def parameters() -> dict[str, Parameter]:
    """All loaded parameters by name."""
    return _PARAMS


def get(name: str, year: int, state: str | None = None, on: _dt.date | None = None) -> Any:
    """Value of parameter ``name`` in effect for coverage ``year`` (on Jan 1 unless ``on``)."""
    param = _PARAMS[name]
    if param.keyed_by == "guideline_year":
        return param.at(year, state)
    return param.at(on or _dt.date(year, 1, 1), state)


#: Parameters every determination needs, with the coverage-year offset they are read at.
#: (poverty guidelines: the prior year's for APTC/CSR, IRC 36B(d)(3)(B); for Medicaid/CHIP
#: the guideline year `fpl.medicaid_guideline_year` picks - the coverage year's, or the one
#: in effect on the determination date - marked by the offset None; 42 CFR 435.603(h)).
#: The maximum out-of-pocket limits (``moop``) are not here: nothing a determination decides
#: or pays depends on them, so a missing figure is reported as not available (engine)
#: instead of refusing the year (ADR 0102).
_REQUIRED: tuple[tuple[str, int | None, str], ...] = (
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
    """Whether the parameter has a value in effect for ``year`` (every state, if by state)."""
    on: Any = year if param.keyed_by == "guideline_year" else _dt.date(year, 1, 1)
    states = list(param.values) if param.breakdown == "state" else [None]
    try:
        for state in states:
            param.at(on, state)
    except KeyError:
        return False
    return True


def missing_for_year(
    year: int, extra: tuple[str, ...] = (), medicaid_guideline_year: int | None = None
) -> list[str]:
    """Names (with the year needed) of required parameters not confirmed for ``year``.

    ``medicaid_guideline_year`` is the guideline year Medicaid/CHIP will use
    (``fpl.medicaid_guideline_year``); by default the coverage year's."""
    missing: list[str] = []
    checks = list(_REQUIRED) + [(name, 0, "") for name in extra]
    for name, offset, why in checks:
        param = _PARAMS[name]
        if offset is None:
            needed = year if medicaid_guideline_year is None else medicaid_guideline_year
        else:
            needed = year + offset
        if needed > param.confirmed_through or not _has_value(param, needed):
            label = f"{name} ({needed}" + (f", {why})" if why else ")")
            if label not in missing:
                missing.append(label)
    return missing


@lru_cache(maxsize=64)
def require_year(year: int, medicaid_guideline_year: int | None = None) -> int:
    """Return ``year`` if every required parameter is confirmed for it, else raise.

    ``medicaid_guideline_year``: the guideline year Medicaid/CHIP use, when not the coverage
    year's (a determination dated before that guideline was published)."""
    missing = missing_for_year(year, medicaid_guideline_year=medicaid_guideline_year)
    if missing:
        raise YearNotSupported(year, missing)
    return year
