"""Casework forms."""

from __future__ import annotations

import re

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Language
from marketplace.applications import forms as app_forms
from marketplace.applications.models import FilingStatus
from marketplace.assisters.models import Kind
from marketplace.casework import search
from marketplace.casework.models import CLOSING, CallResult, OverrideReason, SignatureMethod
from marketplace.catalog.geography import counties_of
from marketplace.core.channel import Channel
from marketplace.core.uploads import checked_document, document_field


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


# Paper and telephone applications: the applications app's own forms (the same questions,
# the same checks and messages as on line), plus what only staff record.
PAPER_PEOPLE = 6  # the room the page gives at first
MOST_PEOPLE = 30  # the most the caseworker can make room for


def room(raw) -> int:
    """The people the page has room for, from the caseworker's "how many people": from 1
    to MOST_PEOPLE; anything else, the first room."""
    text = str(raw or "").strip()
    if not text.isdigit() or len(text) > 4:
        return PAPER_PEOPLE
    return min(max(int(text), 1), MOST_PEOPLE)


class PaperPersonForm(app_forms.PlainForm):
    """Per person, beyond the on-line "people" step: the answers of the later steps this
    page asks (citizenship, yearly wages, seeking coverage)."""

    citizen = app_forms._yes_no(_("Is this person a U.S. citizen or U.S. national?"))
    wages_yearly = app_forms._money(_("Wages and salary for the year, before taxes"))
    seeking = app_forms._yes_no(_("Is this person asking for coverage?"))


