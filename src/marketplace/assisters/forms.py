from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.assisters import actions


class AuthoriseForm(forms.Form):
    """A household names the helper it authorises, by the helper's ID or NPN."""

    code = forms.CharField(
        label=_("Helper ID or National Producer Number (NPN)"),
        help_text=_("Your navigator, counsellor, agent or broker gives you this number."),
        max_length=10,
    )
    consent = forms.BooleanField(
        label=_(
            "I authorise this person to see my application, enrollment and notices and to "
            "act for my household until I withdraw it."
        ),
    )

    def clean_code(self):
        helper = actions.find(self.cleaned_data["code"])
        if helper is None:
            raise forms.ValidationError(
                _("We found no helper with this ID or NPN. Check the number and try again.")
            )
        self.helper = helper
        return self.cleaned_data["code"]
