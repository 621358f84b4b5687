"""The filters every report takes, from the query string (a GET form: bookmarkable, and
the CSV export link carries the same filters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.core import clock
from marketplace.core.channel import Channel

LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
METALS = [
    ("catastrophic", _("Catastrophic")),
    ("bronze", _("Bronze")),
    ("expanded_bronze", _("Expanded bronze")),
    ("silver", _("Silver")),
    ("gold", _("Gold")),
    ("platinum", _("Platinum")),
]
LONGEST_RANGE_DAYS = 3 * 366


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    county: str = ""
    channel: str = ""
    language: str = ""
    metal: str = ""
    # The rollup (reports/rollup.py) splits a range at the moment it counted: records before
    # it are in the rollup, records from it on are counted from the records.
    not_before: datetime | None = None
    not_after: datetime | None = None

    @property
    def since(self) -> datetime:
        start = datetime.combine(self.start, time.min, tzinfo=clock.zone())
        return max(start, self.not_before) if self.not_before else start

    @property
    def before(self) -> datetime:
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=clock.zone())
        return min(end, self.not_after) if self.not_after else end

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def query(self) -> dict:
        """The filters as query-string values (for the CSV link)."""
        values = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("county", "channel", "language", "metal"):
            if getattr(self, name):
                values[name] = getattr(self, name)
        return values


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *LANGUAGES]
    )
    metal = forms.ChoiceField(
        label=_("Metal level"), required=False, choices=[("", _("All metal levels")), *METALS]
    )

    def __init__(self, *args, default_start: date, default_end: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_start, self.default_end = default_start, default_end
        from marketplace.catalog.geography import counties_of

        counties = counties_of(settings.MARKETPLACE_STATE)
        self.fields["county"].choices = [("", _("All counties"))] + [
            (county.fips, county.name) for county in counties
        ]

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default_start
        end = data.get("end") or self.default_end
        if "start" in self.errors or "end" in self.errors:
            return data
        if end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        elif (end - start).days > LONGEST_RANGE_DAYS:
            self.add_error("end", _("Choose a range of at most three years."))
        data["start"], data["end"] = start, end
        return data

    def filters(self) -> Filters:
        """The valid filters, or the defaults when the form has errors (the page still shows
        figures, with the errors named above the form)."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return Filters(
                start=data["start"],
                end=data["end"],
                county=data.get("county") or "",
                channel=data.get("channel") or "",
                language=data.get("language") or "",
                metal=data.get("metal") or "",
            )
        return Filters(start=self.default_start, end=self.default_end)
