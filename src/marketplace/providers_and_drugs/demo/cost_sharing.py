"""Each demo plan's drug-tier cost sharing, from the demo's own Benefits and Cost Sharing
PUF, in the plans.json shape (pharmacy_type, copay_amount, copay_opt, coinsurance_rate,
coinsurance_opt), so the formulary says what the plan's detail page says."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from marketplace.providers_and_drugs.demo.data import TIER_BENEFITS

MONEY = re.compile(r"^\$([\d,]+(?:\.\d+)?)(.*)$")
PERCENT = re.compile(r"^([\d.]+)%(.*)$")
#: ACA preventive drugs cost nothing (45 CFR 147.130(a)): the demo's zero-cost tier.
PREVENTIVE = {
    "pharmacy_type": "1-MONTH-IN-RETAIL",
    "copay_amount": 0.0,
    "copay_opt": "NO-CHARGE",
    "coinsurance_rate": 0.0,
    "coinsurance_opt": "NO-CHARGE",
}


def tier_cost_sharing(puf_directory: Path) -> dict[str, dict[str, list[dict]]]:
    """{plan id: {drug tier: [one-month retail cost sharing]}} for the -01 variants."""
    wanted = {benefit: tier for tier, benefit in TIER_BENEFITS.items() if benefit}
    found: dict[str, dict[str, list[dict]]] = {}
    path = Path(puf_directory) / "benefits-and-cost-sharing-puf.csv"
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            tier = wanted.get(row["BenefitName"])
            if tier is None or not row["PlanId"].endswith("-01"):
                continue
            plan = found.setdefault(row["PlanId"][:14], {})
            plan[tier] = [_retail(row["CopayInnTier1"], row["CoinsInnTier1"])]
    for tiers in found.values():
        tiers["ZERO-COST-SHARE-PREVENTIVE"] = [dict(PREVENTIVE)]
    return found


def _retail(copay: str, coinsurance: str) -> dict:
    """PUF text ('$10.00', '40.00% Coinsurance after deductible', 'No Charge after
    deductible', 'Not Applicable') as one plans.json cost-sharing object."""
    entry = {
        "pharmacy_type": "1-MONTH-IN-RETAIL",
        "copay_amount": 0.0,
        "copay_opt": None,
        "coinsurance_rate": 0.0,
        "coinsurance_opt": None,
    }
    after = "after deductible" in f"{copay} {coinsurance}".lower()
    money = MONEY.match(copay.strip())
    if money:
        entry["copay_amount"] = float(money.group(1).replace(",", ""))
        entry["copay_opt"] = "AFTER-DEDUCTIBLE" if after else "BEFORE-DEDUCTIBLE"
    percent = PERCENT.match(coinsurance.strip())
    if percent:
        entry["coinsurance_rate"] = float(percent.group(1)) / 100
        entry["coinsurance_opt"] = "AFTER-DEDUCTIBLE" if after else None
    if "no charge" in f"{copay} {coinsurance}".lower():
        option = "NO-CHARGE-AFTER-DEDUCTIBLE" if after else "NO-CHARGE"
        entry.update(copay_opt=option, coinsurance_opt=option)
    return entry
