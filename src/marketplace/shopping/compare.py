"""The 11 visit types of plan compare (features.md row 21), read for the chosen plans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.catalog.benefits import KEY_FOR_NAME, PLAN_COMPARE_BENEFITS
from marketplace.catalog.models import Benefit

MAX_COMPARE = 4


@dataclass(frozen=True, slots=True)
class BenefitRow:
    """One visit type across the compared plans: one cell per plan, in plan order."""

    key: str
    cells: tuple[str, ...]


AMOUNT = re.compile(r"^\$?(\d[\d,]*(?:\.\d+)?)%?\s*(.*)$")


def _amount(number: str) -> str:
    value = float(number.replace(",", ""))
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def phrase(text: str, kind: str) -> str | None:
    """One PUF cost-sharing phrase in the shopper's language ('$30.00' -> '$30 copay')."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    if not cleaned or lowered == "not applicable":
        return None
    if lowered == "no charge":
        return _("No charge")
    if lowered == "no charge after deductible":
        return _("No charge after deductible")
    match = AMOUNT.match(cleaned)
    if not match:
        return cleaned
    amount, rest = _amount(match.group(1)), match.group(2).lower()
    after = "after deductible" in rest
    if kind == "copay":
        if after:
            return _("$%(amount)s copay after deductible") % {"amount": amount}
        return _("$%(amount)s copay") % {"amount": amount}
    if after:
        return _("%(amount)s%% coinsurance after deductible") % {"amount": amount}
    return _("%(amount)s%% coinsurance") % {"amount": amount}


def describe(benefit: Benefit | None) -> str:
    """In-network cost sharing as filed, in the shopper's language (or 'Not covered')."""
    if benefit is None:
        return "—"
    if not benefit.is_covered:
        return _("Not covered")
    parts = [
        phrase(benefit.copay_in_network, "copay"),
        phrase(benefit.coinsurance_in_network, "coinsurance"),
    ]
    parts = [p for p in parts if p]
    if len(parts) == 2 and parts[0] in (_("No charge"), _("No charge after deductible")):
        parts = parts[1:]
    return "; ".join(parts) if parts else "—"


def cost_sharing(quotes) -> dict[str, dict[str, str]]:
    """plan id -> visit key -> text, for the variant each quote's household gets."""
    wanted = {(q.info.plan_id, q.variant.variant if q.variant else "01") for q in quotes}
    rows = Benefit.objects.filter(
        variant__plan__standard_component_id__in=[p for p, _ in wanted],
        variant__plan__year__in={q.info.year for q in quotes},
        name__in=list(PLAN_COMPARE_BENEFITS.values()),
    ).select_related("variant__plan")
    found: dict[str, dict[str, str]] = {q.info.plan_id: {} for q in quotes}
    for row in rows:
        plan_id = row.variant.plan.standard_component_id
        if (plan_id, row.variant.variant) in wanted:
            found[plan_id][KEY_FOR_NAME[row.name]] = describe(row)
    return found


def benefits_for(quotes) -> list[BenefitRow]:
    """The 11 rows of the compare table (one query)."""
    if not quotes:
        return []
    texts = cost_sharing(quotes)
    return [
        BenefitRow(key, tuple(texts[q.info.plan_id].get(key, "—") for q in quotes))
        for key in PLAN_COMPARE_BENEFITS
    ]
