"""Generate the demo catalog as CMS Exchange PUF files: `generate(directory)`.

Seeded and deterministic: the same call writes the same bytes. For each plan year in
data.YEARS it writes `directory/<year>/` with plan-attributes-puf.csv, rate-puf.csv,
service-area-puf.csv, benefits-and-cost-sharing-puf.csv, quality-puf.csv and our geography
files (counties.csv, zip-counties.csv, rating-areas.csv), for MA, VT and NC:

- MA: 7 rating areas by zip3, the MA age curve (2:1 for adults), no tobacco rating;
  7 issuers (5 statewide, 2 partial, one with a partial county by zip); Suffolk County has 66
  plans.
- VT: one rating area, community rating: one "Family Option" row per plan with the VT
  family-tier factors (1.00 / 2.00 / 1.93 / 2.81).
- NC: HealthCare.gov rules: 16 rating areas by county, the federal default age curve,
  tobacco rating up to 1.5:1 (adults 21 and over); 5 issuers, some serving part of the state,
  one a partial county (Durham) by zip; zip 27560 lies in Wake and Durham counties.

Each issuer files 11 plans: catastrophic, expanded bronze, two bronzes (one HSA-eligible,
one standardized), three silvers, three golds, platinum; standardized bronze/silver/gold.
From 2027 each files a fourth silver ("Silver Value", new) and three issuers stop one or two
plans (data.OFFERED_FROM, DISCONTINUED), with that year's cost-sharing designs (costs.py);
variants 01, AI/AN 02 and 03 for every metal, CSR 04/05/06 for silver; an off-exchange -00
row for some plans and one dental-only plan in MA (both skipped by the importer).

Premium levels are anchored on published benchmark premiums: see data.py.
"""

from __future__ import annotations

import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from marketplace.catalog.demo import costs, crosswalk, state_programs
from marketplace.catalog.demo.data import (
    BENCHMARK_AGE_21,
    FEDERAL_DEFAULT_CURVE,
    ISSUERS,
    MA_AREA_FACTOR,
    MA_CURVE,
    METAL_FACTOR,
    NEW_IN,
    STATES,
    VT_TIER_FACTORS,
    YEARS,
)
from marketplace.catalog.demo.geography import rating_area_rules, write_geography
from marketplace.catalog.demo.portfolio import (
    PORTFOLIO,
    counties_served,
    offers,
    standard_component_id,
)
from marketplace.catalog.puf.rates import TIER_COLUMNS

CENT = Decimal("0.01")
SEED = "marketplace-demo-v1"

VARIANT_TYPES = {
    "00": "Standard {metal} Off Exchange Plan",
    "01": "Standard {metal} On Exchange Plan",
    "02": "Zero Cost Sharing Plan Variation",
    "03": "Limited Cost Sharing Plan Variation",
    "04": "73% AV Level Silver Plan",
    "05": "87% AV Level Silver Plan",
    "06": "94% AV Level Silver Plan",
}
ACTUARIAL_VALUE = {
    "Catastrophic": "0.5800",
    "Expanded Bronze": "0.6400",
    "Bronze": "0.6200",
    "Silver": "0.7000",
    "Gold": "0.8000",
    "Platinum": "0.9000",
    "04": "0.7300",
    "05": "0.8700",
    "06": "0.9400",
    "02": "1.0000",
}

