"""Request and response shapes, after the CMS Marketplace API (features.md section 2).

Field names follow CMS (`uses_tobacco`, `is_pregnant`, `premium_w_credit`, ...). Our
additions are marked "extension" in their descriptions.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from aca_rules import SUPPORTED_YEARS

#: Every relationship CMS lists for 2020 and 2021 (the 2021 list is the 2020 one less eight),
#: plus the short names this API took before (compatibility).
Relationship = Literal[
    "Self",
    "Spouse",
    "Child",
    "Adopted Child",
    "Foster Child",
    "Stepson or Stepdaughter",
    "Ward",
    "Grandson or Granddaughter",
    "Nephew or Niece",
    "Brother or Sister",
    "Life Partner",
    "Ex-Spouse",
    "Collateral Dependent",
    "Sponsored Dependent",
    "Dependent of a Minor Dependent",
    "Court Appointed Guardian",
    "Guardian",
    "Stepparent",
    "Annultant",
    "Brother-in-Law or Sister-in-Law",
    "Son-in-Law or Daughter-in-Law",
    "Other Relative",
    "Other Relationship",
    "Stepchild",
    "Grandchild",
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
SortField = Literal["premium", "deductible", "oopc", "total_costs", "quality_rating"]
UtilizationLevel = Literal["Low", "Medium", "High"]
Gender = Literal["Male", "Female"]
Market = Literal["Individual", "SHOP", "Any"]
CsrOverride = Literal["CSR73", "CSR87", "CSR94", "LimitedCSR", "ZeroCSR"]
DesignType = Literal["DESIGN1", "DESIGN2", "DESIGN3", "DESIGN4", "DESIGN5", "NOT_APPLICABLE"]
Division = Literal["HealthCare", "Dental"]
#: The plan years the rules engine has parameters for (aca_rules.SUPPORTED_YEARS).
FIRST_YEAR, LAST_YEAR = min(SUPPORTED_YEARS), max(SUPPORTED_YEARS)
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PLAN_ID = r"^[0-9]{5}[A-Z]{2}[0-9]{7}$"
#: The most a request can say a household earns or a credit is (USD): beyond any real one.
MAX_MONEY = 100_000_000


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


class CurrentEnrollmentIn(Schema):
    """CMS CurrentEnrollment: accepted; it changes nothing here (no CIC re-rating)."""

    plan_id: str = Field(pattern=PLAN_ID)
    effective_date: date
    uses_tobacco: bool


class PersonIn(Schema):
    """CMS Person. `age` or `dob` is needed (age wins when both are given)."""

    age: int | None = Field(
        None, ge=0, le=120, description="Age on the coverage start date; required if no dob"
    )
    dob: date | None = Field(
        None, description="Date of birth (YYYY-MM-DD); the age on the effective date is used"
    )
    uses_tobacco: bool = False
    last_tobacco_use_date: date | None = Field(
        None,
        description="Last regular tobacco use; within 6 months of the effective date "
        "counts as tobacco use (45 CFR 147.102(a)(1)(iv))",
    )
    is_pregnant: bool = False
    pregnant_with: int | None = Field(None, ge=0, le=10, description="> 0 means is_pregnant")
    is_parent: bool = Field(False, description="Accepted; the relationships decide")
    gender: Gender | None = Field(None, description="Accepted; never used in rating")
    utilization_level: UtilizationLevel | None = Field(
        None, description="This person's use of care for total_costs and oopc"
    )
    relationship: Relationship | None = Field(
        None, description="Optional: the first person is the subscriber (Self); see ADR 0401"
    )
    does_not_cohabitate: bool = Field(False, description="Accepted; changes nothing here")
    aptc_eligible: bool = Field(True, description="False: no tax credit for this person")
    has_mec: bool = Field(False, description="Has other minimum essential coverage")
    current_enrollment: CurrentEnrollmentIn | None = None
    aian: bool = Field(False, description="American Indian or Alaska Native (extension)")
    seeking_coverage: bool = Field(True, description="Needs coverage (extension)")


class HouseholdIn(Schema):
    income: Decimal = Field(ge=0, le=MAX_MONEY, description="Yearly household MAGI, USD")
    people: list[PersonIn] = Field(
        min_length=1, max_length=10, description="The first person is the subscriber"
    )
    has_married_couple: bool = Field(
        False, description="Without relationships, the second person is the first's spouse"
    )
    effective_date: date | None = Field(
        None, description="Coverage start; default January 1 of the year (ages and tobacco)"
    )
    unemployment_received: Literal["Adult", "Dependent", "None"] | None = Field(
        None, description="Accepted; it only changed 2021 estimates, a year not served here"
    )


class PlaceIn(Schema):
    countyfips: str | None = Field(
        None,
        pattern=r"^\d{5}$",
        examples=["25025"],
        description="Optional here (extension): needed only when the zip spans counties",
    )
    state: str = Field(pattern=r"^[A-Z]{2}$", examples=["MA"])
    zipcode: str = Field(pattern=r"^\d{5}$", examples=["02108"])


class EligibilityIn(Schema):
    household: HouseholdIn
    place: PlaceIn
    year: int | None = Field(
        None, ge=FIRST_YEAR, le=LAST_YEAR, description="Plan year; default: the current one"
    )
    market: Market = Field("Individual", description="Individual market only here")


class MemberEstimate(Schema):
    aptc: float = Field(description="Household's maximum monthly APTC (CMS repeats it per member)")
    csr: str | None = Field(
        description='CMS names: "94% AV Level Silver Plan CSR", ..., "Zero Cost Sharing Plan '
        'Variation", "Limited Cost Sharing Plan Variation", or null'
    )
    csr_level: str | None = Field(
        None, description='Our short code: "94", "87", "73", "zero", "limited" (extension)'
    )
    is_medicaid_chip: bool
    in_coverage_gap: bool = False
    hardship_exemption: bool = False


class EstimatesOut(Schema):
    estimates: list[MemberEstimate]
    determination: dict = Field(description="The `marketplace estimate` output (extension)")


class Range(Schema):
    min: Decimal | None = Field(None, ge=0, le=MAX_MONEY)
    max: Decimal | None = Field(None, ge=0, le=MAX_MONEY)


class PlanSearchFilter(Schema):
    """CMS PlanSearchFilter. Filters on data this exchange does not hold (drugs, providers,
    dental coverage, disease programs, Simple Choice) are accepted empty or false; asked
    for, they are refused with a message naming the field rather than ignored."""

    metal_levels: list[MetalLevel] = Field(default_factory=list)
    metal_level: MetalLevel | None = None
    types: list[PlanType] = Field(default_factory=list)
    type: PlanType | None = None
    issuers: list[str] = Field(default_factory=list, description="HIOS issuer ids or names")
    issuer: str | None = Field(None, description="An issuer's HIOS id or name")
    design_types: list[DesignType] = Field(default_factory=list)
    premium_range: Range | None = Field(None, description="Monthly premium after credit")
    premium: Decimal | None = Field(
        None, ge=0, le=MAX_MONEY, description="At most this monthly premium after credit"
    )
    deductible_range: Range | None = None
    deductible: Decimal | None = Field(None, ge=0, le=MAX_MONEY, description="At most this")
    hsa: bool | None = None
    quality_rating: int | None = Field(None, ge=0, le=5, description="At least this rating")
    division: Division | None = Field(None, description="HealthCare only here")
    standardized: bool | None = Field(None, description="Standardized plans only (extension)")
    simple_choice: bool | None = None
    child_dental_coverage: bool | None = None
    adult_dental_coverage: bool | None = None
    drugs: list[str] = Field(default_factory=list, max_length=100, description="RxCUIs")
    providers: list[str] = Field(default_factory=list, max_length=100, description="NPIs")
    disease_mgmt_programs: list[str] = Field(default_factory=list, max_length=20)


class PlanSearchIn(EligibilityIn):
    filter: PlanSearchFilter | None = None
    sort: SortField = "premium"
    order: Literal["asc", "desc"] = "asc"
    offset: int = Field(0, ge=0, le=10_000)
    limit: int = Field(10, ge=1, le=100)
    utilization_level: UtilizationLevel = Field(
        "Medium", description="Use level for sort=total_costs and oopc (extension)"
    )
    aptc_override: Decimal | None = Field(
        None, ge=0, le=MAX_MONEY, description="Monthly APTC to apply instead of the estimate"
    )
    csr_override: CsrOverride | None = Field(None, description="CSR variant to price with")
    catastrophic_override: bool | None = Field(
        None, description="true: show catastrophic plans; false: hide them"
    )
    suppressed_plan_ids: list[str] = Field(
        default_factory=list, max_length=1000, description="Plans to leave out"
    )


class Issuer(Schema):
    id: str
    name: str


class CostAmount(Schema):
    """CMS Deductible / MOOP: one amount, for an individual or for a family."""

    type: str = Field(description='"Medical EHB Deductible", "Drug EHB Deductible", ...')
    amount: float | None
    csr: str = Field(description='CMS name of the variant, e.g. "Exchange variant (no CSR)"')
    family_cost: Literal["Individual", "Family"]
    network_tier: Literal["In-Network"] = "In-Network"
    individual: bool = Field(description="The amount applies to one person")
    family: bool = Field(description="The amount applies to a family")
    display_string: str = ""
    variant: str = Field(description='The plan variant code, e.g. "01", "06" (extension)')


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
    premium_w_credit: float | None = Field(description="After the applied APTC")
    ehb_premium: float | None
    aptc_applied: float | None = Field(description="Never more than ehb_premium (extension)")
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
