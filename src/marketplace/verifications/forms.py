from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.core.uploads import document_type


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document file"),
        help_text=_("A PDF, JPEG or PNG file, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.VERIFICATION_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        sniffed = document_type(upload)
        if not sniffed:
            raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
        upload.content_type = sniffed
        return upload


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
