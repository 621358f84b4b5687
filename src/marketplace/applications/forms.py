"""One form per application step. Every message names its field in plain words."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from marketplace.applications.models import (
    MAX_MEMBERS,
    DocumentType,
    FilingStatus,
    Frequency,
    Immigration,
    IncomeSource,
    Member,
    OtherCoverage,
    Relationship,
    Sex,
)
from marketplace.catalog.geography import counties_for_zip
from marketplace.core import clock
from marketplace.core.amount_field import LARGEST, AmountField

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label, required=True, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=required,
        empty_value=None,
        **kwargs,
    )


def _money(label, required=False, allow_negative=False, largest=LARGEST):
    """A dollar amount as people type it ("35,000", "$35,000.00"; core/amounts.py)."""
    return AmountField(
        label=label, required=required, allow_negative=allow_negative, largest=largest
    )


def _how_often(label):
    """How often an amount is paid: always asked, never assumed (a yearly amount taken for
    a monthly one would be counted twelve times)."""
    return forms.ChoiceField(
        label=format_lazy(_("How often: {label}"), label=label),
        choices=[("", _("Choose how often")), *Frequency.choices],
        required=False,
    )


class PlainForm(forms.Form):
    """Messages that say which field is wrong and what to do; USWDS classes on inputs."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label
            field.error_messages["required"] = format_lazy(
                _("{label}: please answer this question."), label=label
            )
            field.error_messages["invalid"] = format_lazy(
                _("{label}: this does not look right; check what you typed."), label=label
            )
            field.error_messages["invalid_choice"] = format_lazy(
                _("{label}: choose one of the options."), label=label
            )
            field.error_messages["min_value"] = format_lazy(
                _("{label}: enter 0 or more."), label=label
            )
            field.error_messages["max_decimal_places"] = format_lazy(
                _("{label}: use at most 2 digits after the decimal point."), label=label
            )
            field.error_messages["max_length"] = format_lazy(
                _("{label}: use at most %(limit_value)d characters."), label=label
            )
            for too_long in ("max_digits", "max_whole_digits"):
                field.error_messages[too_long] = format_lazy(
                    _("{label}: this amount is too large; check what you typed."), label=label
                )
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "usa-checkbox__input")
            elif isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "usa-radio__input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "usa-select")
            elif isinstance(widget, (forms.TextInput, forms.DateInput, forms.EmailInput)):
                widget.attrs.setdefault("class", "usa-input")

    def add_error_for(self, name: str, message) -> None:
        label = self.fields[name].label
        self.add_error(name, format_lazy("{label}: {message}", label=label, message=message))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-error"
                widget.attrs["aria-invalid"] = "true"
                if "class" in widget.attrs and "usa-input--error" not in widget.attrs["class"]:
                    widget.attrs["class"] += " usa-input--error"


#: The most a monthly employer premium can be (the stored field's size is larger).
ESI_LARGEST = Decimal("99999")


def household_full_message():
    return format_lazy(
        _(
            "An application can list at most {count} people. For a larger household, a "
            "caseworker can help you apply."
        ),
        count=MAX_MEMBERS,
    )


SSN_PATTERN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")


def ssn_digits(raw: str) -> str | None:
    """The 9 digits of an SSN typed with or without dashes and spaces; "" for none; None
    when it cannot be an SSN (an area of 000, 666 or 900-999: never issued)."""
    raw = (raw or "").strip().replace(" ", "")
    if not raw:
        return ""
    match = SSN_PATTERN.match(raw)
    area = match.group(1) if match else ""
    if not match or area in ("000", "666") or area.startswith("9"):
        return None
    return "".join(match.groups())


def cleaned_ssn(form, name: str = "ssn") -> str:
    """A form's `clean_<name>` for an SSN field: its digits, or "" with the field's error."""
    digits = ssn_digits(form.cleaned_data.get(name, ""))
    if digits is None:
        form.add_error_for(name, _("enter 9 digits, like 123-45-6789."))
        return ""
    return digits


