"""The form field for dollar amounts, and the one wording of what is wrong with one.

Every money field of the application and shopping forms reads what people type with
`core.amounts.parse_amount` in the page's language, and every refusal names the field.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.core.amounts import AmountError, parse_amount

#: No household income, premium or deduction is this large; a bigger number is a typo.
LARGEST = Decimal("100000000")


def read_amount(raw: str, *, allow_negative: bool = False, largest: Decimal = LARGEST) -> Decimal:
    """`parse_amount` in the active language, also refusing amounts beyond `largest`."""
    value = parse_amount(raw, (get_language() or "en")[:2], allow_negative=allow_negative)
    if abs(value) > largest:
        raise AmountError("too_large", raw.strip())
    return value


def describe(error: AmountError, label) -> str:
    """What is wrong with a typed amount, naming the field: "Income: ..."."""
    if error.reason == "ambiguous":
        whole, _sep, tail = error.typed.replace("$", "").strip().partition(".")
        message = _(
            "“%(typed)s” could mean %(small)s dollars or %(large)s dollars. Type it without "
            "the period, like %(plain)s, or with cents, like %(plain)s.00."
        ) % {
            "typed": error.typed,
            "small": whole,
            "large": f"{int(whole + tail):,}",
            "plain": whole + tail,
        }
    elif error.reason == "cents":
        message = _("use at most 2 digits after the decimal point.")
    elif error.reason == "negative":
        message = _("enter 0 or more.")
    elif error.reason == "too_large":
        message = _("check the amount; it is too large.")
    else:
        message = _("enter an amount in dollars, like 1,250.50.")
    return _("%(label)s: %(message)s") % {"label": label, "message": message}


class AmountField(forms.Field):
    """A dollar amount (Decimal, at most 2 decimals), or None when left empty."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *, allow_negative: bool = False, largest: Decimal = LARGEST, **kwargs):
        self.allow_negative, self.largest = allow_negative, largest
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return read_amount(str(value), allow_negative=self.allow_negative, largest=self.largest)
        except AmountError as error:
            raise forms.ValidationError(describe(error, self.label), code=error.reason) from None
