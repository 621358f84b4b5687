"""Forms for the account pages. Passwords are checked against AUTH_PASSWORD_VALIDATORS."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import IdentityDocument, Language, NoticePreference, User
from marketplace.accounts.passwords import MAX_LENGTH
from marketplace.core import clock
from marketplace.core.uploads import checked_document, document_field


def _email_field(label=None):
    return forms.EmailField(
        label=label or _("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def _password_field(label, autocomplete):
    return forms.CharField(
        label=label,
        strip=False,
        max_length=MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class NewPasswordMixin:
    """Validates `password` for `self.password_user()` (role decides the minimum length)."""

    def password_user(self):
        raise NotImplementedError

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password, self.password_user())
        return password


class RegistrationForm(NewPasswordMixin, forms.Form):
    email = _email_field()
    password = _password_field(_("Password"), "new-password")
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mail and notices"),
        choices=Language.choices,
        widget=forms.RadioSelect,
    )

    def password_user(self):
        return User(email=self.cleaned_data.get("email", ""))


class SignInForm(forms.Form):
    email = _email_field()
    password = _password_field(_("Password"), "current-password")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(forms.Form):
    password = _password_field(_("Your current password"), "current-password")


class ResetRequestForm(forms.Form):
    email = _email_field()


class SetPasswordForm(NewPasswordMixin, forms.Form):
    password = _password_field(_("New password"), "new-password")

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user


class ChangePasswordForm(SetPasswordForm):
    current_password = _password_field(_("Current password"), "current-password")
    field_order = ["current_password", "password"]

    def clean_current_password(self):
        value = self.cleaned_data.get("current_password", "")
        if not self.user.check_password(value):
            raise forms.ValidationError(_("That is not your current password."))
        return value


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["preferred_language", "notice_preference"]
        labels = {
            "preferred_language": _("Language for pages, e-mail and notices"),
            "notice_preference": _("How we send you notices"),
        }
        widgets = {
            "preferred_language": forms.RadioSelect,
            "notice_preference": forms.RadioSelect(choices=NoticePreference.choices),
        }


class ChangeEmailForm(forms.Form):
    email = _email_field(_("New e-mail address"))
    current_password = _password_field(_("Current password"), "current-password")

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        value = self.cleaned_data.get("current_password", "")
        if not self.user.check_password(value):
            raise forms.ValidationError(_("That is not your current password."))
        return value


class IdentityFactsForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("For example: 1985-04-28"),
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput({"autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    ssn_last4 = forms.RegexField(
        label=_("Last 4 digits of your Social Security number"),
        help_text=_("We send these to the identity service only; we do not keep them."),
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter 4 digits.")},
    )

    def clean_date_of_birth(self):
        """A birth date is a day that has passed, within a lifetime."""
        born = self.cleaned_data["date_of_birth"]
        today = clock.today()
        if born > today:
            message = _("the date cannot be in the future.")
        elif today.year - born.year > 120:
            message = _("check the year; it is more than 120 years ago.")
        else:
            return born
        label = self.fields["date_of_birth"].label
        raise forms.ValidationError(format_lazy("{label}: {message}", label=label, message=message))


class QuestionsForm(forms.Form):
    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                # The provider's answers are names (streets, lenders, counties) shown as
                # they are; its "None of these" is ours to translate.
                choices=[(choice, gettext(choice)) for choice in question.choices],
                widget=forms.RadioSelect,
            )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of document"), choices=IdentityDocument.Kind.choices, widget=forms.RadioSelect
    )
    file = document_field(_("Document file"))

    def clean_file(self):
        return checked_document(self.cleaned_data["file"])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("deny", _("Deny"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The person sees this reason."),
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
    )
