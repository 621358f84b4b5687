"""What changed and why, with the arithmetic: the two stored determinations side by side
(never a re-run: docs/architecture.md). The premium tax credit is the benchmark premium
less the household's expected contribution (26 USC 36B(b)(2); 26 CFR 1.36B-3(d)):
APTC = benchmark - income x applicable percentage / 12."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aca_rules.messages import localize

#: (result key, label, kind of value)
ROWS = [
    ("household_size", _("People in the tax household"), "number"),
    ("income", _("Yearly household income (MAGI)"), "money"),
    ("poverty_guideline", _("Poverty guideline for that household size"), "money"),
    ("fpl_percent", _("Income as a percentage of the poverty guideline"), "percent"),
    ("applicable_percentage", _("Share of income expected toward the benchmark plan"), "share"),
    ("expected_contribution", _("Expected contribution a year"), "money"),
    ("monthly_contribution", _("Expected contribution a month (a year's / 12)"), "money"),
    ("benchmark_premium", _("Benchmark (second-lowest silver) premium a month"), "money"),
    ("aptc", _("Premium tax credit a month (benchmark - monthly contribution)"), "money"),
    ("csr", _("Cost-sharing reduction level"), "text"),
]


def _figures(determination) -> dict:
    result = dict(determination.result or {})
    result["income"] = (determination.input_snapshot or {}).get("income")
    contribution = result.get("expected_contribution")
    if contribution is not None:
        result["monthly_contribution"] = (Decimal(str(contribution)) / 12).quantize(Decimal("0.01"))
    return result


def compare(before, after) -> list[dict]:
    """One row per figure: the label, the value before and after, whether it changed."""
    old = _figures(before) if before is not None else {}
    new = _figures(after) if after is not None else {}
    rows = []
    for key, label, kind in ROWS:
        a, b = old.get(key), new.get(key)
        if a is None and b is None:
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "before": a,
                "after": b,
                "changed": str(a) != str(b),
            }
        )
    return rows


def members(before, after) -> list[dict]:
    """Each person's programs before and after (people matched by name)."""

    def by_name(determination):
        if determination is None:
            return {}
        people = determination.input_snapshot.get("people") or []
        rows = determination.result.get("members") or []
        return {
            (people[i].get("name") if i < len(people) else str(i)): row
            for i, row in enumerate(rows)
        }

    old, new = by_name(before), by_name(after)
    names = list(dict.fromkeys([*old, *new]))
    return [
        {
            "name": n,
            "before": _program(old.get(n)),
            "after": _program(new.get(n)),
            # In the page's language from the stored message codes (English text, marked
            # lang="en", where a stored line has none).
            "reasons": localize(
                (new.get(n) or {}).get("reasons"),
                (new.get(n) or {}).get("reason_codes"),
                get_language(),
            ),
        }
        for n in names
    ]


def _program(row) -> str:
    if row is None:
        return str(_("Not in the household"))
    if row.get("medicaid"):
        return "Medicaid"
    if row.get("chip"):
        return "CHIP"
    if row.get("qhp"):
        return (
            str(_("Marketplace plan with a tax credit"))
            if row.get("aptc")
            else str(_("Marketplace plan"))
        )
    return str(_("Not eligible for a Marketplace plan"))
