"""What a plan list shows about each plan beyond its rates, held in memory per process.

The rules' `PlanOffer` carries rates and the EHB share; shoppers also need the name, the
issuer, the plan type, the badges and each CSR variant's deductible and out-of-pocket
maximum. Those are read once per (state, year) and kept until a new catalog import lands
(catalog/versioning.py), so a page or API request does no database work for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.catalog.models import Plan, PlanVariant
from marketplace.catalog.versioning import current_version, versioned_cache


@dataclass(frozen=True, slots=True)
class VariantInfo:
    """One CSR variant's yearly cost sharing (whole dollars; None = not applicable)."""

    variant: str
    actuarial_value: Decimal | None
    deductible_individual: Decimal | None
    deductible_family: Decimal | None
    drug_deductible_individual: Decimal | None
    drug_deductible_family: Decimal | None
    moop_individual: Decimal | None
    moop_family: Decimal | None
    integrated: bool


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """A plan as the shopper sees it (the 14-character standard component id)."""

    plan_id: str
    year: int
    name: str
    issuer_id: str
    issuer_name: str
    metal_level: str
    plan_type: str
    hsa_eligible: bool
    standardized: bool
    quality_rating: int | None
    ehb_share: Decimal
    network_url: str
    formulary_url: str
    brochure_url: str
    summary_of_benefits_url: str
    variants: dict[str, VariantInfo]
    #: The state program whose own plan this is (Plan.state_program), or "".
    state_program: str = ""
    #: State cost-sharing level -> variant (Plan.state_variants).
    state_variants: Mapping[str, str] = field(default_factory=dict)

    def variant_for(self, code: str) -> VariantInfo | None:
        """The variant `code`, or the standard one (01) when the plan has no such variant."""
        return (
            self.variants.get(code)
            or self.variants.get("01")
            or next(iter(self.variants.values()), None)
        )


_cache: dict[tuple[str, int], dict[str, PlanInfo]] = versioned_cache()


def _variant(row: PlanVariant) -> VariantInfo:
    return VariantInfo(
        variant=row.variant,
        actuarial_value=row.actuarial_value,
        deductible_individual=row.medical_deductible_individual,
        deductible_family=row.medical_deductible_family,
        drug_deductible_individual=row.drug_deductible_individual,
        drug_deductible_family=row.drug_deductible_family,
        moop_individual=row.moop_individual,
        moop_family=row.moop_family,
        integrated=row.deductibles_integrated,
    )


def load_plan_infos(state: str, year: int) -> dict[str, PlanInfo]:
    """Read every plan of `state` and `year` with its variants (two queries)."""
    variants: dict[int, dict[str, VariantInfo]] = {}
    for row in PlanVariant.objects.filter(plan__state=state, plan__year=year):
        variants.setdefault(row.plan_id, {})[row.variant] = _variant(row)
    infos = {}
    for plan in Plan.objects.filter(state=state, year=year).select_related("issuer"):
        infos[plan.standard_component_id] = PlanInfo(
            plan_id=plan.standard_component_id,
            year=plan.year,
            name=plan.name,
            issuer_id=plan.issuer.hios_id,
            issuer_name=plan.issuer.name,
            metal_level=plan.metal_level,
            plan_type=plan.plan_type,
            hsa_eligible=plan.is_hsa_eligible,
            standardized=plan.is_standardized,
            quality_rating=plan.quality_rating,
            ehb_share=plan.ehb_percent_of_premium,
            network_url=plan.network_url,
            formulary_url=plan.formulary_url,
            brochure_url=plan.brochure_url,
            summary_of_benefits_url=plan.summary_of_benefits_url,
            variants=variants.get(plan.pk, {}),
            state_program=plan.state_program,
            state_variants=dict(plan.state_variants or {}),
        )
    return infos


def plan_infos(state: str, year: int) -> dict[str, PlanInfo]:
    """The cached plans of `state` and `year`, by plan id."""
    current_version()
    found = _cache.get((state, year))
    if found is None:
        found = _cache[(state, year)] = load_plan_infos(state, year)
    return found


def clear_cache() -> None:
    """Forget every cached plan (tests)."""
    _cache.clear()