PLAN_COLUMNS = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "IssuerMarketPlaceMarketingName",
    "SourceName",
    "ImportDate",
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
    "UniquePlanDesign",
    "QHPNonQHPTypeId",
    "IsNoticeRequiredForPregnancy",
    "IsReferralRequiredForSpecialist",
    "ChildOnlyOffering",
    "WellnessProgramOffered",
    "PlanEffectiveDate",
    "PlanExpirationDate",
    "NationalNetwork",
    "URLForEnrollmentPayment",
    "FormularyURL",
    "URLForSummaryofBenefitsCoverage",
    "PlanBrochure",
    "PlanId",
    "PlanVariantMarketingName",
    "CSRVariationType",
    "IssuerActuarialValue",
    "AVCalculatorOutputNumber",
    "MedicalDrugDeductiblesIntegrated",
    "MedicalDrugMaximumOutofPocketIntegrated",
    "MultipleInNetworkTiers",
    "EHBPercentTotalPremium",
    "EHBPediatricDentalApportionmentQuantity",
    "IsHSAEligible",
] + [
    f"{prefix}{kind}"
    for prefix in ("MEHB", "DEHB", "TEHB")
    for kind in (
        "InnTier1IndividualMOOP",
        "InnTier1FamilyPerPersonMOOP",
        "InnTier1FamilyPerGroupMOOP",
        "DedInnTier1Individual",
        "DedInnTier1FamilyPerPerson",
        "DedInnTier1FamilyPerGroup",
    )
]
RATE_COLUMNS = [
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
    *TIER_COLUMNS,
]
SERVICE_AREA_COLUMNS = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "SourceName",
    "ImportDate",
    "ServiceAreaId",
    "ServiceAreaName",
    "CoverEntireState",
    "County",
    "PartialCounty",
    "ZipCodes",
    "PartialCountyJustification",
    "MarketCoverage",
    "DentalOnlyPlan",
]
BENEFIT_COLUMNS = [
    "BusinessYear",
    "StateCode",
    "IssuerId",
    "SourceName",
    "ImportDate",
    "StandardComponentId",
    "PlanId",
    "BenefitName",
    "CopayInnTier1",
    "CopayInnTier2",
    "CopayOutofNet",
    "CoinsInnTier1",
    "CoinsInnTier2",
    "CoinsOutofNet",
    "IsEHB",
    "IsCovered",
    "QuantLimitOnSvc",
    "LimitQty",
    "LimitUnit",
    "Exclusions",
    "Explanation",
    "EHBVarReason",
    "IsExclFromInnMOOP",
    "IsExclFromOonMOOP",
]
QUALITY_COLUMNS = [
    "issuerid",
    "state",
    "plan_type",
    "reportingunitid",
    "planid",
    "overallratingvalue",
    "medicalcareratingvalue",
    "memberexperienceratingvalue",
    "planadministrationratingvalue",
]
AGE_BANDS = ["0-14", *(str(age) for age in range(15, 64)), "64 and over"]


def generate(directory: Path, years=YEARS, states=STATES) -> dict[int, Path]:
    """Write the demo PUF files; returns {year: the year's directory}."""
    out = {}
    for year in years:
        target = Path(directory) / str(year)
        target.mkdir(parents=True, exist_ok=True)
        write_geography(target, year, states)
        writers = _Writers(target)
        try:
            for state in states:
                _State(state, year, writers).write()
        finally:
            writers.close()
        state_programs.write(target, year, states)  # ConnectorCare plans, Vermont's 77% AV
        if year - 1 in YEARS:
            crosswalk.write(target, year, states)  # the Plan ID Crosswalk from last year
        out[year] = target
    return out


class _Writers:
    def __init__(self, directory: Path):
        self.files = []
        self.plans = self._open(directory / "plan-attributes-puf.csv", PLAN_COLUMNS)
        self.rates = self._open(directory / "rate-puf.csv", RATE_COLUMNS)
        self.areas = self._open(directory / "service-area-puf.csv", SERVICE_AREA_COLUMNS)
        self.benefits = self._open(directory / "benefits-and-cost-sharing-puf.csv", BENEFIT_COLUMNS)
        self.quality = self._open(directory / "quality-puf.csv", QUALITY_COLUMNS)

    def _open(self, path: Path, header: list[str]):
        handle = path.open("w", newline="", encoding="utf-8")
        self.files.append(handle)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        return writer

    def close(self):
        for handle in self.files:
            handle.close()


def _money(amount, suffix: str = "") -> str:
    if amount is None:
        return "Not Applicable"
    return f"${amount:,}{suffix}"


