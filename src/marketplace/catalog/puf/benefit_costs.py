"""The Benefits and Cost Sharing PUF (docs/puf-and-834.md A.4): cost sharing per plan variant."""

from __future__ import annotations

from collections import Counter

from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.problems import Problems

REQUIRED = ["BusinessYear", "PlanId", "BenefitName"]
OPTIONAL = [
    "IsCovered",
    "IsEHB",
    "CopayInnTier1",
    "CoinsInnTier1",
    "CopayOutofNet",
    "CoinsOutofNet",
    "LimitQty",
    "LimitUnit",
    "Exclusions",
    "Explanation",
]


def read_benefits(
    table: Table,
    year: int,
    variant_ids: set[str],
    skipped_plan_ids: set[str],
    skipped_variant_ids: set[str],
    problems: Problems,
) -> tuple[list[tuple], Counter, int]:
    """Rows as records.BenefitRow tuples, for the variants read from Plan Attributes."""
    rows: list[tuple] = []
    skipped: Counter = Counter()
    cols = table.columns(problems, REQUIRED, OPTIONAL)
    if any(cols[c] is None for c in REQUIRED):
        return rows, skipped, 0
    name = table.name
    seen: dict[tuple, int] = {}
    year_rows = PlanYearRows(table, cols, year, problems)

    def cell(row, column, limit=100):
        position = cols[column]
        return row[position].strip()[:limit] if position is not None else ""

    for number, row in year_rows:
        plan_id = cell(row, "PlanId")
        if plan_id not in variant_ids:
            if plan_id in skipped_variant_ids or plan_id[:14] in skipped_plan_ids:
                skipped["benefits_of_skipped_variants"] += 1
                continue
            problems.add(
                name, number, "PlanId", f"unknown plan id {plan_id!r} (not in Plan Attributes)"
            )
            continue
        benefit = cell(row, "BenefitName", 200)
        if not benefit:
            problems.add(name, number, "BenefitName", "blank")
            continue
        key = (plan_id, benefit)
        if key in seen:
            problems.add(
                name,
                number,
                "BenefitName",
                f"duplicate row: {benefit!r} for {plan_id} is also on row {seen[key]}",
            )
            continue
        seen[key] = number
        record = _benefit_row(row, cell, plan_id, benefit, number, name, problems)
        if record is not None:
            rows.append(record)
    return rows, skipped, year_rows.read


def _benefit_row(row, cell, plan_id, benefit, number, name, problems) -> tuple | None:
    """The row as a records.BenefitRow tuple (standard component id, variant, benefit,
    covered, EHB, in-network and out-of-network cost sharing, limits, exclusions), or None
    with a problem when IsEHB is not yes or no."""
    try:
        is_ehb = values.yes_no(cell(row, "IsEHB"), default=False)
    except ValueError as exc:
        return problems.add(name, number, "IsEHB", str(exc))
    return (
        plan_id[:14],
        plan_id[15:],
        benefit,
        cell(row, "IsCovered").lower() != "not covered",
        is_ehb,
        cell(row, "CopayInnTier1"),
        cell(row, "CoinsInnTier1"),
        cell(row, "CopayOutofNet"),
        cell(row, "CoinsOutofNet"),
        cell(row, "LimitQty", 50),
        cell(row, "LimitUnit"),
        cell(row, "Exclusions", 10_000),
        cell(row, "Explanation", 10_000),
    )
