"""The Plan Attributes PUF (docs/puf-and-834.md A.2): issuers, plans and plan variants.

Only the Individual market is read; dental-only plans and off-exchange variants (-00) are
skipped and counted. Plan-level values come from the plan's first on-exchange variant row.

Standardized plans: a plan is standardized when `DesignType` starts with "Standard"
(e.g. "Standardized Plan Option"; "Not Applicable" and "Non-Standardized" are not), or
when an optional `StandardizedPlanOption` / `IsStandardizedPlan` column says Yes.
Quality rating: an optional `QualityRating` column (1-5), or the Quality PUF (quality.py).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.problems import Problems
from marketplace.catalog.puf.records import IssuerRecord, PlanRecord, VariantRecord

REQUIRED = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "IssuerMarketPlaceMarketingName",
    "MarketCoverage",
    "DentalOnlyPlan",
    "StandardComponentId",
    "PlanMarketingName",
    "HIOSProductId",
    "ServiceAreaId",
    "PlanType",
    "MetalLevel",
    "PlanId",
]
MONEY_COLUMNS = [
    f"{prefix}{kind}"
    for prefix in ("TEHB", "MEHB", "DEHB")
    for kind in (
        "DedInnTier1Individual",
        "DedInnTier1FamilyPerGroup",
        "InnTier1IndividualMOOP",
        "InnTier1FamilyPerGroupMOOP",
    )
]
OPTIONAL = [
    "NetworkId",
    "FormularyId",
    "IsNewPlan",
    "CSRVariationType",
    "PlanVariantMarketingName",
    "IsHSAEligible",
    "EHBPercentTotalPremium",
    "DesignType",
    "StandardizedPlanOption",
    "IsStandardizedPlan",
    "QualityRating",
    "FormularyURL",
    "PlanBrochure",
    "URLForSummaryofBenefitsCoverage",
    "NetworkURL",
    "IssuerActuarialValue",
    "MedicalDrugDeductiblesIntegrated",
    "MedicalDrugMaximumOutofPocketIntegrated",
    *MONEY_COLUMNS,
]

METAL_LEVELS = {
    "bronze": "bronze",
    "expanded bronze": "expanded_bronze",
    "silver": "silver",
    "gold": "gold",
    "platinum": "platinum",
    "catastrophic": "catastrophic",
}
DENTAL_METALS = {"high", "low"}
PLAN_TYPES = {"hmo": "HMO", "ppo": "PPO", "epo": "EPO", "pos": "POS", "indemnity": "Indemnity"}
VARIANTS = {"01", "02", "03", "04", "05", "06"}
SILVER_ONLY = {"04", "05", "06"}
PLAN_ID = re.compile(r"^(\d{5}[A-Z]{2}\d{7})-(\d{2})$")
SCI = re.compile(r"^\d{5}[A-Z]{2}\d{7}$")


class PlanAttributes:
    """The result of reading Plan Attributes."""

    def __init__(self):
        self.issuers: dict[str, IssuerRecord] = {}
        self.plans: dict[str, PlanRecord] = {}
        self.variants: list[VariantRecord] = []
        self.skipped_plan_ids: set[str] = set()  # standard component ids skipped as a whole
        self.skipped_variant_ids: set[str] = set()
        self.skipped: Counter = Counter()
        self.rows = 0


def read_plan_attributes(table: Table, year: int, problems: Problems) -> PlanAttributes:
    """Check every row of the Plan Attributes PUF (docs/puf-and-834.md A.2): one plan per
    standard component id, its issuer, and one variant per on-exchange plan id; dental-only,
    non-individual and off-exchange rows are skipped and counted."""
    result = PlanAttributes()
    cols = table.columns(problems, REQUIRED, OPTIONAL)
    if any(cols[c] is None for c in REQUIRED):
        return result
    seen_variants: dict[str, int] = {}
    year_rows = PlanYearRows(table, cols, year, problems)
    name = table.name

    def cell(row, column, default=""):
        position = cols[column]
        return row[position].strip() if position is not None and position < len(row) else default

    for number, row in year_rows:
        sci = cell(row, "StandardComponentId")
        checked = _variant_of(row, number, cell, sci, seen_variants, result, name, problems)
        if checked is None:
            continue
        variant, metal = checked
        if sci not in result.plans:
            plan = _plan(row, number, cell, sci, metal, name, problems)
            if plan is None:
                continue
            result.plans[sci] = plan
            _add_issuer(
                result, plan, cell(row, "IssuerMarketPlaceMarketingName"), number, name, problems
            )
        variant_record = _variant(row, number, cell, sci, variant, name, problems)
        if variant_record is not None:
            result.variants.append(variant_record)
    result.rows = year_rows.read
    return result


def _variant_of(row, number, cell, sci, seen_variants, result, name, problems) -> tuple | None:
    """The row's variant and metal level, or None when the row is skipped (dental-only,
    not individual market, off exchange: counted) or wrong (a problem): the plan id must be
    the standard component id and a known variant, once, the metal level known, and the
    CSR variants silver only (45 CFR 156.420)."""
    market = cell(row, "MarketCoverage")
    metal_text = cell(row, "MetalLevel").lower()
    plan_id = cell(row, "PlanId")
    try:
        dental = values.yes_no(cell(row, "DentalOnlyPlan"), default=False)
    except ValueError as exc:
        return problems.add(name, number, "DentalOnlyPlan", str(exc))
    if dental or metal_text in DENTAL_METALS or market.lower() != "individual":
        kind = "dental_only" if dental or metal_text in DENTAL_METALS else "non_individual"
        result.skipped[f"{kind}_variants"] += 1
        result.skipped_plan_ids.add(sci)
        return None
    match = PLAN_ID.match(plan_id)
    if not match:
        message = f"not a plan id with variant (e.g. 12345MA0010001-01): {plan_id!r}"
        return problems.add(name, number, "PlanId", message)
    if match.group(1) != sci:
        message = f"{plan_id!r} does not start with StandardComponentId {sci!r}"
        return problems.add(name, number, "PlanId", message)
    if plan_id in seen_variants:
        message = f"duplicate row: {plan_id} is also on row {seen_variants[plan_id]}"
        return problems.add(name, number, "PlanId", message)
    seen_variants[plan_id] = number
    variant = match.group(2)
    if variant == "00":
        result.skipped["off_exchange_variants"] += 1
        result.skipped_variant_ids.add(plan_id)
        return None
    if variant not in VARIANTS:
        return problems.add(name, number, "PlanId", f"unknown variant {variant!r}")
    metal = METAL_LEVELS.get(metal_text)
    if metal is None:
        message = f"unknown metal level {cell(row, 'MetalLevel')!r}"
        return problems.add(name, number, "MetalLevel", message)
    if variant in SILVER_ONLY and metal != "silver":
        message = f"variant {variant} exists only for silver plans"
        return problems.add(name, number, "PlanId", message)
    return variant, metal


def _add_issuer(result, plan, marketing_name, number, name, problems) -> None:
    """Keep the plan's issuer, named by its first plan; an issuer is in one state only."""
    issuer_id = plan.issuer_id
    if issuer_id not in result.issuers:
        result.issuers[issuer_id] = IssuerRecord(issuer_id, plan.state, marketing_name)
    elif result.issuers[issuer_id].state != plan.state:
        message = f"issuer {issuer_id} is in {result.issuers[issuer_id].state}"
        problems.add(name, number, "StateCode", message)


