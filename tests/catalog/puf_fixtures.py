"""Small PUF files for importer tests, written into tmp_path (never from ../shared).

The Triangle of North Carolina in plan year 2026: two counties (Durham 37063 in rating
area 11, Wake 37183 in rating area 13); zip 27560 (Morrisville) lies in both.

- Oak Leaf Health (11111) sells statewide: a silver plan (variants 01, 04, plus an
  off-exchange 00) and a bronze plan.
- Piedmont Care (22222) sells Wake and only zip 27701 of Durham: one gold plan.
- A dental-only plan of Oak Leaf that the importer skips.
"""

from __future__ import annotations

import csv
from pathlib import Path

YEAR = 2026

PLAN_HEADER = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "IssuerMarketPlaceMarketingName",
    "MarketCoverage",
    "DentalOnlyPlan",
    "StandardComponentId",
    "PlanMarketingName",
    "HIOSProductId",
    "NetworkId",
    "ServiceAreaId",
    "FormularyId",
    "IsNewPlan",
    "PlanType",
    "MetalLevel",
    "DesignType",
    "PlanId",
    "CSRVariationType",
    "IsHSAEligible",
    "EHBPercentTotalPremium",
    "QualityRating",
    "MedicalDrugDeductiblesIntegrated",
    "MedicalDrugMaximumOutofPocketIntegrated",
    "TEHBDedInnTier1Individual",
    "TEHBDedInnTier1FamilyPerGroup",
    "TEHBInnTier1IndividualMOOP",
    "TEHBInnTier1FamilyPerGroupMOOP",
    "MEHBDedInnTier1Individual",
    "MEHBDedInnTier1FamilyPerGroup",
    "MEHBInnTier1IndividualMOOP",
    "MEHBInnTier1FamilyPerGroupMOOP",
    "DEHBDedInnTier1Individual",
    "DEHBDedInnTier1FamilyPerGroup",
    "DEHBInnTier1IndividualMOOP",
    "DEHBInnTier1FamilyPerGroupMOOP",
]
RATE_HEADER = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "SourceName",
    "ImportDate",
    "RateEffectiveDate",
    "RateExpirationDate",
    "PlanId",
    "RatingAreaId",
    "Tobacco",
    "Age",
    "IndividualRate",
    "IndividualTobaccoRate",
    "Couple",
    "PrimarySubscriberAndOneDependent",
    "PrimarySubscriberAndTwoDependents",
    "PrimarySubscriberAndThreeOrMoreDependents",
    "CoupleAndOneDependent",
    "CoupleAndTwoDependents",
    "CoupleAndThreeOrMoreDependents",
]
AREA_HEADER = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "SourceName",
    "ServiceAreaId",
    "ServiceAreaName",
    "CoverEntireState",
    "County",
    "PartialCounty",
    "ZipCodes",
    "MarketCoverage",
    "DentalOnlyPlan",
]
BENEFIT_HEADER = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "StandardComponentId",
    "PlanId",
    "BenefitName",
    "CopayInnTier1",
    "CoinsInnTier1",
    "IsEHB",
    "IsCovered",
]

SILVER = "11111NC0010001"
BRONZE = "11111NC0010002"
GOLD = "22222NC0020001"
DENTAL = "11111NC0090001"


def _plan(sci, variant, metal, issuer="11111", name="Oak Leaf Health", area="NCS001", **extra):
    row = dict.fromkeys(PLAN_HEADER, "")
    row.update(
        {
            "BusinessYear": str(YEAR),
            "StateCode": "NC",
            "IssuerId": issuer,
            "IssuerMarketPlaceMarketingName": name,
            "MarketCoverage": "Individual",
            "DentalOnlyPlan": "No",
            "StandardComponentId": sci,
            "PlanMarketingName": f"{name} {metal}",
            "HIOSProductId": sci[:10],
            "NetworkId": "NCN001",
            "ServiceAreaId": area,
            "FormularyId": "NCF001",
            "IsNewPlan": "Existing",
            "PlanType": "HMO",
            "MetalLevel": metal,
            "DesignType": "Not Applicable",
            "PlanId": f"{sci}-{variant}",
            "CSRVariationType": f"Standard {metal} On Exchange Plan",
            "IsHSAEligible": "No",
            "EHBPercentTotalPremium": "1",
            "MedicalDrugDeductiblesIntegrated": "Yes",
            "MedicalDrugMaximumOutofPocketIntegrated": "Yes",
            "TEHBDedInnTier1Individual": "$5,000",
            "TEHBDedInnTier1FamilyPerGroup": "$10,000 per group",
            "TEHBInnTier1IndividualMOOP": "$9,800",
            "TEHBInnTier1FamilyPerGroupMOOP": "$19,600",
            "MEHBDedInnTier1Individual": "Not Applicable",
            "DEHBDedInnTier1Individual": "Not Applicable",
        }
    )
    row.update(extra)
    return row


def _rates(sci, issuer, base):
    rows = []
    for area, factor in (("Rating Area 11", 1.0), ("Rating Area 13", 1.1)):
        for age, curve in (("0-14", 0.765), ("21", 1.0), ("64 and over", 3.0)):
            rate = f"{base * factor * curve:.2f}"
            tobacco = f"{base * factor * curve * (1.5 if age != '0-14' else 1):.2f}"
            row = dict.fromkeys(RATE_HEADER, "")
            row.update(
                {
                    "BusinessYear": str(YEAR),
                    "StateCode": "NC",
                    "IssuerId": issuer,
                    "SourceName": "HIOS",
                    "ImportDate": "2025-08-15",
                    "RateEffectiveDate": f"{YEAR}-01-01",
                    "RateExpirationDate": f"{YEAR}-12-31",
                    "PlanId": sci,
                    "RatingAreaId": area,
                    "Tobacco": "Tobacco User/Non-Tobacco User",
                    "Age": age,
                    "IndividualRate": rate,
                    "IndividualTobaccoRate": tobacco,
                }
            )
            rows.append(row)
    return rows


