"""What the readers hand the importer: plain records, no database ids yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class IssuerRecord:
    hios_id: str
    state: str
    name: str


@dataclass
class PlanRecord:
    """One plan (14-character standard component id) from Plan Attributes."""

    standard_component_id: str
    state: str
    issuer_id: str
    name: str
    hios_product_id: str
    network_id: str
    service_area_id: str
    formulary_id: str
    market_coverage: str
    plan_type: str
    metal_level: str
    is_new: bool
    is_hsa_eligible: bool
    is_standardized: bool
    ehb_percent_of_premium: Decimal
    quality_rating: int | None = None
    formulary_url: str = ""
    brochure_url: str = ""
    summary_of_benefits_url: str = ""
    network_url: str = ""
    row: int = 0  # where it was read, for messages
    #: From the state supplement (state_programs.py): the program whose own plan this is,
    #: and state cost-sharing level -> variant.
    state_program: str = ""
    state_variants: dict[str, str] = field(default_factory=dict)


@dataclass
class VariantRecord:
    """One plan variant (the 16-character plan id) from Plan Attributes; money in dollars."""

    standard_component_id: str
    variant: str
    name: str
    csr_variation_type: str
    actuarial_value: Decimal | None
    deductibles_integrated: bool
    moop_integrated: bool
    medical_deductible_individual: Decimal | None
    medical_deductible_family: Decimal | None
    drug_deductible_individual: Decimal | None
    drug_deductible_family: Decimal | None
    moop_individual: Decimal | None
    moop_family: Decimal | None
    drug_moop_individual: Decimal | None
    drug_moop_family: Decimal | None


@dataclass
class ServiceAreaRecord:
    issuer_id: str
    state: str
    service_area_id: str
    name: str
    covers_entire_state: bool = False
    #: county FIPS -> covered zip codes of a partial county (None: the whole county)
    counties: dict[str, list[str] | None] = field(default_factory=dict)


#: A Rate PUF row, checked: (standard component id, state, rating area number,
#: effective date, expiration date (ISO text), age_min, age_max, individual rate, tobacco
#: rate, couple, primary + 1, primary + 2, primary + 3 or more, couple + 1, couple + 2,
#: couple + 3 or more). Rates are decimal text.
RateRow = tuple

#: A Benefits and Cost Sharing row: (standard component id, variant, benefit name,
#: is_covered, is_ehb, copay in network, coinsurance in network, copay out of network,
#: coinsurance out of network, limit quantity, limit unit, exclusions, explanation).
BenefitRow = tuple


@dataclass
class Geography:
    """Our own geography files (docs/howto/load-plans.md)."""

    counties: list[tuple[str, str, str]] = field(default_factory=list)  # state, fips, name
    zip_counties: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # zip, state, fips, city
    #: (state, rating area number, county fips or "", zip3 or "")
    rating_area_rules: list[tuple[str, int, str, str]] = field(default_factory=list)

    @property
    def zip_states(self) -> set[str]:
        return {row[1] for row in self.zip_counties}

    @property
    def rating_area_states(self) -> set[str]:
        return {row[0] for row in self.rating_area_rules}


@dataclass
class FileInfo:
    sha256: str
    rows: int
    kind: str


@dataclass
class PufBundle:
    """Everything one import writes, all checked."""

    year: int
    source: str
    states: set[str]
    issuers: dict[str, IssuerRecord]
    plans: dict[str, PlanRecord]
    variants: list[VariantRecord]
    service_areas: dict[tuple[str, str], ServiceAreaRecord]
    rates: list[RateRow]
    benefits: list[BenefitRow]
    geography: Geography
    files: dict[str, FileInfo]
    skipped: dict[str, int]
    #: Plan ID Crosswalk PUF rows into this year (puf/crosswalk.py CrosswalkRecord).
    crosswalk: list = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "issuers": len(self.issuers),
            "plans": len(self.plans),
            "variants": len(self.variants),
            "state_program_plans": sum(1 for p in self.plans.values() if p.state_program),
            "state_variant_levels": sum(len(p.state_variants) for p in self.plans.values()),
            "service_areas": len(self.service_areas),
            "rates": len(self.rates),
            "benefits": len(self.benefits),
            "counties": len(self.geography.counties),
            "zip_counties": len(self.geography.zip_counties),
            "rating_area_rules": len(self.geography.rating_area_rules),
            "crosswalk": len(self.crosswalk),
            **{f"skipped_{key}": value for key, value in sorted(self.skipped.items())},
        }