class MemberForm(PlainForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 1985-04-28."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to you"), choices=[("", "-"), *Relationship.choices]
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    ssn = forms.CharField(
        label=_("Social Security number"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("9 digits. Optional for people not asking for coverage."),
    )

    def __init__(self, *args, application=None, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application, self.member = application, member
        if member is not None and member.has_ssn:
            self.fields["ssn"].help_text = _("On file. Leave blank to keep it.")

    def clean(self):
        cleaned = super().clean()
        adding = self.application is not None and self.member is None
        if adding and self.application.members.count() >= MAX_MEMBERS:
            raise forms.ValidationError(household_full_message())
        return cleaned

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = clock.today()
        if born > today:
            self.add_error_for("date_of_birth", _("the date cannot be in the future."))
        elif today.year - born.year > 120:
            self.add_error_for("date_of_birth", _("check the year; it is more than 120 years ago."))
        return born

    def clean_ssn(self):
        return cleaned_ssn(self)

    def clean_relationship(self):
        relationship = self.cleaned_data["relationship"]
        if self.application is None:
            return relationship
        others = self.application.members.all()
        if self.member is not None:
            others = others.exclude(pk=self.member.pk)
        if (
            relationship in (Relationship.SELF, Relationship.SPOUSE)
            and others.filter(relationship=relationship).exists()
        ):
            self.add_error_for(
                "relationship",
                _("only one person can be “yourself” and only one your spouse."),
            )
        return relationship


class TaxForm(PlainForm):
    tax_filer = _yes_no(_("Will you file a federal income tax return for the coverage year?"))
    filing_status = forms.ChoiceField(
        label=_("Filing status"), choices=FilingStatus.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.claim_fields = {}
        for member in self.members:
            if member.relationship in (Relationship.SELF, Relationship.SPOUSE):
                continue
            name = f"claim_{member.public_id.hex}"
            self.fields[name] = _yes_no(
                format_lazy(_("Will you claim {name} as a dependent?"), name=member.name)
            )
            self.fields[name].error_messages["required"] = format_lazy(
                _("{label}: please answer this question."), label=self.fields[name].label
            )
            self.claim_fields[name] = member

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("filing_status")
        has_spouse = any(m.relationship == Relationship.SPOUSE for m in self.members)
        if status and has_spouse and status != FilingStatus.MARRIED_JOINT:
            self.add_error_for(
                "filing_status",
                _(
                    "your spouse is on this application, so choose “Married, filing "
                    "jointly”, or remove your spouse and apply separately."
                ),
            )
        if status == FilingStatus.MARRIED_JOINT and not has_spouse:
            self.add_error_for("filing_status", _("add your spouse to the household first."))
        for name, _member in self.claim_fields.items():
            if cleaned.get(name) is False:
                self.add_error_for(
                    name,
                    _(
                        "only people on your tax return can be on this application. Remove "
                        "this person from the household; they can apply on their own."
                    ),
                )
        return cleaned

    def roles(self) -> dict[int, str]:
        roles = {}
        for member in self.members:
            if member.relationship == Relationship.SELF:
                roles[member.pk] = "filer"
            elif member.relationship == Relationship.SPOUSE:
                roles[member.pk] = "joint"
            else:
                roles[member.pk] = "dependent"
        return roles


class AddressForm(PlainForm):
    street = forms.CharField(label=_("Street address"), max_length=200)
    city = forms.CharField(label=_("City or town"), max_length=100)
    zipcode = forms.CharField(
        label=_("ZIP code"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    countyfips = forms.ChoiceField(label=_("County"), required=False, choices=[])
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    # 254: the stored column (RFC 5321's limit on a forward path less its brackets).
    contact_email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state
        zipcode = self.data.get(self.add_prefix("zipcode")) or self.initial.get("zipcode") or ""
        self.counties = []
        if re.fullmatch(r"\d{5}", zipcode.strip()):
            self.counties = counties_for_zip(zipcode.strip(), state)
        self.fields["countyfips"].choices = [("", "-")] + [(c.fips, c.name) for c in self.counties]
        self.fields["countyfips"].widget.attrs["class"] = "usa-select"

    def clean_zipcode(self):
        zipcode = self.cleaned_data["zipcode"].strip()
        if not re.fullmatch(r"\d{5}", zipcode):
            self.add_error_for("zipcode", _("enter the 5 digits of your ZIP code."))
        elif not self.counties:
            self.add_error_for(
                "zipcode",
                format_lazy(
                    _("{zip} is not a ZIP code in {state}; this Marketplace serves {state}."),
                    zip=zipcode,
                    state=self.state,
                ),
            )
        return zipcode

    def clean(self):
        cleaned = super().clean()
        if self.counties and not self.has_error("zipcode"):
            if len(self.counties) == 1:
                cleaned["countyfips"] = self.counties[0].fips
            elif not cleaned.get("countyfips"):
                self.add_error_for(
                    "countyfips", _("your ZIP code is in more than one county; choose yours.")
                )
        return cleaned


class DetailsForm(PlainForm):
    citizen = _yes_no(_("Is this person a U.S. citizen or U.S. national?"))
    immigration_status = forms.ChoiceField(
        label=_("Immigration status"),
        required=False,
        choices=[("", "-"), *Immigration.choices],
        help_text=_(
            "A person with a green card chooses one of the permanent resident answers, even "
            "if they first came as a refugee or asylee. From 2027, only permanent residents, "
            "Cuban or Haitian entrants and citizens of Micronesia, the Marshall Islands or "
            "Palau can get help paying for a Marketplace plan; people with other lawful "
            "statuses can still buy one at full price."
        ),
    )
    document_type = forms.ChoiceField(
        label=_("Immigration document type"),
        required=False,
        choices=[("", "-"), *DocumentType.choices],
    )
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    incarcerated = _yes_no(_("Is this person in jail or prison (not pending charges)?"))
    aian = _yes_no(_("Is this person an American Indian or Alaska Native?"))
    pregnant = _yes_no(_("Is this person pregnant?"), required=False)
    tobacco = _yes_no(_("Has this person used tobacco regularly in the last 6 months?"))
    other_coverage = forms.ChoiceField(
        label=_("Does this person have other health coverage now?"),
        choices=OtherCoverage.choices,
        widget=forms.RadioSelect,
    )
    esi_offered = _yes_no(_("Is this person offered health coverage by an employer?"))
    esi_employee_premium = _money(
        _("Monthly premium for the employee only (lowest-cost plan)"), largest=ESI_LARGEST
    )
    esi_family_premium = _money(_("Monthly premium for the whole family"), largest=ESI_LARGEST)
    esi_min_value = _yes_no(_("Does the employer plan meet the minimum value standard?"), False)

    def __init__(self, *args, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if member is not None and member.sex == Sex.MALE:
            del self.fields["pregnant"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("citizen") is False:
            status = cleaned.get("immigration_status")
            if not status:
                self.add_error_for("immigration_status", _("choose this person's status."))
            elif status != Immigration.NONE and not cleaned.get("document_type"):
                self.add_error_for("document_type", _("choose the document this person has."))
        else:
            cleaned["immigration_status"] = cleaned["document_type"] = ""
            cleaned["document_number"] = ""
        if cleaned.get("esi_offered"):
            if cleaned.get("esi_employee_premium") is None:
                self.add_error_for("esi_employee_premium", _("enter the monthly amount."))
            if cleaned.get("esi_min_value") is None:
                self.add_error_for("esi_min_value", _("please answer this question."))
        else:
            cleaned["esi_employee_premium"] = cleaned["esi_family_premium"] = None
            cleaned["esi_min_value"] = None
        if "pregnant" not in self.fields:
            cleaned["pregnant"] = False
        elif cleaned.get("pregnant") is None:
            cleaned["pregnant"] = False
        return cleaned


class IncomeForm(PlainForm):
    """One person's income by source, each with how often it is paid, and deductions."""

    def __init__(self, *args, member: Member, **kwargs):
        kwargs.setdefault("prefix", f"m{member.public_id.hex[:12]}")
        super().__init__(*args, **kwargs)
        self.member = member
        self.sources = []
        for source, label in IncomeSource.choices:
            self.fields[source] = _money(
                format_lazy("{label} ({name})", label=label, name=member.name),
                allow_negative=source == IncomeSource.SELF_EMPLOYMENT,
            )
            self.fields[f"{source}_frequency"] = _how_often(label)
            self.sources.append((self[source], self[f"{source}_frequency"]))
        self.fields["deductions"] = _money(format_lazy(_("Deductions ({name})"), name=member.name))
        self.fields["deductions_frequency"] = _how_often(_("Deductions"))
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "usa-select"
            else:
                field.widget.attrs.setdefault("class", "usa-input")

    def clean(self):
        cleaned = super().clean()
        for amount in [*IncomeSource.values, "deductions"]:
            if cleaned.get(amount) and not cleaned.get(f"{amount}_frequency"):
                self.add_error_for(f"{amount}_frequency", _("choose how often it is paid."))
        return cleaned

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            "incomes": [
                (s, data[s], data[f"{s}_frequency"]) for s in IncomeSource.values if data.get(s)
            ],
            "deductions": [(data["deductions"], data["deductions_frequency"])]
            if data.get("deductions")
            else [],
        }


class SeekingForm(PlainForm):
    seeking = forms.MultipleChoiceField(
        label=_("Who is asking for health coverage?"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.public_id.hex: m for m in members}
        self.fields["seeking"].choices = [(key, m.name) for key, m in self.members.items()]
        self.fields["seeking"].error_messages["required"] = format_lazy(
            _("{label}: choose at least one person."), label=self.fields["seeking"].label
        )

    def chosen(self) -> list[int]:
        return [self.members[key].pk for key in self.cleaned_data["seeking"]]


RENEWAL_YEARS = [
    (5, _("Yes, for 5 years")),
    (4, _("Yes, for 4 years")),
    (3, _("Yes, for 3 years")),
    (2, _("Yes, for 2 years")),
    (1, _("Yes, for 1 year")),
    (0, _("No, do not use my tax data")),
]


def renewal_years_field(required: bool):
    """For how many years the tax data may be used to renew (45 CFR 155.335(k)(1)): on the
    signature page nothing chosen is "no", as the box it replaced was (ADR 0840)."""
    return forms.TypedChoiceField(
        label=_("May we use your tax data to renew your coverage in the coming years?"),
        help_text=_(
            "Each year before open enrollment we check the income on your application with "
            "the IRS, so your savings for the next year stay right. You can change this at "
            "any time from your account."
        ),
        choices=RENEWAL_YEARS,
        coerce=int,
        empty_value=0,
        required=required,
        widget=forms.RadioSelect,
    )


class RenewalAuthorizationForm(PlainForm):
    renewal_years = renewal_years_field(required=True)


class SignForm(PlainForm):
    attest_true = forms.BooleanField(
        label=_(
            "I confirm that the information in this application is true to the best of my "
            "knowledge, and I understand the penalties for giving false information."
        )
    )
    attest_changes = forms.BooleanField(
        label=_("I will report changes (income, household, address, coverage) within 30 days.")
    )
    renewal_years = renewal_years_field(required=False)
    signature_name = forms.CharField(label=_("Type your full name to sign"), max_length=200)

    def __init__(self, *args, applicant: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        for name in ("attest_true", "attest_changes"):
            self.fields[name].error_messages["required"] = format_lazy(
                _("{label}: check this box to go on."), label=self.fields[name].label
            )

    def clean_signature_name(self):
        typed = " ".join(self.cleaned_data["signature_name"].split())
        if self.applicant is not None and typed.lower() != self.applicant.name.lower():
            self.add_error_for(
                "signature_name",
                format_lazy(
                    _("type your name as it is on the application: {name}."),
                    name=self.applicant.name,
                ),
            )
        return typed
