"""Request and response shapes, after the CMS Marketplace API (features.md section 2).

Field names follow CMS (`uses_tobacco`, `is_pregnant`, `premium_w_credit`, ...). Our
additions are marked "extension" in their descriptions.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import annotated_types
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, StrictBool, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from aca_rules import ANSWERED_YEARS

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
#: The plan years the rules engine answers for (aca_rules.ANSWERED_YEARS: a value in force for
#: every parameter it needs; ADR 0103).
FIRST_YEAR, LAST_YEAR = min(ANSWERED_YEARS), max(ANSWERED_YEARS)
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PLAN_ID = r"^[0-9]{5}[A-Z]{2}[0-9]{7}$"
#: The most a request can say a household earns or a credit is (USD): beyond any real one.
MAX_MONEY = 100_000_000


def _json_number(value):
    """A JSON number, never a string or a boolean: what the OpenAPI document says."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


def _iso_date(value):
    """A YYYY-MM-DD string (OpenAPI `format: date`), never a number or a date-time."""
    if not isinstance(value, str) or not re.fullmatch(ISO_DATE, value):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


#: Request types that take exactly what the OpenAPI document says (ADR 0402): pydantic's
#: lax mode would also take "52000" for a number, 1 for true, or 1700000000 for a date.
Money = Annotated[
    Decimal,
    BeforeValidator(_json_number),
    annotated_types.Interval(ge=0, le=MAX_MONEY),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_MONEY}, mode="validation"),
]
Day = Annotated[date, BeforeValidator(_iso_date)]


def _json_integer(value):
    """A JSON integer: 40 or 40.0 (JSON Schema counts both), never "40", 40.5 or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def whole(ge: int, le: int):
    """A JSON integer from `ge` to `le` (the bounds in the OpenAPI document too)."""
    return Annotated[int, annotated_types.Interval(ge=ge, le=le), BeforeValidator(_json_integer)]


Bool = StrictBool


class InputObject(Schema):
    """A request object: only a JSON object is one (ninja's Schema would read the fields of
    a list or a number as attributes and find every optional field at its default)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        sent = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(sent, dict):
            raise PydanticCustomError(
                "model_type",
                "Input should be a valid dictionary or instance of {class_name}",
                {"class_name": cls.__name__},
            )
        return data


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


class CurrentEnrollmentIn(InputObject):
    """CMS CurrentEnrollment: accepted; it changes nothing here (no CIC re-rating)."""

    plan_id: str = Field(pattern=PLAN_ID)
    effective_date: Day
    uses_tobacco: Bool


class PersonIn(InputObject):
    """CMS Person. `age` or `dob` is needed (age wins when both are given)."""

    model_config = {
        "json_schema_extra": {
            "anyOf": [
                {"required": ["age"], "properties": {"age": {"type": "integer"}}},
                {"required": ["dob"], "properties": {"dob": {"type": "string"}}},
            ]
        }
    }

    age: whole(0, 120) | None = Field(
        None, description="Age on the coverage start date; required if no dob"
    )
    dob: Day | None = Field(
        None, description="Date of birth (YYYY-MM-DD); the age on the effective date is used"
    )
    uses_tobacco: Bool = False
    last_tobacco_use_date: Day | None = Field(
        None,
        description="Last regular tobacco use; within 6 months of the effective date "
        "counts as tobacco use (45 CFR 147.102(a)(1)(iv))",
    )
    is_pregnant: Bool = False
    pregnant_with: whole(0, 10) | None = Field(None, description="> 0 means is_pregnant")
    is_parent: Bool = Field(False, description="Accepted; the relationships decide")
    gender: Gender | None = Field(None, description="Accepted; never used in rating")
    utilization_level: UtilizationLevel | None = Field(
        None, description="This person's use of care for total_costs and oopc"
    )
    relationship: Relationship | None = Field(
        None, description="Optional: the first person is the subscriber (Self); see ADR 0401"
    )
    does_not_cohabitate: Bool = Field(False, description="Accepted; changes nothing here")
    aptc_eligible: Bool = Field(True, description="False: no tax credit for this person")
    has_mec: Bool = Field(False, description="Has other minimum essential coverage")
    current_enrollment: CurrentEnrollmentIn | None = None
    aian: Bool = Field(False, description="American Indian or Alaska Native (extension)")
    seeking_coverage: Bool = Field(True, description="Needs coverage (extension)")

    @model_validator(mode="after")
    def _age_or_dob(self):
        if self.age is None and self.dob is None:
            raise PydanticCustomError("age_or_dob", "Give age or dob (YYYY-MM-DD).")
        return self


