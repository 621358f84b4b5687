"""Figures other parts of the exchange add to the officials' dashboard (arrows point down:
reports offers the hook; the renewal code, when it exists, plugs in from its apps.py).

    from marketplace.reports import registry

    @registry.renewal_outcomes
    def renewals(filters):
        return [("Renewed in the same plan", 120), ("Moved to another plan", 30), ...]

Each provider takes the dashboard's `Filters` and returns (label, count) rows; the
dashboard shows them in the "Renewals" table (and its chart) and in the CSV export.
"""

from __future__ import annotations

from collections.abc import Callable

RenewalProvider = Callable[[object], list[tuple[str, int]]]
_RENEWALS: list[RenewalProvider] = []


def renewal_outcomes(provider: RenewalProvider) -> RenewalProvider:
    """Register a provider of renewal outcomes (a decorator); registering twice is once."""
    if provider not in _RENEWALS:
        _RENEWALS.append(provider)
    return provider


def unregister(provider: RenewalProvider) -> None:
    if provider in _RENEWALS:
        _RENEWALS.remove(provider)


def renewal_rows(filters) -> list[tuple[str, int]] | None:
    """Every provider's rows, or None when nothing is registered yet."""
    if not _RENEWALS:
        return None
    rows: list[tuple[str, int]] = []
    for provider in _RENEWALS:
        rows.extend(provider(filters))
    return rows
