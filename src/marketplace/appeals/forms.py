from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.appeals.models import Channel, HearingMode, Outcome
from marketplace.core import clock
from marketplace.notices.text import long_date

REASON_LIMIT = 2000


class RequestForm(forms.Form):
    """The appellant's own request (on line, or by a helper acting for them)."""

    determination = forms.ChoiceField(
        label=_("Which decision do you want to appeal?"), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why do you think the decision is wrong?"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    keep_eligibility = forms.BooleanField(
        label=_("Keep my eligibility as it was before this decision while my appeal is decided"),
        help_text=_(
            "If you lose the appeal, you may have to pay back premium tax credit you get in the "
            "meantime."
        ),
        required=False,
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, determinations=(), language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {str(d.public_id): d for d in determinations}
        self.fields["determination"].choices = [
            (str(d.public_id), long_date(clock.local_date(d.created_at), language))
            for d in determinations
        ]

    def clean_determination(self):
        return self.by_id[self.cleaned_data["determination"]]


class StaffRequestForm(forms.Form):
    """A request a caseworker takes on paper or by phone (45 CFR 155.520(a)(2))."""

    application = forms.UUIDField(label=_("Application ID"))
    channel = forms.ChoiceField(
        label=_("How the request came"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason the person gives"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    keep_eligibility = forms.BooleanField(
        label=_("The person asks to keep their eligibility while the appeal is decided"),
        required=False,
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class HearingForm(forms.Form):
    day = forms.DateField(label=_("Hearing date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    mode = forms.ChoiceField(label=_("How"), choices=HearingMode.choices, widget=forms.RadioSelect)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    income = forms.DecimalField(
        label=_("Yearly household income the decision finds (when it changes)"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        decimal_places=2,
    )
    decision_text = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.CHANGED and data.get("income") is None:
            self.add_error("income", _("Give the income the decision finds."))
        return data
