"""Plan catalog protocol and an in-memory implementation.

The Django app implements :class:`Catalog` from its database; tests and benchmarks use
:class:`InMemoryCatalog`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

METAL_LEVELS = ("bronze", "expanded_bronze", "silver", "gold", "platinum", "catastrophic", "dental")
TIER_KEYS = (
    "individual",
    "couple",
    "primary_one_dependent",
    "primary_two_dependents",
    "primary_three_or_more",
    "couple_one_dependent",
    "couple_two_dependents",
    "couple_three_or_more",
)


@dataclass(frozen=True, slots=True)
class RateTable:
    """Monthly premiums of one plan in one rating area (Rate PUF, docs/puf-and-834.md A.1).

    ``age_rates`` covers ages 0..64 (64 = 64 and over). ``tobacco_rates`` is None when the
    issuer does not rate tobacco. ``family_tier_rates`` holds the Rate PUF "Family Option"
    columns in family-tier states (NY, VT).
    """

    age_rates: Mapping[int, Decimal]
    tobacco_rates: Mapping[int, Decimal] | None = None
    family_tier_rates: Mapping[str, Decimal] | None = None
    _by_age: tuple[Decimal, ...] = field(default=(), compare=False, repr=False)
    _tob_by_age: tuple[Decimal, ...] | None = field(default=None, compare=False, repr=False)
    #: Rates in integer cents (or None when a rate has fractions of a cent): fast sums.
    _cents: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    _tob_cents: tuple[int, ...] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.age_rates:
            ages = _fill_ages(self.age_rates)
            object.__setattr__(self, "_by_age", ages)
            object.__setattr__(self, "_cents", _to_cents(ages))
        if self.tobacco_rates:
            tob = _fill_ages(self.tobacco_rates)
            object.__setattr__(self, "_tob_by_age", tob)
            object.__setattr__(self, "_tob_cents", _to_cents(tob))

    def rate(self, age: int, tobacco: bool = False) -> Decimal:
        """Monthly rate for one person of ``age`` (tobacco rate if asked and filed)."""
        a = 64 if age > 64 else (0 if age < 0 else age)
        if tobacco and self._tob_by_age is not None:
            return self._tob_by_age[a]
        return self._by_age[a]


def _to_cents(rates: tuple[Decimal, ...]) -> tuple[int, ...] | None:
    cents = [r * 100 for r in rates]
    if any(c != c.to_integral_value() for c in cents):
        return None
    return tuple(int(c) for c in cents)


def _fill_ages(rates: Mapping[int, Decimal]) -> tuple[Decimal, ...]:
    """Expand a rate mapping to 65 entries; ages missing take the nearest lower band."""
    out: list[Decimal] = []
    last: Decimal | None = None
    for age in range(65):
        if age in rates:
            last = Decimal(rates[age])
        if last is None:
            last = Decimal(rates[min(rates)])
        out.append(last)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PlanOffer:
    """One plan offered at a location (14-character HIOS standard component id)."""

    plan_id: str
    issuer_id: str
    metal_level: str
    ehb_share: Decimal
    includes_pediatric_dental: bool
    rates: RateTable
    name: str | None = None
    #: The state program whose own plan this is (e.g. "ma_connectorcare"), or None.
    state_program: str | None = None


@runtime_checkable
class Catalog(Protocol):
    """What the engine needs from a plan catalog."""

    def plans_for_location(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> Sequence[PlanOffer]: ...

    def rating_area(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> str | None: ...


class InMemoryCatalog:
    """Catalog backed by a dict.

    ``offers_by_location`` maps ``(year, state, countyfips)`` (or ``(year, state,
    countyfips, zipcode)``, or ``(year, state, None)`` for a state-wide list) to a sequence
    of :class:`PlanOffer`. ``rating_areas`` optionally maps the same keys to a rating area.
    """

    def __init__(
        self,
        offers_by_location: Mapping[tuple, Sequence[PlanOffer]],
        rating_areas: Mapping[tuple, str] | None = None,
    ) -> None:
        self._offers = {k: tuple(v) for k, v in offers_by_location.items()}
        self._areas = dict(rating_areas or {})

    def _lookup(
        self, table: Mapping, year: int, state: str, county: str | None, zipcode: str | None
    ):
        for key in ((year, state, county, zipcode), (year, state, county), (year, state, None)):
            if key in table:
                return table[key]
        return None

    def plans_for_location(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> Sequence[PlanOffer]:
        return self._lookup(self._offers, year, state, countyfips, zipcode) or ()

    def rating_area(
        self, year: int, state: str, countyfips: str | None, zipcode: str | None
    ) -> str | None:
        return self._lookup(self._areas, year, state, countyfips, zipcode)
