from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.uploads import checked_document, document_field


class UploadForm(forms.Form):
    file = document_field(_("Document file"))

    def clean_file(self):
        return checked_document(self.cleaned_data["file"])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verified")), ("reject", _("Not enough: ask for another document"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The person sees this reason."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionForm(forms.Form):
    """More time for a good-faith effort (45 CFR 155.315(f)(3)); `actions.extend_deadline`."""

    days = forms.IntegerField(
        label=_("Number of days to add"),
        help_text=_("From 1 to 90 days, added to the current due date."),
        min_value=1,
        max_value=90,
        error_messages={
            "required": _("Enter the number of days to add, from 1 to 90."),
            "invalid": _("Enter the number of days to add as a whole number, from 1 to 90."),
            "min_value": _("The number of days to add must be from 1 to 90."),
            "max_value": _("The number of days to add must be from 1 to 90."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        help_text=_("What the person did to get the documents. The person sees this reason."),
        max_length=1000,
        error_messages={"required": _("Enter the reason for the extension.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Enter the reason for the extension."))
        return reason
