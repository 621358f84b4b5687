"""The Quality PUF (docs/puf-and-834.md A.6): overall star ratings, by 14-character plan id."""

from __future__ import annotations

from marketplace.catalog.puf.files import Table
from marketplace.catalog.puf.problems import Problems

REQUIRED = ["PlanId", "OverallRatingValue"]


def read_quality(table: Table, problems: Problems) -> tuple[dict[str, int], int]:
    """plan id -> 1..5 stars; 'NR' / 'Not Rated' / blank ratings are left out."""
    ratings: dict[str, int] = {}
    cols = table.columns(problems, REQUIRED)
    if any(cols[c] is None for c in REQUIRED):
        return ratings, 0
    count = 0
    for number, row in table.rows():
        count += 1
        plan_id = row[cols["PlanId"]].strip()[:14] if cols["PlanId"] < len(row) else ""
        value = (
            row[cols["OverallRatingValue"]].strip() if cols["OverallRatingValue"] < len(row) else ""
        )
        if value in {"1", "2", "3", "4", "5"}:
            ratings[plan_id] = int(value)
        elif value and value.lower() not in {"nr", "not rated", "not applicable", "n/a"}:
            problems.add(
                table.name, number, "OverallRatingValue", f"not a 1-5 star rating: {value!r}"
            )
    return ratings, count
