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
    expedited = forms.BooleanField(
        label=_("Ask for a fast (expedited) appeal"),
        help_text=_(
            "Ask for this if waiting the usual time for a decision could seriously harm your "
            "life or health or your ability to reach, keep or regain full function."
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
    expedited = forms.BooleanField(
        label=_("The person asks for an expedited appeal (an immediate need for health services)"),
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


class ExpeditedForm(forms.Form):
    """The appeals entity's ruling on a request for an expedited appeal (45 CFR 155.540)."""

    ruling = forms.ChoiceField(
        label=_("Ruling on the request for an expedited appeal"),
        choices=[("grant", _("Grant: decide within 3 working days")), ("deny", _("Deny"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for a denial (the notice gives it)"),
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InformalForm(forms.Form):
    """The outcome of informal resolution before the hearing (45 CFR 155.535(a))."""

    outcome = forms.CharField(
        label=_("Outcome of the informal resolution"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accepted = forms.ChoiceField(
        label=_("Did the person accept it?"),
        choices=[("yes", _("Yes: the appeal ends")), ("no", _("No: the appeal goes to hearing"))],
        widget=forms.RadioSelect,
    )


class HhsForm(forms.Form):
    """The day the person says they appealed the decision to HHS (45 CFR 155.520(c))."""

    on = forms.DateField(
        label=_("Date the person appealed to HHS"), widget=forms.DateInput(attrs={"type": "date"})
    )
