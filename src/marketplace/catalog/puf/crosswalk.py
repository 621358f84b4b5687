"""The Plan ID Crosswalk PUF (docs/puf-and-834.md A.6): plans of last year mapped to this year's.

Columns carry the plan years in their names (`PlanID_2026`, `PlanID_2027`, ...). One row is
one plan and county (`FIPSCode`; blank: the whole service area, our extension for small
files) and, for a partial county, its `ZipCode`s. `CrosswalkLevel` is the 45 CFR 155.335(j)
step (catalog.models.CrosswalkLevel: 0 none, 1 same plan, 2 same product, 3 another
product of the issuer, 4 another issuer); `ReasonForCrosswalk` is kept as filed (a code or
words). Dental plans are skipped (`DentalPlan` Yes), as the other files skip them.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.catalog.puf.files import Table
from marketplace.catalog.puf.problems import Problems

#: The levels (catalog.models.CrosswalkLevel mirrors them).
DISCONTINUED, SAME_PLAN = 0, 1
LEVELS = {0, 1, 2, 3, 4}
#: Level words some files spell out, to the code.
LEVEL_WORDS = {
    "none": 0,
    "no crosswalk": 0,
    "discontinued": 0,
    "same plan": 1,
    "same product": 2,
    "different product": 3,
    "other product": 3,
    "different issuer": 4,
    "other issuer": 4,
}


@dataclass
class CrosswalkRecord:
    state: str
    from_plan_id: str
    from_issuer_id: str
    from_metal_level: str
    county_fips: str
    zipcodes: list[str]
    level: int
    reason: str
    to_plan_id: str
    to_issuer_id: str
    to_metal_level: str
    age_off_plan_id: str = ""
    row: int = 0


def _level(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text) if int(text) in LEVELS else None
    return LEVEL_WORDS.get(text)


def read_crosswalk(
    table: Table, year: int, plan_ids: set[str], problems: Problems
) -> tuple[list[CrosswalkRecord], int]:
    """Rows mapping plans of `year - 1` to plans of `year`; a target that is not a plan of
    this import (`plan_ids`) is a problem, so no one is crosswalked into nothing."""
    before, after = year - 1, year
    required = [f"PlanID_{before}", "CrosswalkLevel", f"PlanID_{after}"]
    cols = table.columns(problems, required, _optional_columns(before, after))
    if any(cols[c] is None for c in required):
        return [], 0
    records: list[CrosswalkRecord] = []
    count = 0
    for number, row in table.rows():
        count += 1

        def cell(name: str, row=row) -> str:
            position = cols.get(name)
            return row[position].strip() if position is not None and position < len(row) else ""

        if cell("DentalPlan").lower() in {"yes", "y", "true"}:
            continue
        record = _record(cell, number, year, plan_ids, table.name, problems)
        if record is not None:
            records.append(record)
    return records, count


def _optional_columns(before: int, after: int) -> list[str]:
    """The crosswalk's optional columns, named with the years they describe."""
    return [
        "State",
        "DentalPlan",
        f"IssuerID_{before}",
        f"MetalLevel_{before}",
        "FIPSCode",
        "ZipCode",
        "ReasonForCrosswalk",
        f"IssuerID_{after}",
        f"MetalLevel_{after}",
        f"AgeOffPlanID_{after}",
    ]


def _record(cell, number, year, plan_ids, name, problems) -> CrosswalkRecord | None:
    """One medical plan's crosswalk row, or None with a problem: a 14-character source plan,
    a level 0-4, a target of this import (none for a discontinued plan; the source itself
    at level 1) and an optional county FIPS code."""
    before, after = year - 1, year
    source = cell(f"PlanID_{before}").replace("-", "")[:14]
    if len(source) != 14:
        return problems.add(name, number, f"PlanID_{before}", f"not a plan id: {source!r}")
    level = _level(cell("CrosswalkLevel"))
    if level is None:
        message = f"not a crosswalk level (0-4): {cell('CrosswalkLevel')!r}"
        return problems.add(name, number, "CrosswalkLevel", message)
    target = cell(f"PlanID_{after}").replace("-", "")[:14]
    if level == DISCONTINUED:
        target = ""
    elif target not in plan_ids:
        message = f"{target or 'blank'}: not a {after} plan of this import"
        return problems.add(name, number, f"PlanID_{after}", message)
    elif level == SAME_PLAN and target != source:
        message = f"level 1 (same plan) but {source} goes to {target}"
        return problems.add(name, number, "CrosswalkLevel", message)
    fips = cell("FIPSCode")
    if fips and not (fips.isdigit() and len(fips) == 5):
        return problems.add(name, number, "FIPSCode", f"not a county FIPS code: {fips!r}")
    zips = [z.strip() for z in cell("ZipCode").replace(";", ",").split(",") if z.strip()]
    return CrosswalkRecord(
        state=cell("State") or source[5:7],
        from_plan_id=source,
        from_issuer_id=cell(f"IssuerID_{before}") or source[:5],
        from_metal_level=cell(f"MetalLevel_{before}"),
        county_fips=fips,
        zipcodes=zips,
        level=level,
        reason=cell("ReasonForCrosswalk")[:100],
        to_plan_id=target,
        to_issuer_id=(cell(f"IssuerID_{after}") or target[:5]) if target else "",
        to_metal_level=cell(f"MetalLevel_{after}") if target else "",
        age_off_plan_id=cell(f"AgeOffPlanID_{after}").replace("-", "")[:14],
        row=number,
    )
