"""Cost-sharing designs of the demo plans: deductibles, out-of-pocket limits, copays.

All within each year's legal limits (catalog/demo/data.py: MOOP_LIMIT, CSR_MOOP_LIMIT, HDHP).
Amounts are whole dollars per year (individual; family = 2 x individual).
"""

from __future__ import annotations

from marketplace.catalog import benefits as b
from marketplace.catalog.demo.data import CSR_MOOP_LIMIT, HDHP, MOOP_LIMIT

# metal -> (deductible, out-of-pocket limit) for the standard (01) variant, by year.
DESIGN = {
    "Expanded Bronze": {2025: (7900, 9200), 2026: (9000, 10600), 2027: (9800, 12000)},
    "Bronze": {2025: (6500, 9100), 2026: (7500, 10400), 2027: (8000, 11500)},
    "Silver": {2025: (4500, 8500), 2026: (5000, 9800), 2027: (5500, 10500)},
    "Gold": {2025: (1500, 6500), 2026: (1750, 7500), 2027: (2000, 8000)},
    "Platinum": {2025: (0, 3000), 2026: (250, 3500), 2027: (300, 3800)},
}
# silver CSR variants -> (deductible, out-of-pocket limit), by year (2027: under the demo
# design caps of data.CSR_MOOP_LIMIT; the reduced 2027 limits are not published).
CSR_DESIGN = {
    "04": {2025: (3000, 7350), 2026: (3500, 8450), 2027: (4000, 9000)},
    "05": {2025: (700, 3050), 2026: (800, 3500), 2027: (900, 3800)},
    "06": {2025: (0, 1200), 2026: (75, 1400), 2027: (100, 1600)},
}
DRUG_DEDUCTIBLE = {"Gold": 250, "Platinum": 0}  # separate drug deductible (not integrated)


def variant_amounts(metal: str, variant: str, year: int, jitter: int, hsa: bool) -> dict:
    """Deductible and MOOP of one variant: {'deductible', 'moop', 'drug_deductible',
    'integrated'}; `jitter` (dollars, a multiple of 50) varies non-standard plans."""
    limit = MOOP_LIMIT[year][0]
    if variant == "02":  # zero cost sharing (AI/AN under 300% FPL)
        return {"deductible": 0, "moop": 0, "drug_deductible": None, "integrated": True}
    if metal == "Catastrophic":
        return {"deductible": limit, "moop": limit, "drug_deductible": None, "integrated": True}
    if variant in CSR_DESIGN:
        deductible, moop = CSR_DESIGN[variant][year]
        moop = min(moop + jitter // 2, CSR_MOOP_LIMIT[variant][year])
        return {"deductible": deductible, "moop": moop, "drug_deductible": None, "integrated": True}
    deductible, moop = DESIGN[metal][year]
    deductible = max(deductible + jitter, 0)
    moop = min(moop + jitter, limit)
    if hsa:
        minimum, maximum = HDHP[year]
        deductible, moop = max(deductible, minimum), min(moop, maximum)
    drug = DRUG_DEDUCTIBLE.get(metal)
    return {
        "deductible": min(deductible, moop),
        "moop": moop,
        "drug_deductible": drug,
        "integrated": drug is None,
    }


def _copay(amount):
    return (f"${amount:.2f}", "Not Applicable") if amount else ("No Charge", "Not Applicable")


def _coins(percent):
    if not percent:
        return ("Not Applicable", "No Charge after deductible")
    return ("Not Applicable", f"{percent:.2f}% Coinsurance after deductible")


# metal -> costs in benefits.PLAN_COMPARE_BENEFITS order: ints are copays, ("c", n) coinsurance.
SCHEDULE = {
    "Catastrophic": [
        0,
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
        ("c", 0),
    ],
    "Expanded Bronze": [
        60,
        120,
        120,
        ("c", 50),
        ("c", 50),
        ("c", 50),
        ("c", 50),
        25,
        ("c", 50),
        ("c", 50),
        ("c", 50),
    ],
    "Bronze": [
        50,
        100,
        100,
        ("c", 40),
        ("c", 40),
        ("c", 40),
        ("c", 40),
        20,
        ("c", 40),
        ("c", 50),
        ("c", 50),
    ],
    "Silver": [
        35,
        70,
        75,
        ("c", 30),
        ("c", 30),
        ("c", 30),
        ("c", 30),
        15,
        50,
        ("c", 40),
        ("c", 40),
    ],
    "Gold": [25, 50, 50, 350, ("c", 20), ("c", 20), ("c", 20), 10, 35, 70, ("c", 30)],
    "Platinum": [10, 20, 25, 150, ("c", 10), 0, ("c", 10), 5, 15, 40, ("c", 10)],
}
CSR_SCALE = {"04": 0.7, "05": 0.4, "06": 0.2}


def benefit_rows(metal: str, variant: str) -> list[tuple[str, str, str]]:
    """(BenefitName, CopayInnTier1, CoinsInnTier1) for the 11 plan-compare benefits."""
    out = []
    for name, cost in zip(b.PLAN_COMPARE_BENEFITS.values(), SCHEDULE[metal], strict=True):
        if variant == "02":
            copay, coins = "No Charge", "Not Applicable"
        elif isinstance(cost, tuple):
            percent = cost[1]
            if variant in CSR_SCALE:
                percent = round(percent * CSR_SCALE[variant] / 5) * 5
            copay, coins = _coins(percent)
        else:
            amount = cost
            if variant in CSR_SCALE:
                amount = round(amount * CSR_SCALE[variant] / 5) * 5
            copay, coins = _copay(amount)
        out.append((name, copay, coins))
    return out