class HouseholdIn(InputObject):
    income: Money = Field(description="Yearly household MAGI, USD")
    people: list[PersonIn] = Field(
        min_length=1, max_length=10, description="The first person is the subscriber"
    )
    has_married_couple: Bool = Field(
        False, description="Without relationships, the second person is the first's spouse"
    )
    effective_date: Day | None = Field(
        None, description="Coverage start; default January 1 of the year (ages and tobacco)"
    )
    unemployment_received: Literal["Adult", "Dependent", "None"] | None = Field(
        None, description="Accepted; it only changed 2021 estimates, a year not served here"
    )


class PlaceIn(InputObject):
    countyfips: str | None = Field(
        None,
        pattern=r"^[0-9]{5}$",
        examples=["25025"],
        description="Optional here (extension): needed only when the zip spans counties",
    )
    state: str = Field(pattern=r"^[A-Z]{2}$", examples=["MA"])
    zipcode: str = Field(pattern=r"^[0-9]{5}$", examples=["02108"])


class EligibilityIn(InputObject):
    household: HouseholdIn
    place: PlaceIn
    year: whole(FIRST_YEAR, LAST_YEAR) | None = Field(
        None, description="Plan year; default: the current one"
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


class Range(InputObject):
    min: Money | None = Field(None)
    max: Money | None = Field(None)


class PlanSearchFilter(InputObject):
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
    premium: Money | None = Field(None, description="At most this monthly premium after credit")
    deductible_range: Range | None = None
    deductible: Money | None = Field(None, description="At most this")
    hsa: Bool | None = None
    quality_rating: whole(0, 5) | None = Field(None, description="At least this rating")
    division: Division | None = Field(None, description="HealthCare only here")
    standardized: Bool | None = Field(None, description="Standardized plans only (extension)")
    simple_choice: Bool | None = None
    child_dental_coverage: Bool | None = None
    adult_dental_coverage: Bool | None = None
    drugs: list[str] = Field(default_factory=list, max_length=100, description="RxCUIs")
    providers: list[str] = Field(default_factory=list, max_length=100, description="NPIs")
    disease_mgmt_programs: list[str] = Field(default_factory=list, max_length=20)


class PlanSearchIn(EligibilityIn):
    filter: PlanSearchFilter | None = None
    sort: SortField = "premium"
    order: Literal["asc", "desc"] = "asc"
    offset: whole(0, 10_000) = Field(0)
    limit: whole(1, 100) = Field(10)
    utilization_level: UtilizationLevel = Field(
        "Medium", description="Use level for sort=total_costs and oopc (extension)"
    )
    aptc_override: Money | None = Field(
        None, description="Monthly APTC to apply instead of the estimate"
    )
    csr_override: CsrOverride | None = Field(None, description="CSR variant to price with")
    catastrophic_override: Bool | None = Field(
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


class CrosswalkOut(Schema):
    """CMS's `GET /crosswalk` answer: where the enrollees of a plan go the next year, as the
    issuer filed it in the Plan ID Crosswalk for the place asked about."""

    new_plan_id: str | None = Field(
        description="The next year's plan (14 characters); null when the plan is not "
        "crosswalked there: the enrollee must choose a plan",
        examples=["12345MA0010001"],
    )
    level: str = Field(
        description="CrosswalkLevel as filed: 0 not crosswalked, 1 the same plan, 2 another "
        "plan of the same product, 3 a plan of another product of the same issuer, 4 a plan "
        "of another issuer",
        examples=["1"],
    )
    reason: str = Field(description="ReasonForCrosswalk as filed", examples=["Renewing plan"])
    level_description: str = Field(
        description="extension: the level in words, in the request's language"
    )
    new_year: int = Field(description="extension: the plan year of new_plan_id")
