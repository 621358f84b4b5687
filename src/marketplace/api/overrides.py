"""CMS plan-search overrides: a known APTC (`aptc_override`), a CSR level (`csr_override`),
and people who cannot take the credit (`aptc_eligible: false`). The plans are priced again
with the catalog's own `price_plan`, so every figure keeps one code path. A state's own help
(ConnectorCare, Vermont premium assistance) depends on the credit the household is determined
to get, so plans priced with an override carry none, and a state program's own plans, offered
only with that help, are left out."""

from __future__ import annotations

from decimal import Decimal

from aca_rules.rating import prepare_members
from marketplace.api.convert import CSR_OVERRIDES
from marketplace.catalog.plan_data import plan_infos
from marketplace.catalog.plan_prices import PlanQuote, offered_to, price_plan
from marketplace.catalog.pricing import catalog
from marketplace.shopping.quotes import Estimate

ZERO = Decimal("0.00")


def nobody_takes_the_credit(body) -> bool:
    """Every person who needs coverage was sent with `aptc_eligible: false`."""
    seekers = [p for p in body.household.people if p.seeking_coverage and not p.has_mec]
    return bool(seekers) and not any(p.aptc_eligible for p in seekers)


def chosen(body, estimate: Estimate) -> tuple[Decimal, str | None]:
    """The monthly APTC and the CSR level the plans are priced with."""
    if body.aptc_override is not None:
        aptc = Decimal(body.aptc_override).quantize(Decimal("0.01"))
    elif estimate.priced_for_all_seekers or nobody_takes_the_credit(body):
        aptc = ZERO
    else:
        aptc = estimate.aptc
    csr = CSR_OVERRIDES.get(body.csr_override or "", estimate.determination.csr)
    return aptc, csr


def quotes(estimate: Estimate, aptc: Decimal, csr: str | None) -> tuple[PlanQuote, ...]:
    """The estimate's plans priced with `aptc` and `csr` (its own quotes when they match)."""
    own = ZERO if estimate.priced_for_all_seekers else estimate.aptc
    if aptc == own and csr == estimate.determination.csr:
        return estimate.quotes
    key = ("priced", aptc, csr)
    found = estimate.fragments.get(key)
    if found is not None:
        return found
    household, state, year = estimate.household, estimate.state, estimate.year
    members = list(estimate.enrollees)
    prepared = prepare_members(members, state, year)
    infos = plan_infos(state, year)
    offers = catalog.plans_for_location(year, state, household.countyfips, household.zipcode)
    priced = tuple(
        price_plan(infos[offer.plan_id[:14]], offer, members, prepared, aptc, csr)
        for offer in offers
        if offer.plan_id[:14] in infos and offered_to(infos[offer.plan_id[:14]], None)
    )
    return estimate.remember(key, priced)
