"""Request and response shapes, after the CMS Marketplace API (features.md section 2).

Field names follow CMS (`uses_tobacco`, `is_pregnant`, `premium_w_credit`, ...). Our
additions are marked "extension" in their descriptions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

Relationship = Literal[
    "Self",
    "Spouse",
    "Child",
    "Stepchild",
    "Foster Child",
    "Grandchild",
    "Other Relative",
    "Other Dependent",
    "self",
    "spouse",
    "child",
    "other_dependent",
]
MetalLevel = Literal[
    "Catastrophic",
    "Expanded Bronze",
    "Bronze",
    "Silver",
    "Gold",
    "Platinum",
]
PlanType = Literal["HMO", "PPO", "EPO", "POS", "Indemnity"]
SortField = Literal["premium", "deductible", "total_costs", "quality_rating"]
UtilizationLevel = Literal["Low", "Medium", "High"]


class ErrorOut(Schema):
    """CMS error object, plus field-level messages."""

    code: int = Field(description="CMS error code: 1001 county, 1002 state, 1003 input, 1006 plan")
    status: int
    message: str
    error: str
    errors: dict[str, str] = Field(default_factory=dict, description="field path -> message")


class MarketYearsOut(Schema):
    years: list[int]
    current: int | None


class County(Schema):
    fips: str = Field(examples=["25025"])
    name: str = Field(examples=["Suffolk County"])
    state: str = Field(examples=["MA"])
    zipcode: str = Field(examples=["02108"])


class CountiesOut(Schema):
    counties: list[County]


class PersonIn(Schema):
    age: int = Field(ge=0, le=120, description="Age in years on the coverage start date")
    uses_tobacco: bool = False
    is_pregnant: bool = False
    relationship: Relationship = "Self"
    has_mec: bool = Field(False, description="Has other minimum essential coverage")
    aian: bool = Field(False, description="American Indian or Alaska Native (extension)")
    seeking_coverage: bool = Field(True, description="Needs coverage (extension)")


class HouseholdIn(Schema):
    income: Decimal = Field(ge=0, le=100_000_000, description="Yearly household MAGI, USD")
    people: list[PersonIn] = Field(min_length=1, max_length=10)
    has_married_couple: bool = False


class PlaceIn(Schema):
    countyfips: str | None = Field(None, pattern=r"^\d{5}$", examples=["25025"])
    state: str = Field(pattern=r"^[A-Z]{2}$", examples=["MA"])
    zipcode: str = Field(pattern=r"^\d{5}$", examples=["02108"])


class EligibilityIn(Schema):
    household: HouseholdIn
    place: PlaceIn
    year: int | None = Field(None, ge=2014, le=2100, description="Plan year; default: current")


class MemberEstimate(Schema):
    aptc: float = Field(description="Household's maximum monthly APTC (CMS repeats it per member)")
    csr: str | None = Field(description='"94", "87", "73", "zero", "limited" or null')
    is_medicaid_chip: bool
    in_coverage_gap: bool = False
    hardship_exemption: bool = False


class EstimatesOut(Schema):
    estimates: list[MemberEstimate]
    determination: dict = Field(description="The `marketplace estimate` output (extension)")


class Range(Schema):
    min: Decimal | None = Field(None, ge=0)
    max: Decimal | None = Field(None, ge=0)


class PlanSearchFilter(Schema):
    metal_levels: list[MetalLevel] = Field(default_factory=list)
    types: list[PlanType] = Field(default_factory=list)
    issuers: list[str] = Field(default_factory=list, description="HIOS issuer ids or names")
    premium_range: Range | None = Field(None, description="Monthly premium after credit")
    deductible_range: Range | None = None
    hsa: bool | None = None
    standardized: bool | None = Field(None, description="Standardized plans only (extension)")


class PlanSearchIn(EligibilityIn):
    filter: PlanSearchFilter | None = None
    sort: SortField = "premium"
    order: Literal["asc", "desc"] = "asc"
    offset: int = Field(0, ge=0, le=10_000)
    limit: int = Field(10, ge=1, le=100)
    utilization_level: UtilizationLevel = Field(
        "Medium", description="Use level for sort=total_costs (extension)"
    )


class Issuer(Schema):
    id: str
    name: str


class CostAmount(Schema):
    type: str = Field(description='"Medical EHB Deductible", "Drug EHB Deductible", ...')
    amount: float | None
    csr: str = Field(description="The CSR variant these amounts belong to")
    individual: float | None
    family: float | None


class QualityRating(Schema):
    available: bool
    global_rating: int | None


class YearlyCosts(Schema):
    low: float
    medium: float
    high: float


class PlanOut(Schema):
    id: str = Field(description="14-character HIOS standard component id")
    variant_id: str = Field(description="16-character plan id with the household's CSR variant")
    name: str
    issuer: Issuer
    metal_level: str
    type: str
    year: int
    premium: float | None = Field(description="Monthly premium for the household, USD")
    premium_w_credit: float | None = Field(
        description="What the household pays a month: after the applied APTC and, in a state "
        "with its own premium program, the state's subsidy (state_subsidy; ADR 0801)"
    )
    ehb_premium: float | None
    aptc_applied: float | None = Field(description="Never more than ehb_premium (extension)")
    state_subsidy: float | None = Field(
        default=None,
        description="The state's monthly premium subsidy on this plan (ConnectorCare, Vermont "
        "Premium Assistance), already taken off premium_w_credit; 0 when none (extension)",
    )
    state_subsidy_program: str | None = Field(
        default=None,
        description="The state program paying state_subsidy, e.g. ConnectorCare (extension)",
    )
    state_program: str | None = Field(
        default=None,
        description="The state program whose own plan this is (ma_connectorcare), offered only "
        "to households in it; null for an ordinary plan (extension)",
    )
    deductibles: list[CostAmount]
    moops: list[CostAmount]
    hsa_eligible: bool
    standardized: bool = Field(description="Standardized plan (design_type) badge")
    design_type: str
    quality_rating: QualityRating
    estimated_yearly_costs: YearlyCosts | None = Field(
        description="12 x premium_w_credit + expected out-of-pocket (extension; ADR 0400)"
    )
    benefits_url: str = ""
    brochure_url: str = ""
    formulary_url: str = ""
    network_url: str = ""


class PlanSearchOut(Schema):
    plans: list[PlanOut]
    total: int
    offset: int
    limit: int
    aptc: float = Field(description="The household's maximum monthly APTC")
    csr: str | None
    ranges: dict


class PlanDetailOut(Schema):
    plan: PlanOut
    benefits: list[dict] = Field(description="The 11 compare visit types for this variant")
