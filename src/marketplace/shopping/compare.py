"""The 11 visit types of plan compare (features.md row 21), read for the chosen plans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.catalog.benefits import KEY_FOR_NAME, PLAN_COMPARE_BENEFITS
from marketplace.catalog.models import Benefit
from marketplace.catalog.versioning import versioned_cache

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


def describe(benefit: Benefit | Filed | None) -> str:
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


@dataclass(frozen=True, slots=True)
class Filed:
    """One benefit's in-network cost sharing as the issuer filed it (a Benefit's fields)."""

    is_covered: bool
    copay_in_network: str
    coinsurance_in_network: str


#: (year, plan id, variant) -> visit key -> Filed: catalog data, read once per plan and kept
#: until a catalog import lands (ADR 1702); each page words it in its own language.
_filed: dict = versioned_cache()
FILED_CACHE_SIZE = 20_000


def _filed_for(wanted: set[tuple[int, str, str]]) -> dict:
    """Each wanted (year, plan id, variant)'s filed cost sharing, from the cache or one query
    for every variant of the plans not yet read."""
    missing = {(year, plan_id) for year, plan_id, _v in wanted if (year, plan_id, _v) not in _filed}
    if missing:
        rows = Benefit.objects.filter(
            variant__plan__standard_component_id__in={p for _y, p in missing},
            variant__plan__year__in={y for y, _p in missing},
            name__in=list(PLAN_COMPARE_BENEFITS.values()),
        ).values_list(
            "variant__plan__year",
            "variant__plan__standard_component_id",
            "variant__variant",
            "name",
            "is_covered",
            "copay_in_network",
            "coinsurance_in_network",
        )
        read: dict = {}
        for year, plan_id, variant, name, covered, copay, coinsurance in rows:
            if (year, plan_id) in missing:
                found = read.setdefault((year, plan_id, variant), {})
                found[KEY_FOR_NAME[name]] = Filed(covered, copay, coinsurance)
        if len(_filed) + len(wanted) >= FILED_CACHE_SIZE:
            _filed.clear()
        for key in wanted:  # a variant with no benefit filed is remembered as such
            _filed[key] = read.get(key, _filed.get(key, {}))
        _filed.update(read)
    return {key: _filed.get(key, {}) for key in wanted}


def cost_sharing(quotes) -> dict[str, dict[str, str]]:
    """plan id -> visit key -> text, for the variant each quote's household gets."""
    wanted = {
        (q.info.year, q.info.plan_id, q.variant.variant if q.variant else "01") for q in quotes
    }
    filed = _filed_for(wanted)
    return {
        q.info.plan_id: {
            key: describe(benefit)
            for key, benefit in filed[
                (q.info.year, q.info.plan_id, q.variant.variant if q.variant else "01")
            ].items()
        }
        for q in quotes
    }


def benefits_for(quotes) -> list[BenefitRow]:
    """The 11 rows of the compare table (one query for the plans not read yet)."""
    if not quotes:
        return []
    texts = cost_sharing(quotes)
    return [
        BenefitRow(key, tuple(texts[q.info.plan_id].get(key, "—") for q in quotes))
        for key in PLAN_COMPARE_BENEFITS
    ]
