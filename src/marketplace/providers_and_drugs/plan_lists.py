"""What plan lists (window shopping, enrollment) call to show coverage of a person's
doctors and drugs. This app offers; the higher apps call:

    chosen = plan_lists.read_choices(request)            # cheap: key your caches on it
    coverage = plan_lists.for_plan_list(chosen, year=..., plan_ids=[...], next_url=...,
                                        zipcode=..., only_covering=query.get("covered") == "1")
    quotes = [q for q in quotes if coverage.keep(q.plan_id)]
    coverage.marks.get(plan_id)                          # PlanMarks for a card or a row

Templates: "providers_and_drugs/_plan_list_box.html" (the "Is my doctor covered?" box),
"providers_and_drugs/_covered_filter.html" (the filter checkbox, inside the list's GET
form; its field is `covered`), "providers_and_drugs/_plan_marks.html" with `marks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from marketplace.providers_and_drugs.choices import Choices
from marketplace.providers_and_drugs.choices import read as read_choices
from marketplace.providers_and_drugs.coverage import PlanMarks, marks_for_plans

__all__ = ["PlanListCoverage", "find_url", "for_plan_list", "read_choices"]

#: The plan lists' GET parameter for "only plans that cover all of them".
FILTER_FIELD = "covered"


@dataclass(frozen=True)
class PlanListCoverage:
    choices: Choices
    find_url: str
    only_covering: bool
    marks: dict[str, PlanMarks] = field(default_factory=dict)

    def keep(self, plan_id: str) -> bool:
        """Whether the plan stays in a list filtered to plans that cover everything chosen."""
        if not (self.only_covering and self.choices):
            return True
        found = self.marks.get(plan_id)
        return found is not None and found.covers_all


def find_url(next_url: str, zipcode: str, year: int | None) -> str:
    """/find/ with where to come back to, the zip code for distances and the plan year."""
    query = {"zip": zipcode, "next": next_url}
    if year:
        query["year"] = str(year)
    return f"{reverse('providers_and_drugs:find')}?{urlencode(query)}"


def for_plan_list(
    chosen: Choices,
    *,
    year: int,
    plan_ids,
    next_url: str,
    zipcode: str,
    only_covering: bool = False,
) -> PlanListCoverage:
    """Marks for the plans (no database work when nothing is chosen)."""
    return PlanListCoverage(
        choices=chosen,
        find_url=find_url(next_url, zipcode, year),
        only_covering=only_covering and bool(chosen),
        marks=marks_for_plans(chosen, year, plan_ids) if chosen else {},
    )
