"""Template filters for the provider and drug pages and the plan marks, in the reader's
language (numbers through Django's locale formats: "2.5 miles", "2,5 millas")."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.providers_and_drugs import labels

register = template.Library()

AFTER_DEDUCTIBLE = ("AFTER-DEDUCTIBLE", "NO-CHARGE-AFTER-DEDUCTIBLE")
NO_CHARGE = ("NO-CHARGE", "NO-CHARGE-AFTER-DEDUCTIBLE")


@register.filter
def specialty(value: str) -> str:
    return labels.specialty(value)


@register.filter
def drug_tier(value: str) -> str:
    return labels.drug_tier(value)


@register.filter
def network_tier(value: str) -> str:
    return labels.network_tier(value)


@register.filter
def accepting(value: str) -> str:
    return labels.accepting(value)


@register.filter
def language(value: str) -> str:
    return labels.language(value)


@register.filter
def miles(value) -> str:
    """'2.5 miles away' / 'a 2,5 millas' ('in this zip code' for 0)."""
    if value is None:
        return ""
    if not value:
        return _("in this zip code")
    amount = Decimal(str(value))
    shown = number_format(amount, 1, use_l10n=True)
    count = 1 if amount == 1 else 2
    return ngettext("%(miles)s mile away", "%(miles)s miles away", count) % {"miles": shown}


def _money(amount: Decimal) -> str:
    places = 0 if amount == amount.to_integral_value() else 2
    return "$" + number_format(amount, places, use_l10n=True, force_grouping=True)


@register.filter
def cost_share(share) -> str:
    """A tier's retail month in words: '$35 copay', '40% coinsurance after the deductible',
    'No charge'; empty when the plan filed none."""
    if share is None:
        return ""
    after = share.copay_option in AFTER_DEDUCTIBLE or share.coinsurance_option in AFTER_DEDUCTIBLE
    parts = []
    if share.copay:
        parts.append(_("%(amount)s copay") % {"amount": _money(share.copay)})
    if share.coinsurance:
        percent = number_format(share.coinsurance * 100, 0, use_l10n=True)
        parts.append(_("%(percent)s%% coinsurance") % {"percent": percent})
    if not parts:
        if share.copay_option in NO_CHARGE or share.coinsurance_option in NO_CHARGE:
            parts.append(_("No charge"))
        else:
            return ""
    text = parts[0]
    if len(parts) == 2:
        text = _("%(copay)s and %(coinsurance)s") % {"copay": parts[0], "coinsurance": parts[1]}
    return _("%(cost)s after the deductible") % {"cost": text} if after else text


@register.filter
def get_error(errors: dict, name: str) -> str:
    """errors[name], or ''."""
    return (errors or {}).get(name, "")


@register.filter
def mark_text(mark) -> str:
    """One chosen provider or drug against a plan, in words: 'Dr. Ana Ruiz: in network',
    'metformin ...: covered (generic, $10 copay); needs prior authorization'."""
    if mark.kind == "provider":
        return _provider_mark(mark)
    values = {"name": mark.name}
    if mark.coverage == "NotCovered":
        return _("%(name)s: not covered") % values
    if not mark.covered:
        return _("%(name)s: no drug list from this insurer") % values
    details = [labels.drug_tier(mark.drug_tier)]
    if cost_share(mark.cost_share):
        details.append(cost_share(mark.cost_share))
    text = _("%(name)s: covered (%(details)s)") % {**values, "details": ", ".join(details)}
    limits = []
    if mark.prior_authorization:
        limits.append(_("needs prior authorization"))
    if mark.step_therapy:
        limits.append(_("step therapy"))
    if mark.quantity_limit:
        limits.append(_("quantity limit"))
    return "; ".join([text, *limits])


def _provider_mark(mark) -> str:
    values = {"name": mark.name}
    if mark.coverage == "NotCovered":
        return _("%(name)s: not in network") % values
    if not mark.covered:
        return _("%(name)s: no provider list from this insurer") % values
    if mark.network_tier and mark.network_tier != "PREFERRED":
        tier = labels.network_tier(mark.network_tier)
        return _("%(name)s: in network (%(tier)s)") % {**values, "tier": tier}
    return _("%(name)s: in network") % values
