"""The report-a-change form: one form, the fields each kind of change asks (kinds.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aca_rules import sep
from marketplace.applications.forms import PlainForm, _money, _yes_no, cleaned_ssn
from marketplace.applications.models import (
    DocumentType,
    Immigration,
    IncomeSource,
    Relationship,
    Sex,
)
from marketplace.changes.kinds import ABOUT_MEMBER, COVERAGE, LEAVING, NEW_PERSON
from marketplace.core import clock

DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]


DATE_HINT = _("For example 2026-04-28.")


#: How far from today an event's date may be: a window counted from a date near the ends
#: of the calendar (year 1, year 9999) cannot be worked out, and no real event is there.
EARLIEST_EVENT_YEAR = 1900
LATEST_EVENT_YEARS_AHEAD = 1


class EventDateField(forms.DateField):
    """A date from 1900 to a year from today, refused by name otherwise."""

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            return day
        today = clock.today()
        latest = today.replace(year=today.year + LATEST_EVENT_YEARS_AHEAD, day=min(today.day, 28))
        if day.year < EARLIEST_EVENT_YEAR or day > latest:
            raise forms.ValidationError(
                _("Enter a date between 1900 and %(latest)s.") % {"latest": latest.isoformat()},
                code="out_of_range",
            )
        return day


def _date(label):
    return EventDateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=DATE_HINT,
    )


#: 45 CFR 155.420(c)(5) (ADR 0716): asked only for the events it can apply to.
LEARNED_ON_LABEL = _(
    "Only if you did not get timely notice of it and did not otherwise know of it: the date "
    "you learned of it (optional)"
)


def _learned_on_field():
    return forms.DateField(
        label=LEARNED_ON_LABEL,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=DATE_HINT,
    )


def late_notice_kind(kind: str) -> bool:
    """A reported change of `kind` opens a period that can count from the day the person
    learned of the event (events.yaml `late_notice`, 155.420(c)(5))."""
    return any(kind in e.change_kinds and e.late_notice for e in sep.events().values())


def _check_learned_on(form) -> None:
    """155.420(c)(5): the date the person learned of the event cannot be in the future (one
    on or before the event is taken and changes nothing)."""
    learned = form.cleaned_data.get("learned_on")
    if learned is not None and learned > clock.today():
        form.add_error_for("learned_on", _("the date cannot be in the future."))


def _prior_coverage_field():
    """45 CFR 155.420(a)(5): asked where the exchange may not know (prior_coverage.py)."""
    return forms.ChoiceField(
        label=_(
            "In the 60 days before the change, did anyone in the household have health coverage?"
        ),
        help_text=_(
            "Needed for a special enrollment period after a move, a marriage or a drop in "
            "income, unless our records already show it."
        ),
        choices=[
            ("", _("Not answered")),
            ("coverage", _("Yes, on at least one of those days")),
            ("abroad", _("No, but we lived outside the United States or in a U.S. territory")),
            ("none", _("No")),
        ],
        required=False,
    )


def _covered_members_field(people):
    """45 CFR 155.420(a)(5), (d)(7)(i): each person who moves needs coverage in the 60 days
    before the move; naming them gives the period to those named only."""
    return forms.MultipleChoiceField(
        label=_(
            "Who had health coverage on at least one of the 60 days before the move, or lived "
            "outside the United States or in a U.S. territory then?"
        ),
        help_text=_(
            "If you name people here, the period is for them (and for anyone our records "
            "show had coverage), not for the others."
        ),
        choices=[(str(m.public_id), m.name) for m in people],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


#: 45 CFR 155.420(d)(1)(i): "The date of the loss of coverage is the last day the consumer
#: would have coverage"; (b)(2)(iv) counts the start date from it (ADR 0716).
EVENT_DATE_LABELS = {"coverage_lost": _("Last day of the old coverage")}


def _new_person_fields(kind: str) -> dict:
    """Who joins the household: name, date of birth, sex, an SSN if they have one (checked
    with Social Security, 45 CFR 155.315(b), 155.330(c)(1)), and what the kind asks more."""
    fields = {}
    fields["first_name"] = forms.CharField(label=_("First name"), max_length=100)
    fields["last_name"] = forms.CharField(label=_("Last name"), max_length=100)
    fields["date_of_birth"] = _date(_("Date of birth"))
    fields["sex"] = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    fields["ssn"] = forms.CharField(
        label=_("Social Security number"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("9 digits, if they have one. We check it with Social Security."),
    )
    if kind == "move_in":
        fields["relationship"] = forms.ChoiceField(
            label=_("Relationship to you"),
            choices=[(v, label) for v, label in Relationship.choices if v != "self"],
            widget=forms.RadioSelect,
        )
    if kind in ("marriage", "move_in"):
        fields["citizen"] = _yes_no(_("U.S. citizen or national?"))
        fields["annual_income"] = _money(_("Their yearly income"))
    return fields


def _immigration_fields() -> dict:
    """A new citizenship or immigration status, with the document SAVE checks it against
    (45 CFR 155.315(c)(2), 155.330(c)(1))."""
    fields = {}
    fields["citizen"] = _yes_no(_("U.S. citizen or national now?"))
    fields["immigration_status"] = forms.ChoiceField(
        label=_("Immigration status (if not a citizen)"),
        choices=[("", "-"), *Immigration.choices],
        required=False,
    )
    fields["document_type"] = forms.ChoiceField(
        label=_("Immigration document type"),
        choices=[("", "-"), *DocumentType.choices],
        required=False,
    )
    fields["document_number"] = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("We check it with the Department of Homeland Security."),
    )
    return fields


def change_form(kind: str, people=()) -> type[ChangeForm]:
    """The form for `kind`: the date of the event always, and the fields the kind asks."""
    fields = {"event_date": _date(EVENT_DATE_LABELS.get(kind) or _("Date of the change"))}
    if late_notice_kind(kind):
        fields["learned_on"] = _learned_on_field()
    if kind in ABOUT_MEMBER or kind in LEAVING:
        choices = [(str(m.public_id), m.name) for m in people]
        if kind in LEAVING:
            choices = [
                (str(m.public_id), m.name) for m in people if m.relationship != Relationship.SELF
            ]
        fields["member"] = forms.ChoiceField(
            label=_("Who is this about?"), choices=choices, widget=forms.RadioSelect
        )
    if kind in NEW_PERSON:
        fields.update(_new_person_fields(kind))
    if kind == "income":
        fields["annual_income"] = _money(_("New yearly income"), required=True)
        fields["income_source"] = forms.ChoiceField(
            label=_("Kind of income"), choices=IncomeSource.choices
        )
    if kind == "address":
        fields["street"] = forms.CharField(label=_("Street address"), max_length=200)
        fields["city"] = forms.CharField(label=_("City"), max_length=100)
        fields["zipcode"] = forms.RegexField(label=_("ZIP code"), regex=r"^\d{5}$", max_length=5)
    if kind == "coverage_gained":
        fields["coverage_type"] = forms.ChoiceField(
            label=_("What coverage?"),
            choices=list(COVERAGE.items()),
            widget=forms.RadioSelect,
        )
        fields["employee_premium"] = _money(_("Employer plan: monthly premium for the employee"))
    if kind == "immigration":
        fields.update(_immigration_fields())
    if any(kind in e.change_kinds and e.prior_coverage for e in sep.events().values()):
        fields["prior_coverage"] = _prior_coverage_field()
        if kind == "address" and people:
            fields["covered_members"] = _covered_members_field(people)
    if kind == "tobacco":
        fields["tobacco"] = _yes_no(_("Uses tobacco now?"))
    return type("ChangeFormFor", (ChangeForm,), {**fields, "kind": kind})


class ChangeForm(PlainForm):
    kind = ""

    def clean_event_date(self):
        day = self.cleaned_data["event_date"]
        today = clock.today()
        if (day - today).days > 60:
            self.add_error_for("event_date", _("it can be at most 60 days from today."))
        elif (today - day).days > 366:
            self.add_error_for("event_date", _("it can be at most a year ago."))
        return day

    def clean_ssn(self):
        return cleaned_ssn(self)

    def clean(self):
        cleaned = super().clean()
        born, day = cleaned.get("date_of_birth"), cleaned.get("event_date")
        if self.kind == "birth" and born and day and born != day:
            self.add_error_for("date_of_birth", _("for a birth it is the date of the change."))
        if born and born > clock.today():
            self.add_error_for("date_of_birth", _("the date cannot be in the future."))
        if self.kind == "immigration" and cleaned.get("citizen") is False:
            status = cleaned.get("immigration_status")
            if not status:
                self.add_error_for("immigration_status", _("choose the status."))
            elif status != Immigration.NONE and not cleaned.get("document_type"):
                self.add_error_for("document_type", _("choose the document this person has."))
        elif self.kind == "immigration":
            cleaned["document_type"] = cleaned["document_number"] = ""
        if self.kind == "coverage_gained" and cleaned.get("coverage_type") == "employer":
            if cleaned.get("employee_premium") is None:
                self.add_error_for("employee_premium", _("enter the monthly amount."))
        if "learned_on" in self.fields:
            _check_learned_on(self)
        return cleaned

    def details(self) -> dict:
        """What the action stores (encrypted) and writes into the facts."""
        out = {}
        for name, value in self.cleaned_data.items():
            if name == "event_date" or value in (None, ""):
                continue
            if isinstance(value, list):
                out[name] = [str(v) for v in value]
                continue
            out[name] = (
                value.isoformat()
                if hasattr(value, "isoformat")
                else (str(value) if not isinstance(value, bool) else value)
            )
        return out


class ScreenerForm(PlainForm):
    event = forms.ChoiceField(label=_("What happened?"), widget=forms.RadioSelect)
    event_date = _date(
        _(
            "When did it happen (or when will it happen)? For a loss of coverage, the last "
            "day of the old coverage."
        )
    )
    learned_on = _learned_on_field()
    prior_coverage = _prior_coverage_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (e.code, _(e.label)) for e in sep.events().values() if not e.granted_by_caseworker
        ]

    def clean(self):
        cleaned = super().clean()
        _check_learned_on(self)
        code, learned = cleaned.get("event"), cleaned.get("learned_on")
        if learned is not None and code and not sep.event(code).late_notice:
            self.add_error_for(
                "learned_on",
                _(
                    "this period does not count from the day you learned of the event; "
                    "leave it empty."
                ),
            )
        return cleaned


class GrantForm(PlainForm):
    event = forms.ChoiceField(label=_("Special enrollment period"), widget=forms.RadioSelect)
    event_date = _date(_("Date of the event"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (e.code, _(e.label)) for e in sep.events().values() if e.opened_by_caseworker
        ]
        self.fields["event"].initial = "exceptional_circumstances"


class ClaimForm(PlainForm):
    """45 CFR 155.420(d)(8), (d)(10): the person attests to an event that opens a period on
    their account (events.yaml `claimed_by_person`)."""

    event = forms.ChoiceField(label=_("Which applies to you?"), widget=forms.RadioSelect)
    attested = forms.BooleanField(
        label=_("I confirm that what I chose is true for me or for someone on my application.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (e.code, _(e.label)) for e in sep.events().values() if e.claimed_by_person
        ]
