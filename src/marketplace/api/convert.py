"""From API requests to the shopping household, and from priced plans to API plans."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.catalog.plan_data import PlanInfo, VariantInfo
from marketplace.catalog.plan_prices import PlanQuote
from marketplace.shopping.household import HouseholdQuery, PersonInput
from marketplace.shopping.places import counties_for_zip
from marketplace.shopping.search import PlanFilter

RELATIONSHIPS = {
    "self": "self",
    "spouse": "spouse",
    "child": "child",
    "stepchild": "child",
    "foster child": "child",
    "grandchild": "other_dependent",
    "other relative": "other_dependent",
    "other dependent": "other_dependent",
    "other_dependent": "other_dependent",
}
METALS = {
    "Catastrophic": "catastrophic",
    "Expanded Bronze": "expanded_bronze",
    "Bronze": "bronze",
    "Silver": "silver",
    "Gold": "gold",
    "Platinum": "platinum",
}
METAL_NAMES = {code: name for name, code in METALS.items()}
USE_LEVELS = {"Low": "low", "Medium": "medium", "High": "high"}


class RequestProblem(Exception):
    """A request the API answers with an error object (status, CMS code, field errors)."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or {}

    def body(self) -> dict:
        return {
            "code": self.code,
            "status": self.status,
            "message": self.message,
            "error": self.message,
            "errors": self.errors,
        }


def place_county(place) -> str:
    """The county FIPS of a request's place, checked against the served state and the zip."""
    served = settings.MARKETPLACE_STATE
    if place.state != served:
        raise RequestProblem(
            400,
            1002,
            _("This exchange serves %(state)s only.") % {"state": served},
            {
                "place.state": _("Must be %(state)s; this exchange serves %(state)s only.")
                % {"state": served}
            },
        )
    counties = counties_for_zip(place.zipcode, served)
    if not counties:
        raise RequestProblem(
            400,
            1001,
            _("Zip code %(zip)s is not in %(state)s.") % {"zip": place.zipcode, "state": served},
            {
                "place.zipcode": _("Zip code %(zip)s is not in %(state)s.")
                % {"zip": place.zipcode, "state": served}
            },
        )
    fips = [c.fips for c in counties]
    if place.countyfips is None:
        if len(fips) > 1:
            raise RequestProblem(
                400,
                1003,
                _("This zip code spans several counties: give place.countyfips."),
                {
                    "place.countyfips": _("Required for %(zip)s: one of %(counties)s.")
                    % {"zip": place.zipcode, "counties": ", ".join(fips)}
                },
            )
        return fips[0]
    if place.countyfips not in fips:
        raise RequestProblem(
            400,
            1001,
            _("County %(county)s does not contain zip code %(zip)s.")
            % {"county": place.countyfips, "zip": place.zipcode},
            {
                "place.countyfips": _("Zip %(zip)s lies in %(counties)s.")
                % {"zip": place.zipcode, "counties": ", ".join(fips)}
            },
        )
    return place.countyfips


def household_query(body) -> HouseholdQuery:
    """The shopping household for an API request (same rules path as the pages)."""
    county = place_county(body.place)
    people = []
    for i, person in enumerate(body.household.people):
        relationship = RELATIONSHIPS[person.relationship.lower()]
        if i == 0:
            relationship = "self"
        elif relationship == "self":
            raise RequestProblem(
                400,
                1003,
                _("Only the first person can be Self."),
                {f"household.people.{i}.relationship": _("Only the first person can be Self.")},
            )
        people.append(
            PersonInput(
                age=person.age,
                relationship=relationship,
                tobacco=person.uses_tobacco,
                pregnant=person.is_pregnant,
                aian=person.aian,
                seeking_coverage=person.seeking_coverage and not person.has_mec,
            )
        )
    if not any(p.seeking_coverage for p in people):
        raise RequestProblem(
            400,
            1003,
            _("At least one person must need coverage."),
            {"household.people": _("At least one person must need coverage.")},
        )
    return HouseholdQuery(
        zipcode=body.place.zipcode,
        countyfips=county,
        income=Decimal(body.household.income),
        people=tuple(people),
        year=body.year,
    )


def plan_filter(spec) -> PlanFilter:
    """The shopping filter for the API's `filter` object."""
    if spec is None:
        return PlanFilter()
    premium = spec.premium_range
    deductible = spec.deductible_range
    return PlanFilter(
        metal_levels=[METALS[m] for m in spec.metal_levels],
        types=list(spec.types),
        issuers=list(spec.issuers),
        premium_min=premium.min if premium else None,
        premium_max=premium.max if premium else None,
        deductible_min=deductible.min if deductible else None,
        deductible_max=deductible.max if deductible else None,
        hsa=bool(spec.hsa),
        standardized=bool(spec.standardized),
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _amounts(variant: VariantInfo | None, kind: str) -> list[dict]:
    if variant is None:
        return []
    if kind == "deductible":
        rows = [
            ("Medical EHB Deductible", variant.deductible_individual, variant.deductible_family)
        ]
        if not variant.integrated:
            rows.append(
                (
                    "Drug EHB Deductible",
                    variant.drug_deductible_individual,
                    variant.drug_deductible_family,
                )
            )
    else:
        rows = [
            (
                "Maximum Out of Pocket for Medical and Drug EHB Benefits (Total)",
                variant.moop_individual,
                variant.moop_family,
            )
        ]
    return [
        {
            "type": name,
            "amount": _number(individual),
            "csr": variant.variant,
            "individual": _number(individual),
            "family": _number(family),
        }
        for name, individual, family in rows
    ]


def plan_dict(info: PlanInfo, variant: VariantInfo | None, quote: PlanQuote | None = None) -> dict:
    """One plan in the CMS Plan shape (prices only when priced for a household)."""
    return {
        "id": info.plan_id,
        "variant_id": f"{info.plan_id}-{variant.variant if variant else '01'}",
        "name": info.name,
        "issuer": {"id": info.issuer_id, "name": info.issuer_name},
        "metal_level": METAL_NAMES.get(info.metal_level, info.metal_level),
        "type": info.plan_type,
        "year": info.year,
        "premium": _number(quote.premium) if quote else None,
        "premium_w_credit": _number(quote.premium_after_credit) if quote else None,
        "ehb_premium": _number(quote.ehb_premium) if quote else None,
        "aptc_applied": _number(quote.aptc_applied) if quote else None,
        "state_subsidy": _number(quote.state_subsidy) if quote else None,
        "state_subsidy_program": (quote.state_program_name or None) if quote else None,
        "state_program": info.state_program or None,
        "deductibles": _amounts(variant, "deductible"),
        "moops": _amounts(variant, "moop"),
        "hsa_eligible": info.hsa_eligible,
        "standardized": info.standardized,
        "design_type": "DESIGN1" if info.standardized else "NOT_APPLICABLE",
        "quality_rating": {
            "available": info.quality_rating is not None,
            "global_rating": info.quality_rating,
        },
        "estimated_yearly_costs": (
            {k: float(v) for k, v in quote.yearly_costs.items()} if quote else None
        ),
        "benefits_url": info.summary_of_benefits_url,
        "brochure_url": info.brochure_url,
        "formulary_url": info.formulary_url,
        "network_url": info.network_url,
    }


def quote_dict(quote: PlanQuote) -> dict:
    return plan_dict(quote.info, quote.variant, quote)
