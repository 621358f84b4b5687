"""The demo's Plan ID Crosswalk PUF (crosswalk-puf.csv): last year's plans to this year's.

Every case of 45 CFR 155.335(j) appears in 2026 -> 2027: plans renewed as they are (level
1), a discontinued plan mapped to another plan of the same product (MA and VT issuers'
Gold Plus -> Gold Select, level 2), one mapped to a plan of another product of the same
issuer (NC issuer 3's Silver Plus -> its new Silver Value product, level 3), one not
crosswalked (NC issuer 3's Gold Plus, level 0: the enrollee must choose), and an issuer
leaving a county (MA's Atlantic Shore Health leaves Norfolk County: level 0 there, level 1
in its other counties). Rows cover the whole service area (FIPSCode blank) except for
issuers that serve part of the state, which get a row per county.
"""

from __future__ import annotations

import csv
from pathlib import Path

from marketplace.catalog.demo.data import CROSSWALK_TO, ISSUERS, LEAVES_COUNTY
from marketplace.catalog.demo.portfolio import (
    PORTFOLIO,
    counties_served,
    offers,
    standard_component_id,
)

LEVEL_NONE, LEVEL_SAME_PLAN, LEVEL_SAME_PRODUCT, LEVEL_OTHER_PRODUCT = 0, 1, 2, 3


def columns(year: int) -> list[str]:
    before, after = year - 1, year
    return [
        "State",
        "DentalPlan",
        f"PlanID_{before}",
        f"IssuerID_{before}",
        f"MultistatePlan_{before}",
        f"MetalLevel_{before}",
        f"ChildAdultOnly_{before}",
        "FIPSCode",
        "ZipCode",
        "CrosswalkLevel",
        "ReasonForCrosswalk",
        f"PlanID_{after}",
        f"IssuerID_{after}",
        f"MultistatePlan_{after}",
        f"MetalLevel_{after}",
        f"ChildAdultOnly_{after}",
        f"AgeOffPlanID_{after}",
    ]


def _number(label: str) -> int:
    return next(i for i, row in enumerate(PORTFOLIO, start=1) if row[1] == label)


def _target(state: str, index: int, label: str, year: int) -> tuple[str | None, int, str]:
    """(the label enrollees go to or None, level, reason) for a plan filed last year."""
    if offers(state, index, label, year):
        return label, LEVEL_SAME_PLAN, "Renewing plan"
    moved = CROSSWALK_TO.get((state, index), {}).get(year, {}).get(label)
    if moved is None or moved[0] is None:
        return None, LEVEL_NONE, moved[1] if moved else "Discontinuing plan"
    before = standard_component_id(state, index, _number(label))
    after = standard_component_id(state, index, _number(moved[0]))
    level = LEVEL_SAME_PRODUCT if before[:10] == after[:10] else LEVEL_OTHER_PRODUCT
    return moved[0], level, moved[1]


def write(directory: Path, year: int, states) -> Path:
    path = Path(directory) / "crosswalk-puf.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(columns(year))
        for state in states:
            for index, (hios, _name, _type, _counties) in enumerate(ISSUERS[state]):
                _issuer_rows(out, state, index, hios, year)
    return path


def _issuer_rows(out, state: str, index: int, hios: str, year: int) -> None:
    before = counties_served(state, index, year - 1)
    now = counties_served(state, index, year)
    left = {
        fips
        for since, fipses in LEAVES_COUNTY.get((state, index), {}).items()
        if since == year
        for fips in fipses
    }
    for number, (metal, label, _hsa, _std) in enumerate(PORTFOLIO, start=1):
        if not offers(state, index, label, year - 1):
            continue
        source = standard_component_id(state, index, number)
        goes_to, level, reason = _target(state, index, label, year)
        target = standard_component_id(state, index, _number(goes_to)) if goes_to else ""
        target_metal = PORTFOLIO[_number(goes_to) - 1][0] if goes_to else ""
        counties = [""] if before is None else sorted(before)
        for fips in counties:
            row_level, row_reason, row_target, row_metal = level, reason, target, target_metal
            if fips in left or (now is not None and fips and fips not in now):
                row_level, row_reason, row_target, row_metal = (
                    LEVEL_NONE,
                    "Issuer leaving county",
                    "",
                    "",
                )
            zips = (before or {}).get(fips) if fips else None
            out.writerow(
                [
                    state,
                    "No",
                    f"{source}-01",
                    hios,
                    "No",
                    metal,
                    "Allows Adult and Child-Only",
                    fips,
                    ", ".join(zips or []),
                    row_level,
                    row_reason,
                    f"{row_target}-01" if row_target else "",
                    hios if row_target else "",
                    "No",
                    row_metal,
                    "Allows Adult and Child-Only" if row_target else "",
                    "",
                ]
            )