class _State:
    """One state's plans for one year."""

    def __init__(self, state: str, year: int, writers: _Writers):
        self.state, self.year, self.w = state, year, writers
        self.rng = random.Random(f"{SEED}-{state}-{year}")
        self.common = [str(year), state]
        self.import_date = f"{year - 1}-08-15"
        self.areas = sorted({area for area, _, _ in rating_area_rules(state)})
        self.area_factor = self._area_factors()
        self.curve = MA_CURVE if state == "MA" else FEDERAL_DEFAULT_CURVE

    def _area_factors(self) -> dict[int, Decimal]:
        if self.state == "MA":
            return {area: Decimal(value) for area, value in MA_AREA_FACTOR.items()}
        area_rng = random.Random(f"{SEED}-{self.state}-areas")  # the same both years
        return {a: Decimal(str(round(area_rng.uniform(0.88, 1.16), 3))) for a in self.areas}

    def write(self) -> None:
        plans = []
        for index, (hios, name, plan_type, _counties) in enumerate(ISSUERS[self.state]):
            issuer_factor = Decimal(str(round(self.rng.uniform(0.92, 1.12), 3)))
            tobacco = Decimal(self.rng.choice(["1.10", "1.20", "1.35", "1.50"]))
            area_id = f"{self.state}S{index + 1:03d}"
            self._service_area(hios, name, area_id, counties_served(self.state, index, self.year))
            for number, (metal, label, hsa, standardized) in enumerate(PORTFOLIO, start=1):
                if not self._offers(index, label):
                    continue
                plan = {
                    "hios": hios,
                    "issuer": name,
                    "type": plan_type,
                    "metal": metal,
                    "name": f"{name} {label} {plan_type}",
                    "hsa": hsa,
                    "standardized": standardized,
                    "area_id": area_id,
                    "sci": standard_component_id(self.state, index, number),
                    "factor": METAL_FACTOR[metal]
                    * issuer_factor
                    * Decimal(str(round(self.rng.uniform(0.96, 1.04), 3))),
                    "tobacco": tobacco if self.state == "NC" else None,
                    "jitter": 0 if standardized else self.rng.choice([-500, -250, 0, 250]),
                    "ehb": "1"
                    if self.rng.random() < 0.6
                    else f"{self.rng.uniform(0.97, 0.999):.4f}",
                    "quality": self.rng.choice(["1", "2", "3", "3", "4", "4", "5", "NR"]),
                    "off_exchange": index == 0 and metal in {"Bronze", "Silver", "Gold"},
                    "new": NEW_IN.get(label) == self.year,
                }
                plans.append(plan)
        scale = self._calibration(plans)
        for plan in plans:
            self._plan_rows(plan)
            self._rates(plan, scale)
        if self.state == "MA":
            self._dental_plan()

    def _offers(self, issuer_index: int, label: str) -> bool:
        return offers(self.state, issuer_index, label, self.year)

    def _calibration(self, plans) -> Decimal:
        """Scale so that the mean over rating areas of the second-lowest silver premium at age
        21 equals the published anchor (data.BENCHMARK_AGE_21)."""
        silver = sorted(p["factor"] for p in plans if p["metal"] == "Silver")
        mean_area = sum(self.area_factor.values()) / len(self.area_factor)
        return BENCHMARK_AGE_21[(self.state, self.year)] / (silver[1] * mean_area)

    def _service_area(self, hios, name, area_id, counties) -> None:
        head = [*self.common, hios, "HIOS", self.import_date, area_id, f"{name} Service Area"]
        tail = ["Individual", "No"]
        if counties is None:
            self.w.areas.writerow([*head, "Yes", "", "No", "", "", *tail])
            return
        for fips, zips in counties.items():
            if zips is None:
                self.w.areas.writerow([*head, "No", fips, "No", "", "", *tail])
            else:
                self.w.areas.writerow(
                    [*head, "No", fips, "Yes", ", ".join(zips), "Network adequacy", *tail]
                )

    def _plan_rows(self, plan) -> None:
        metal, sci = plan["metal"], plan["sci"]
        variants = ["01", "02", "03"] + (["04", "05", "06"] if metal == "Silver" else [])
        if plan["off_exchange"]:
            variants.insert(0, "00")
        slug = plan["issuer"].lower().replace(" ", "")
        for variant in variants:
            amounts = costs.variant_amounts(metal, variant, self.year, plan["jitter"], plan["hsa"])
            self.w.plans.writerow(self._plan_row(plan, variant, amounts, slug))
            if variant == "00":
                continue
            for benefit, copay, coins in costs.benefit_rows(metal, variant):
                self.w.benefits.writerow(
                    [
                        *self.common,
                        plan["hios"],
                        "HIOS",
                        self.import_date,
                        sci,
                        f"{sci}-{variant}",
                        benefit,
                        copay,
                        "",
                        "Not Applicable",
                        coins,
                        "",
                        "Not Applicable",
                        "Yes",
                        "Covered",
                        "No",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "No",
                        "No",
                    ]
                )
        self.w.quality.writerow(
            [
                plan["hios"].lower(),
                self.state,
                plan["type"],
                f"{plan['hios']}-{plan['type']}",
                sci,
                plan["quality"],
                plan["quality"],
                plan["quality"],
                plan["quality"],
            ]
        )

    def _plan_row(self, plan, variant, amounts, slug) -> list[str]:
        """One Plan Attributes row of a plan's variant, with its cost-sharing grid."""
        metal, sci, year = plan["metal"], plan["sci"], self.year
        integrated = amounts["integrated"]
        grid = _cost_sharing_grid(amounts)
        design = "Standardized Plan Option" if plan["standardized"] else "Not Applicable"
        marketing = plan["name"] if variant in {"00", "01"} else f"{plan['name']} ({variant})"
        return [
            *self.common,
            plan["hios"],
            plan["issuer"],
            "HIOS",
            self.import_date,
            "Individual",
            "No",
            sci,
            plan["name"],
            sci[:10],
            f"{self.state}N{sci[9]:0>3}",
            plan["area_id"],
            f"{self.state}F{sci[9]:0>3}",
            "New" if plan["new"] else "Existing",
            plan["type"],
            metal,
            design,
            "No" if plan["standardized"] else "Yes",
            "Both",
            "No",
            "Yes" if plan["type"] in {"HMO", "POS"} else "No",
            "No",
            "Yes",
            f"{year}-01-01",
            f"{year}-12-31",
            "No",
            f"https://{slug}.example/pay",
            f"https://{slug}.example/formulary/{year}",
            f"https://{slug}.example/sbc/{sci}-{variant}.pdf",
            f"https://{slug}.example/plans/{sci}",
            f"{sci}-{variant}",
            marketing,
            VARIANT_TYPES[variant].format(metal=metal),
            ACTUARIAL_VALUE.get(variant, ACTUARIAL_VALUE[metal]),
            ACTUARIAL_VALUE.get(variant, ACTUARIAL_VALUE[metal]),
            "Yes" if integrated else "No",
            "Yes",
            "No",
            plan["ehb"],
            "0",
            "Yes" if plan["hsa"] else "No",
            *grid,
        ]

    def _rates(self, plan, scale: Decimal) -> None:
        head = [
            *self.common,
            plan["hios"],
            "HIOS",
            self.import_date,
            f"{self.year}-01-01",
            f"{self.year}-12-31",
            plan["sci"],
        ]
        base = scale * plan["factor"]
        for area in self.areas:
            area_base = base * self.area_factor[area]
            label = f"Rating Area {area}"
            if self.state == "VT":
                single = area_base.quantize(CENT, ROUND_HALF_UP)
                tiers = [
                    str((single * f).quantize(CENT, ROUND_HALF_UP))
                    for f in VT_TIER_FACTORS.values()
                ]
                self.w.rates.writerow(
                    [*head, label, "No Preference", "Family Option", str(single), "", *tiers]
                )
                continue
            at_21 = self.curve[21]
            for band in AGE_BANDS:
                age = 0 if band == "0-14" else 64 if band == "64 and over" else int(band)
                premium = (area_base * self.curve[age] / at_21).quantize(CENT, ROUND_HALF_UP)
                if plan["tobacco"] is None:
                    row = [*head, label, "No Preference", band, str(premium), ""]
                else:
                    factor = plan["tobacco"] if age >= 21 else Decimal(1)
                    tobacco = (premium * factor).quantize(CENT, ROUND_HALF_UP)
                    row = [
                        *head,
                        label,
                        "Tobacco User/Non-Tobacco User",
                        band,
                        str(premium),
                        str(tobacco),
                    ]
                self.w.rates.writerow(row + [""] * 7)

    def _dental_plan(self) -> None:
        """One dental-only plan: the importer must skip it (and count it)."""
        hios, name = ISSUERS["MA"][0][0], ISSUERS["MA"][0][1]
        sci = f"{hios}MA9010001"
        row = dict.fromkeys(PLAN_COLUMNS, "")
        row.update(
            {
                "BusinessYear": str(self.year),
                "StateCode": "MA",
                "IssuerId": hios,
                "IssuerMarketPlaceMarketingName": name,
                "MarketCoverage": "Individual",
                "DentalOnlyPlan": "Yes",
                "StandardComponentId": sci,
                "PlanMarketingName": f"{name} Family Dental",
                "HIOSProductId": sci[:10],
                "ServiceAreaId": "MAS901",
                "PlanType": "PPO",
                "MetalLevel": "Low",
                "PlanId": f"{sci}-01",
            }
        )
        self.w.plans.writerow(list(row.values()))
        head = [
            *self.common,
            hios,
            "HIOS",
            self.import_date,
            f"{self.year}-01-01",
            f"{self.year}-12-31",
            sci,
        ]
        for area in self.areas:
            self.w.rates.writerow(
                [*head, f"Rating Area {area}", "No Preference", "0-14", "31.50", ""] + [""] * 7
            )


def _cost_sharing_grid(amounts: dict) -> list[str]:
    """The MOOP and deductible columns of a variant (individual, per person, per group) for
    medical (MEHB), drug (DEHB) and integrated (TEHB) amounts, in the PUF's column order."""
    integrated = amounts["integrated"]
    deductible, moop = amounts["deductible"], amounts["moop"]
    medical = {
        "moop": None if integrated else moop,
        "ded": None if integrated else deductible,
    }
    total = {"moop": moop if integrated else None, "ded": deductible if integrated else None}
    drug = {"moop": None, "ded": None if integrated else amounts["drug_deductible"]}
    grid = []
    for part in (medical, drug, total):
        for key in ("moop", "ded"):
            value = part[key]
            family = None if value is None else value * 2
            grid += [_money(value), _money(value, " per person"), _money(family, " per group")]
    return grid
