"""Template filters for money and the catalog's codes, in the shopper's language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import template

from marketplace.core import clock
from marketplace.shopping import labels
from marketplace.shopping.quotes import catalog_years, plan_year

register = template.Library()


@register.filter
def money(value) -> str:
    """'$1,234.56'; an empty value reads as a dash."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"${amount:,.2f}"


@register.filter
def amount(value) -> str:
    """'1,234.56' (no dollar sign, for a template that writes '$' itself); the same in
    English and Spanish, as the rules' messages write money; an empty value reads as a dash."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


@register.filter
def dollars(value) -> str:
    """Whole dollars: '$1,235'; an empty value reads as 'Not applicable'."""
    if value is None or value == "":
        return str(labels.NOT_APPLICABLE)
    amount = Decimal(value).quantize(Decimal("1"), ROUND_HALF_UP)
    return f"${amount:,.0f}"


@register.filter
def metal(value: str) -> str:
    return str(labels.METALS.get(value, value))


@register.filter
def relationship(value: str) -> str:
    return str(labels.RELATIONSHIPS.get(value, value))


@register.filter
def csr_label(value) -> str:
    return str(labels.CSR.get(value, labels.CSR[None]))


@register.filter
def use_level(value: str) -> str:
    return str(labels.USE_LEVELS.get(value, value))


@register.filter
def benefit_label(value: str) -> str:
    return str(labels.BENEFITS.get(value, value))


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value) -> str:
    """A fraction as a percent with up to 2 decimals: 0.0643 -> '6.43%'."""
    if value is None or value == "":
        return "—"
    number = (Decimal(value) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return f"{number:f}%"


@register.simple_tag
def plan_year_choice(estimate) -> dict:
    """The year these prices are for and the other year a shopper may want (docs/adr/0006):
    during open enrollment for next year, this year's plans stay in reach (for someone with a
    special enrollment period for the rest of this year); a shopper looking at another year
    gets back to the year on offer. `query` is the household's query for the other year."""
    on_offer, this_year = plan_year(), clock.today().year
    other = this_year if estimate.year == on_offer else on_offer
    if other == estimate.year or other not in catalog_years():
        return {"year": estimate.year, "other": None, "query": ""}
    items = [(k, v) for k, v in estimate.household.query_items() if k != "year"]
    if other != on_offer:
        items.append(("year", str(other)))
    return {
        "year": estimate.year,
        "other": other,
        "query": urlencode(items),
        "other_is_current": other == this_year and other != on_offer,
    }