def _area(issuer, area_id, entire, county="", partial="No", zips=""):
    return {
        "BusinessYear": str(YEAR),
        "StateCode": "NC",
        "IssuerId": issuer,
        "SourceName": "HIOS",
        "ServiceAreaId": area_id,
        "ServiceAreaName": f"{issuer} area",
        "CoverEntireState": entire,
        "County": county,
        "PartialCounty": partial,
        "ZipCodes": zips,
        "MarketCoverage": "Individual",
        "DentalOnlyPlan": "No",
    }


class PufFiles:
    """The good set of files; tests change the rows, then `write(directory)`."""

    def __init__(self):
        self.plans = [
            _plan(SILVER, "00", "Silver"),
            _plan(SILVER, "01", "Silver", DesignType="Standardized Plan Option", QualityRating="4"),
            _plan(
                SILVER,
                "04",
                "Silver",
                CSRVariationType="73% AV Level Silver Plan",
                TEHBInnTier1IndividualMOOP="$8,450",
                TEHBDedInnTier1Individual="$3,500",
            ),
            _plan(
                BRONZE,
                "01",
                "Bronze",
                IsHSAEligible="Yes",
                EHBPercentTotalPremium="0.9875",
                TEHBDedInnTier1Individual="Not Applicable",
                TEHBInnTier1IndividualMOOP="Not Applicable",
                MedicalDrugDeductiblesIntegrated="No",
                MEHBDedInnTier1Individual="$7,000",
                MEHBInnTier1IndividualMOOP="$8,500",
                DEHBDedInnTier1Individual="$500",
                DEHBInnTier1IndividualMOOP="$1,000",
            ),
            _plan(GOLD, "01", "Gold", issuer="22222", name="Piedmont Care", area="NCS002"),
            _plan(DENTAL, "01", "Low", DentalOnlyPlan="Yes"),
        ]
        self.rates = (
            _rates(SILVER, "11111", 400) + _rates(BRONZE, "11111", 320) + _rates(GOLD, "22222", 450)
        )
        self.rates.append({**self.rates[0], "PlanId": DENTAL, "IndividualRate": "30.00"})
        self.areas = [
            _area("11111", "NCS001", "Yes"),
            _area("22222", "NCS002", "No", "37183"),
            _area("22222", "NCS002", "No", "37063", "Yes", "27701, 27560"),
        ]
        self.benefits = [
            {
                "BusinessYear": str(YEAR),
                "StateCode": "NC",
                "IssuerId": "11111",
                "StandardComponentId": SILVER,
                "PlanId": f"{SILVER}-01",
                "BenefitName": name,
                "CopayInnTier1": copay,
                "CoinsInnTier1": "Not Applicable",
                "IsEHB": "Yes",
                "IsCovered": "Covered",
            }
            for name, copay in (
                ("Primary Care Visit to Treat an Injury or Illness", "$35.00"),
                ("Generic Drugs", "$15.00"),
            )
        ]
        self.counties = [
            {"StateCode": "NC", "CountyFIPS": "37063", "CountyName": "Durham"},
            {"StateCode": "NC", "CountyFIPS": "37183", "CountyName": "Wake"},
        ]
        self.zips = [
            {"ZipCode": "27560", "StateCode": "NC", "CountyFIPS": "37063", "City": "Morrisville"},
            {"ZipCode": "27560", "StateCode": "NC", "CountyFIPS": "37183", "City": "Morrisville"},
            {"ZipCode": "27701", "StateCode": "NC", "CountyFIPS": "37063", "City": "Durham"},
            {"ZipCode": "27713", "StateCode": "NC", "CountyFIPS": "37063", "City": "Durham"},
            {"ZipCode": "27601", "StateCode": "NC", "CountyFIPS": "37183", "City": "Raleigh"},
        ]
        self.rating_areas = [
            {
                "BusinessYear": str(YEAR),
                "StateCode": "NC",
                "RatingAreaId": "Rating Area 11",
                "CountyFIPS": "37063",
                "Zip3": "",
            },
            {
                "BusinessYear": str(YEAR),
                "StateCode": "NC",
                "RatingAreaId": "Rating Area 13",
                "CountyFIPS": "37183",
                "Zip3": "",
            },
        ]
        self.names = {
            "plans": "plan-attributes-puf.csv",
            "rates": "rate-puf.csv",
            "areas": "service-area-puf.csv",
            "benefits": "benefits-and-cost-sharing-puf.csv",
            "counties": "counties.csv",
            "zips": "zip-counties.csv",
            "rating_areas": "rating-areas.csv",
        }

    def write(self, directory: Path, encoding: str = "utf-8-sig") -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for attribute, name in self.names.items():
            rows = getattr(self, attribute)
            if rows is None:
                continue
            header = list(rows[0].keys())
            with (directory / name).open("w", newline="", encoding=encoding) as f:
                writer = csv.DictWriter(f, fieldnames=header)
                writer.writeheader()
                writer.writerows(rows)
        return directory