def _plan(row, number, cell, sci, metal, name, problems) -> PlanRecord | None:
    """The plan of a standard component id, from its first on-exchange row: the id begins
    with the issuer and state, a known plan type, the EHB share, flags and star rating."""
    state = cell(row, "StateCode").upper()
    issuer_id = cell(row, "IssuerId")
    if not SCI.match(sci):
        problems.add(name, number, "StandardComponentId", f"not a 14-character plan id: {sci!r}")
        return None
    if sci[:5] != issuer_id or sci[5:7] != state:
        problems.add(
            name,
            number,
            "StandardComponentId",
            f"{sci} does not begin with IssuerId {issuer_id} and StateCode {state}",
        )
        return None
    plan_type = PLAN_TYPES.get(cell(row, "PlanType").lower())
    if plan_type is None:
        problems.add(name, number, "PlanType", f"unknown plan type {cell(row, 'PlanType')!r}")
        return None
    figures = _plan_figures(row, number, cell, name, problems)
    if figures is None:
        return None
    ehb, flags, quality = figures
    standardized = (
        cell(row, "DesignType").lower().startswith("standard")
        or flags["StandardizedPlanOption"]
        or flags["IsStandardizedPlan"]
    )
    return PlanRecord(
        standard_component_id=sci,
        state=state,
        issuer_id=issuer_id,
        name=cell(row, "PlanMarketingName")[:200],
        hios_product_id=cell(row, "HIOSProductId")[:10],
        network_id=cell(row, "NetworkId")[:10],
        service_area_id=cell(row, "ServiceAreaId")[:10],
        formulary_id=cell(row, "FormularyId")[:10],
        market_coverage="Individual",
        plan_type=plan_type,
        metal_level=metal,
        is_new=cell(row, "IsNewPlan").lower() == "new",
        is_hsa_eligible=flags["IsHSAEligible"],
        is_standardized=standardized,
        ehb_percent_of_premium=ehb,
        quality_rating=quality,
        formulary_url=cell(row, "FormularyURL")[:500],
        brochure_url=cell(row, "PlanBrochure")[:500],
        summary_of_benefits_url=cell(row, "URLForSummaryofBenefitsCoverage")[:500],
        network_url=cell(row, "NetworkURL")[:500],
        row=number,
    )