class PaperApplicationForm(app_forms.PlainForm):
    channel = forms.ChoiceField(
        label=_("How the application came in"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        widget=forms.RadioSelect,
    )
    signature_method = forms.ChoiceField(
        label=_("How it was signed"), choices=SignatureMethod.choices, widget=forms.RadioSelect
    )
    signature_name = forms.CharField(label=_("Name as signed"), max_length=200)
    signed_on = forms.DateField(
        label=_("Date signed"),
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2026-11-30."),
    )
    filing_status = forms.ChoiceField(
        label=_("Tax filing status"), choices=[("", "-"), *FilingStatus.choices]
    )
    renewal_years = app_forms.renewal_years_field(required=True)  # as the paper answers it
    language = forms.ChoiceField(label=_("Language for notices"), choices=Language.choices)
    identity_how = forms.CharField(
        label=_("How you confirmed the person's identity"),
        max_length=200,
        help_text=_("For example: driver's license seen; identity questions answered on the call."),
    )
    scan = document_field(
        _("The scanned paper application"),
        required=False,
        also=_("Required for a paper application."),
    )

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        return checked_document(upload) if upload else upload

    def clean(self):
        cleaned = super().clean()
        channel, method = cleaned.get("channel"), cleaned.get("signature_method")
        if channel == Channel.PAPER and not cleaned.get("scan") and not self.has_error("scan"):
            self.add_error_for("scan", _("attach the scanned paper application."))
        if channel == Channel.PAPER and method == SignatureMethod.TELEPHONIC:
            self.add_error_for("signature_method", _("a paper application is signed in ink."))
        if channel == Channel.PHONE and method == SignatureMethod.INK:
            self.add_error_for(
                "signature_method", _("an application by telephone has a telephonic signature.")
            )
        return cleaned


def paper_forms(data=None, files=None, *, state: str, people_room: int = PAPER_PEOPLE):
    """(the staff form, the address form, the people's forms: (MemberForm, PaperPersonForm)),
    with room for `people_room` people."""
    main = PaperApplicationForm(data, files)
    address = app_forms.AddressForm(data, prefix="address", state=state)
    people = []
    for index in range(people_room):
        prefix = f"p{index}"
        optional = index > 0
        people.append(
            (
                app_forms.MemberForm(
                    data, prefix=prefix, empty_permitted=optional, use_required_attribute=False
                ),
                PaperPersonForm(
                    data, prefix=prefix, empty_permitted=optional, use_required_attribute=False
                ),
            )
        )
    return main, address, people


class OverrideForm(forms.Form):
    """Override a verification, or the household's income, with a reason code and a note
    (casework/overrides.py). `targets` are (value, label) of what this household has:
    "verify:<item id>" for each verification still open, "income:<application id>" for
    each determined application."""

    target = forms.ChoiceField(label=_("What to override"), widget=forms.RadioSelect)
    income = forms.DecimalField(
        label=_("Yearly household income found (for an income correction)"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("In dollars, for example 31000. Leave empty to verify a fact."),
    )
    reason_code = forms.ChoiceField(
        label=_("Reason"), choices=OverrideReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What you saw or were told"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target") or ""
        if target.startswith("income:") and cleaned.get("income") is None:
            self.add_error("income", _("Enter the yearly household income you found."))
        return cleaned


AGREE = _("The person must agree to this before the plan is chosen.")


class PlanChoiceForm(forms.Form):
    """A plan chosen for a household on the telephone or from paper (casework/plan_choice.py):
    the plan, the tax credit to use, and the person's three agreements, the same as on the
    person's own checkout page."""

    plan = forms.ChoiceField(
        label=_("Plan"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Plan: choose one of the plans listed.")},
    )
    aptc = forms.DecimalField(
        label=_("Tax credit to use each month"),
        error_messages={"required": _("Tax credit to use each month: enter an amount, 0 or more.")},
        min_value=0,
        max_value=100_000,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    truthful = forms.BooleanField(
        error_messages={"required": AGREE},
        label=_(
            "The information on my application is true, and I will report changes within 30 days."
        ),
    )
    reconcile = forms.BooleanField(
        error_messages={"required": AGREE},
        label=_(
            "If I use the tax credit, I will file a federal tax return for this year and "
            "reconcile the credit (IRS Form 8962)."
        ),
    )
    terms = forms.BooleanField(
        error_messages={"required": AGREE},
        label=_(
            "I choose this plan for the people listed, and I will pay my share of the premium "
            "to the insurance company."
        ),
    )
    channel = forms.ChoiceField(
        label=_("How the person chose"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.PAPER, Channel.PAPER.label)],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, plans=(), most=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = list(plans)
        if most is not None:
            self.fields["aptc"].help_text = _(
                "Ask the person how much to use: from 0 to the most, $%(most)s a month."
            ) % {"most": most}


class HelperForm(forms.Form):
    """A navigator, certified application counsellor, or licensed agent or broker (with the
    National Producer Number) to register (assisters.actions.register)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of helper"), choices=Kind.choices, widget=forms.RadioSelect
    )
    npn = forms.CharField(
        label=_("National Producer Number (NPN)"),
        required=False,
        max_length=10,
        help_text=_("Agents and brokers only: 1 to 10 digits."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Kind.BROKER and not cleaned.get("npn"):
            self.add_error("npn", _("An agent or broker needs their NPN."))
        return cleaned


class QueueFilterForm(forms.Form):
    """Which of a queue's open items a page or a calling list shows (in the address: a
    choice and a county code, never a person's data). `county` only where the queue knows
    its items' county."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All open items")), ("mine", _("Mine")), ("unassigned", _("Nobody's yet"))],
    )
    county = forms.ChoiceField(label=_("County"), required=False)

    def __init__(self, *args, by_county: bool, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_county:
            del self.fields["county"]
            return
        self.fields["county"].choices = [("", _("All counties"))] + [
            (county.fips, county.name) for county in counties_of(state)
        ]

    def chosen(self) -> tuple[str, str]:
        """(show, county): what was asked for where it is valid, else everything."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("show") or "", data.get("county") or ""


class RenewalCallForm(forms.Form):
    """What came of a call about a renewal (casework/renewal_calls.py). `token` makes the same
    form sent twice one call."""

    result = forms.ChoiceField(
        label=_("What came of the call"), choices=CallResult.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the household said it will do. Kept encrypted, shown to staff only."),
    )
    call_back_on = forms.DateField(
        label=_("Call again on (optional)"),
        required=False,
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "For a message left or no answer: the household leaves the queue until that day. "
            "For example 2026-12-09."
        ),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, today, last_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.last_day = today, last_day

    def clean(self):
        cleaned = super().clean()
        day, result = cleaned.get("call_back_on"), cleaned.get("result")
        if day is None:
            return cleaned
        if result in CLOSING:
            self.add_error(
                "call_back_on",
                _(
                    "Leave it empty: a call that reached the household or found no working "
                    "number ends the calls."
                ),
            )
        elif day <= self.today:
            self.add_error("call_back_on", _("Choose a day after today."))
        elif self.last_day is not None and day > self.last_day:
            self.add_error(
                "call_back_on",
                _("Choose a day by %(day)s, when open enrollment closes.")
                % {"day": date_format(self.last_day, "DATE_FORMAT")},
            )
        return cleaned
