"""The demo's state programs: ConnectorCare plans in Massachusetts and Vermont's 77% AV silver
variations, written beside the generated PUFs of one plan year (`write`).

The generator calls `write(directory, year, states)` after it has written a year's files; this
module reads back what it wrote (so it covers whatever years and states the generator makes)
and adds:

- Massachusetts: one ConnectorCare plan per demo issuer, priced in every rating area the
  issuer serves, "one per issuer per region" as the Health Connector buys them (956 CMR
  12.04(3)(c): the enrollee premium differs by the plan chosen). Each is an HMO silver plan
  (ConnectorCare plans are HMOs; Mass. Legal Services Guide Q2) whose rates copy the issuer's
  dearest silver design ("Silver Plus"), so adding them never lowers a second-lowest silver
  premium: the demo's benchmark anchors (data.py) stay as published. Real ConnectorCare plans
  are usually the cheapest silvers; this is a demo assumption. Their cost sharing follows
  ConnectorCare's shape - no deductible, copays in three tiers by plan type - with demo
  figures (not the Health Connector's): variations 06 (Plan Types 1 and 2A), 05 (2B), 04 (3A)
  and 01 (3B-3D), mapped in `state-programs.csv`.
- Vermont: a 77% AV variation (state code 07) of every silver plan, for the VCSR level 77
  (33 V.S.A. 1812(b)(2)(C)), its deductible and out-of-pocket maximum scaled from the plan's
  own 73% variation (demo assumption), and the 73% variation mapped to level 73.

Deterministic: the same inputs write the same bytes.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from aca_rules.states import program_for
from marketplace.catalog import benefits as b
from marketplace.catalog.demo import costs

SUPPLEMENT = "state-programs.csv"
SUPPLEMENT_COLUMNS = [
    "BusinessYear",
    "StateCode",
    "PlanId",
    "StateProgram",
    "StateLevel",
    "PlanVariantMarketingName",
    "CSRVariationType",
    "IssuerActuarialValue",
    "DedInnTier1Individual",
    "DedInnTier1FamilyPerGroup",
    "InnTier1IndividualMOOP",
    "InnTier1FamilyPerGroupMOOP",
]
CC_PROGRAM = "ma_connectorcare"
CC_PLAN_NUMBER = "0090"  # a number the generator's portfolio never reaches (it files up to 12)
TEMPLATE_NUMBER = "0007"  # the issuer's "Silver Plus"
#: ConnectorCare plan type -> the variation of a ConnectorCare plan that serves it.
CC_VARIANT = {"1": "06", "2A": "06", "2B": "05", "3A": "04", "3B": "01", "3C": "01", "3D": "01"}
#: ConnectorCare design per variation: (deductible, out-of-pocket max, AV, copay tier).
CC_DESIGN = {
    "06": (0, 750, "0.9500", 1),
    "05": (0, 1500, "0.9300", 2),
    "04": (0, 3000, "0.9000", 3),
    "01": (0, 3000, "0.9000", 3),
    "02": (0, 0, "1.0000", 0),
    "03": (0, 3000, "0.9000", 3),
}
#: Copays in plan-compare order by tier (tier 0: nothing to pay). Demo figures.
CC_COPAYS = {
    0: [0] * 11,
    1: [0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 3],
    2: [10, 18, 18, 50, 50, 0, 0, 10, 20, 40, 40],
    3: [20, 35, 35, 100, 250, 0, 0, 10, 25, 50, 50],
}
VT_PROGRAM = "vt_csr"
VT_VARIANT = "07"
VT_SCALE = {"deductible": Decimal("0.6"), "moop": Decimal("0.8")}  # of the 73% variation
MONEY_GRID = [
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


def write(directory: Path, year: int, states) -> None:
    """Add the state programs to the PUF files of `year` in `directory` and write the
    state supplement (also when it has no rows, so every year's import replaces the last)."""
    directory = Path(directory)
    plans = _read(directory / "plan-attributes-puf.csv")
    supplement: list[list[str]] = []
    if "MA" in states:
        supplement += _connectorcare(directory, year, plans)
    if "VT" in states:
        supplement += _vermont_csr(directory, year, plans)
    with (directory / SUPPLEMENT).open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(SUPPLEMENT_COLUMNS)
        out.writerows(supplement)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerows([row.get(column, "") for column in header] for row in rows)


def _money(amount: int | Decimal | None, suffix: str = "") -> str:
    return "Not Applicable" if amount is None else f"${amount:,}{suffix}"


def _grid(deductible, moop) -> dict[str, str]:
    """Plan Attributes money columns for an integrated medical and drug design."""
    values = dict.fromkeys(MONEY_GRID, "Not Applicable")
    for kind, amount in (("MOOP", moop), ("Ded", deductible)):
        for name in MONEY_GRID:
            if name.startswith("TEHB") and kind in name:
                family = "PerGroup" in name
                per_person = "PerPerson" in name
                value = amount * 2 if family else amount
                suffix = " per group" if family else (" per person" if per_person else "")
                values[name] = _money(value, suffix)
    return values


def _connectorcare(directory: Path, year: int, plans: list[dict[str, str]]) -> list[list[str]]:
    """One ConnectorCare plan per Massachusetts issuer: Plan Attributes, rates, benefits,
    quality; returns the supplement rows."""
    levels = program_for("MA").cost_sharing_levels(year)
    templates = [
        p
        for p in plans
        if p["StateCode"] == "MA" and p["StandardComponentId"].endswith(TEMPLATE_NUMBER)
    ]
    new_plans, supplement, copies = [], [], {}
    for row in templates:
        variant = row["PlanId"][-2:]
        if variant not in CC_DESIGN:
            continue  # the off-exchange (00) row
        sci = row["StandardComponentId"][:-4] + CC_PLAN_NUMBER
        copies[row["StandardComponentId"]] = sci
        new_plans.append(_cc_plan_row(row, sci, variant))
    for sci in sorted(copies.values()):
        supplement.append([str(year), "MA", sci, CC_PROGRAM] + [""] * 8)
        for level in levels:
            supplement.append(
                [str(year), "MA", f"{sci}-{CC_VARIANT[level]}", CC_PROGRAM, level] + [""] * 7
            )
    _append(directory / "plan-attributes-puf.csv", new_plans)
    _copy_rows(directory / "rate-puf.csv", "PlanId", copies)
    _copy_rows(directory / "quality-puf.csv", "planid", copies)
    _append(directory / "benefits-and-cost-sharing-puf.csv", _cc_benefits(new_plans))
    return supplement


def _cc_plan_row(row: dict[str, str], sci: str, variant: str) -> dict[str, str]:
    deductible, moop, av, _tier = CC_DESIGN[variant]
    issuer = row["IssuerMarketPlaceMarketingName"]
    old = row["StandardComponentId"]
    new = {k: v.replace(old, sci) for k, v in row.items()}
    new.update(_grid(deductible, moop))
    new.update(
        {
            "PlanMarketingName": f"{issuer} ConnectorCare HMO",
            "PlanType": "HMO",
            "DesignType": "Not Applicable",
            "UniquePlanDesign": "Yes",
            "IsHSAEligible": "No",
            "IsNewPlan": "Existing",
            "IssuerActuarialValue": av,
            "AVCalculatorOutputNumber": av,
            "MedicalDrugDeductiblesIntegrated": "Yes",
            "MedicalDrugMaximumOutofPocketIntegrated": "Yes",
            "PlanVariantMarketingName": f"{issuer} ConnectorCare HMO ({variant})",
        }
    )
    return new


def _cc_benefits(plan_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for row in plan_rows:
        tier = CC_DESIGN[row["PlanId"][-2:]][3]
        for name, copay in zip(b.PLAN_COMPARE_BENEFITS.values(), CC_COPAYS[tier], strict=True):
            out.append(_benefit(row, name, f"${copay:.2f}" if copay else "No Charge"))
    return out


def _benefit(plan_row: dict[str, str], name: str, copay: str, coins="Not Applicable") -> dict:
    return {
        "BusinessYear": plan_row["BusinessYear"],
        "StateCode": plan_row["StateCode"],
        "IssuerId": plan_row["IssuerId"],
        "SourceName": "HIOS",
        "ImportDate": plan_row["ImportDate"],
        "StandardComponentId": plan_row["StandardComponentId"],
        "PlanId": plan_row["PlanId"],
        "BenefitName": name,
        "CopayInnTier1": copay,
        "CopayOutofNet": "Not Applicable",
        "CoinsInnTier1": coins,
        "CoinsOutofNet": "Not Applicable",
        "IsEHB": "Yes",
        "IsCovered": "Covered",
        "QuantLimitOnSvc": "No",
        "IsExclFromInnMOOP": "No",
        "IsExclFromOonMOOP": "No",
    }


def _copy_rows(path: Path, column: str, copies: dict[str, str]) -> None:
    """Append, for each plan in `copies`, a copy of its rows under the new plan id."""
    rows = []
    for row in _read(path):
        new = copies.get(row[column][:14])
        if new is not None:
            rows.append({**row, column: new + row[column][14:]})
    _append(path, rows)


def _vermont_csr(directory: Path, year: int, plans: list[dict[str, str]]) -> list[list[str]]:
    """A 77% AV variation of each Vermont silver plan (in the supplement, with its benefits)
    and the mapping of level 73 to the plan's 73% variation."""
    supplement, benefit_rows = [], []
    for row in plans:
        if row["StateCode"] != "VT" or row["PlanId"][-2:] != "04":
            continue
        sci = row["StandardComponentId"]
        deductible = _scaled(row["TEHBDedInnTier1Individual"], VT_SCALE["deductible"])
        moop = _scaled(row["TEHBInnTier1IndividualMOOP"], VT_SCALE["moop"])
        name = f"{row['PlanMarketingName']} (77% AV, Vermont cost-sharing reduction)"
        supplement.append(
            [
                str(year),
                "VT",
                f"{sci}-{VT_VARIANT}",
                VT_PROGRAM,
                "77",
                name,
                "77% AV Level Silver Plan (Vermont cost-sharing reduction)",
                "0.7700",
                _money(deductible),
                _money(deductible * 2),
                _money(moop),
                _money(moop * 2),
            ]
        )
        supplement.append([str(year), "VT", row["PlanId"], VT_PROGRAM, "73"] + [""] * 7)
        variant_row = {**row, "PlanId": f"{sci}-{VT_VARIANT}"}
        for name, copay, coins in costs.benefit_rows("Silver", "04"):
            benefit_rows.append(_benefit(variant_row, name, copay, coins))
    _append(directory / "benefits-and-cost-sharing-puf.csv", benefit_rows)
    return supplement


def _scaled(text: str, factor: Decimal) -> int:
    """A Plan Attributes amount ('$3,500') times `factor`, down to a multiple of $50."""
    amount = Decimal(text.replace("$", "").replace(",", "").split()[0])
    return int(amount * factor // 50 * 50)