def _plan_figures(row, number, cell, name, problems) -> tuple | None:
    """The EHB share of the premium, the yes/no flags and the 1-5 star quality rating (None
    when not rated), or None with a problem."""
    try:
        ehb = values.share(cell(row, "EHBPercentTotalPremium"))
    except ValueError as exc:
        return problems.add(name, number, "EHBPercentTotalPremium", str(exc))
    flags = {}
    for column, default in (
        ("IsHSAEligible", False),
        ("StandardizedPlanOption", False),
        ("IsStandardizedPlan", False),
    ):
        try:
            flags[column] = values.yes_no(cell(row, column), default=default)
        except ValueError as exc:
            return problems.add(name, number, column, str(exc))
    quality = None
    rating_text = cell(row, "QualityRating")
    if rating_text and rating_text.lower() not in values.NOT_APPLICABLE:
        if rating_text not in {"1", "2", "3", "4", "5"}:
            message = f"not a 1-5 star rating: {rating_text!r}"
            return problems.add(name, number, "QualityRating", message)
        quality = int(rating_text)
    return ehb, flags, quality


def _variant(row, number, cell, sci, variant, name, problems) -> VariantRecord | None:
    amounts: dict[str, Decimal | None] = {}
    for column in MONEY_COLUMNS:
        try:
            amounts[column] = values.money(cell(row, column))
        except ValueError as exc:
            problems.add(name, number, column, str(exc))
            return None

    def pick(kind: str, prefixes=("TEHB", "MEHB")) -> Decimal | None:
        """TEHB when filed (integrated medical and drug), else MEHB (docs/puf-and-834.md A.2)."""
        for prefix in prefixes:
            value = amounts[f"{prefix}{kind}"]
            if value is not None:
                return value
        return None

    try:
        deductibles_integrated = values.yes_no(cell(row, "MedicalDrugDeductiblesIntegrated"), True)
        moop_integrated = values.yes_no(cell(row, "MedicalDrugMaximumOutofPocketIntegrated"), True)
    except ValueError as exc:
        problems.add(name, number, "MedicalDrugDeductiblesIntegrated", str(exc))
        return None
    av_text = cell(row, "IssuerActuarialValue").rstrip("%").strip()
    actuarial_value = None
    if av_text and av_text.lower() not in values.NOT_APPLICABLE:
        try:
            actuarial_value = Decimal(av_text)
        except ArithmeticError:
            problems.add(name, number, "IssuerActuarialValue", f"not a number: {av_text!r}")
            return None
        if actuarial_value > 1:
            actuarial_value = actuarial_value / 100
        actuarial_value = actuarial_value.quantize(Decimal("0.0001"))
    return VariantRecord(
        standard_component_id=sci,
        variant=variant,
        name=cell(row, "PlanVariantMarketingName")[:200],
        csr_variation_type=cell(row, "CSRVariationType")[:100],
        actuarial_value=actuarial_value,
        deductibles_integrated=deductibles_integrated,
        moop_integrated=moop_integrated,
        medical_deductible_individual=pick("DedInnTier1Individual"),
        medical_deductible_family=pick("DedInnTier1FamilyPerGroup"),
        drug_deductible_individual=pick("DedInnTier1Individual", ("DEHB",)),
        drug_deductible_family=pick("DedInnTier1FamilyPerGroup", ("DEHB",)),
        moop_individual=pick("InnTier1IndividualMOOP"),
        moop_family=pick("InnTier1FamilyPerGroupMOOP"),
        drug_moop_individual=pick("InnTier1IndividualMOOP", ("DEHB",)),
        drug_moop_family=pick("InnTier1FamilyPerGroupMOOP", ("DEHB",)),
    )
