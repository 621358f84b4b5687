from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.uploads import checked_document


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document file"),
        help_text=_("A PDF, JPEG or PNG file, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

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
