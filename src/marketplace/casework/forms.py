"""Casework forms."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.casework import search


class SearchForm(forms.Form):
    """Find a household. Posted, never in the address: these are personal details."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Last name, or first and last name, of anyone in the household."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 1985-04-28."),
    )
    ssn_last_four = forms.CharField(
        label=_("Last four digits of the Social Security number"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    reference = forms.CharField(
        label=_("Application, enrollment or policy ID"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_ssn_last_four(self):
        value = self.cleaned_data["ssn_last_four"].strip()
        if value and not re.fullmatch(r"\d{4}", value):
            raise forms.ValidationError(_("Enter exactly four digits."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not search.phone_key(value):
            raise forms.ValidationError(_("Enter the ten-digit phone number, area code first."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.criteria().any():
            raise forms.ValidationError(_("Enter at least one detail to search by."))
        return cleaned

    def criteria(self) -> search.Criteria:
        data = self.cleaned_data
        return search.Criteria(
            name=data.get("name", "").strip(),
            birth=data.get("date_of_birth"),
            ssn4=data.get("ssn_last_four", ""),
            email=data.get("email", "").strip(),
            phone=data.get("phone", ""),
            reference=data.get("reference", "").strip(),
        )
