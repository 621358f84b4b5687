"""The year chosen on the readiness page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aca_rules import ANSWERED_YEARS


def year_choices() -> list[int]:
    """The years the page offers: every answered year and the year after the last one (to
    see what stays in force when nothing newer is entered)."""
    return list(range(ANSWERED_YEARS[0], ANSWERED_YEARS[-1] + 2))


def default_year() -> int:
    """The latest coverage year whose law has been entered."""
    return ANSWERED_YEARS[-1]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Coverage year"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose a coverage year from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in year_choices()]
        self.fields["year"].initial = default_year()
