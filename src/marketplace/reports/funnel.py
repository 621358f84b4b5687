"""The officials' dashboard figures, counted from the records themselves.

Every figure is a query over the exchange's own rows, so they add up: the funnel's plan
selections are the rows of the enrollments tables below it, for the same filters.

The funnel counts households (an account, an application, a policy), each stage on the day
it happened in the state's time zone:

- visits: a browser's first page of the day (reports/visits.py); not known by county,
  channel, language or metal level, so those filters leave it blank;
- accounts: consumer accounts created;
- applications: applications submitted;
- determinations: eligibility determinations made on a submission;
- plan selections: new policies chosen (a policy that continues another, e.g. a change of
  subscriber, is not a new selection);
- effectuated: of those, the ones the insurer has confirmed (first premium paid).

Language is the account holder's preferred language (their notices' language), at every
stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import Role
from marketplace.core import clock
from marketplace.core.channel import Channel
from marketplace.reports.filters import LANGUAGES, METALS, Filters

#: Federal poverty level bands, as CMS's open-enrollment reports band household income.
FPL_BANDS = [
    ("under_100", _("Under 100% FPL"), None, 100),
    ("100_138", _("100% to 138% FPL"), 100, 138),
    ("138_150", _("Over 138% to 150% FPL"), 138, 150),
    ("150_200", _("Over 150% to 200% FPL"), 150, 200),
    ("200_250", _("Over 200% to 250% FPL"), 200, 250),
    ("250_300", _("Over 250% to 300% FPL"), 250, 300),
    ("300_400", _("Over 300% to 400% FPL"), 300, 400),
    ("over_400", _("Over 400% FPL"), 400, None),
]
#: Age bands, as CMS's open-enrollment reports band consumers' ages.
AGE_BANDS = [
    ("under_18", _("Under 18"), None, 17),
    ("18_25", _("18 to 25"), 18, 25),
    ("26_34", _("26 to 34"), 26, 34),
    ("35_44", _("35 to 44"), 35, 44),
    ("45_54", _("45 to 54"), 45, 54),
    ("55_64", _("55 to 64"), 55, 64),
    ("65_over", _("65 and over"), 65, None),
]
UNKNOWN = ("unknown", _("Not known"))
CHANNELS = Channel.choices
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int | None  # None: this stage is not known for the filters chosen
    by_day: dict


def _day(field: str):
    return TruncDate(field, tzinfo=clock.zone())


def _per_day(query, field: str) -> dict:
    rows = query.annotate(day=_day(field)).values("day").annotate(n=Count("id"))
    return {row["day"]: row["n"] for row in rows}


def _visits(f: Filters) -> Stage:
    from marketplace.reports.models import DailyVisits

    label = _("Visits")
    if f.county or f.channel or f.language or f.metal:
        return Stage("visits", label, None, {})
    rows = DailyVisits.objects.filter(day__range=(f.start, f.end))
    by_day = {row.day: row.visits for row in rows}
    return Stage("visits", label, sum(by_day.values()), by_day)


def accounts(f: Filters):
    """Consumer accounts created in the range. `date_joined` is infrastructure time (real
    time, core/clock.py): on a moved clock (demo, training) it is compared moved by the same
    whole days, so accounts made "today" count today."""
    from marketplace.accounts.models import User

    shift = clock.offset()
    query = User.objects.filter(
        role=Role.CONSUMER, date_joined__gte=f.since - shift, date_joined__lt=f.before - shift
    )
    if f.language:
        query = query.filter(preferred_language=f.language)
    return query


def _where(query, f: Filters, application: str = ""):
    """The county, channel and language filters, on a query of applications or enrollments
    (`application` = "") or of records that point at an application ("application__")."""
    if f.county:
        query = query.filter(**{f"{application}countyfips": f.county})
    if f.channel:
        query = query.filter(**{f"{application}channel": f.channel})
    if f.language:
        query = query.filter(**{f"{application}owner__preferred_language": f.language})
    return query


def applications(f: Filters):
    from marketplace.applications.models import Application

    query = Application.objects.filter(submitted_at__gte=f.since, submitted_at__lt=f.before)
    query = _where(query, f, "")
    return query


def determinations(f: Filters):
    from marketplace.determinations.models import Cause, Determination

    query = Determination.objects.filter(
        cause=Cause.SUBMISSION, created_at__gte=f.since, created_at__lt=f.before
    )
    query = _where(query, f, "application__")
    return query


def selections(f: Filters):
    """New policies chosen in the range: the plan-selection stage and every enrollments
    table below it."""
    from marketplace.enrollment.models import Enrollment

    query = Enrollment.objects.filter(
        selected_at__gte=f.since, selected_at__lt=f.before, replaces__isnull=True
    )
    query = _where(query, f, "")
    if f.metal:
        query = query.filter(metal_level=f.metal)
    return query


def effectuated(f: Filters):
    from marketplace.enrollment.models import Status

    return selections(f).filter(status=Status.EFFECTUATED)


def funnel(f: Filters) -> list[Stage]:
    stages = [_visits(f)]
    unfiltered = not (f.county or f.channel or f.metal)
    query = accounts(f)
    shift = clock.offset()
    joined = {day + shift: n for day, n in _per_day(query, "date_joined").items()}
    stages.append(
        Stage(
            "accounts",
            _("Accounts"),
            sum(joined.values()) if unfiltered else None,
            joined if unfiltered else {},
        )
    )
    for key, label, query, field in (
        ("applications", _("Applications"), applications(f), "submitted_at"),
        ("determinations", _("Determinations"), determinations(f), "created_at"),
    ):
        known = not f.metal
        stages.append(
            Stage(
                key,
                label,
                query.count() if known else None,
                _per_day(query, field) if known else {},
            )
        )
    for key, label, query in (
        ("selections", _("Plan selections"), selections(f)),
        ("effectuated", _("Effectuated enrollments"), effectuated(f)),
    ):
        by_day = _per_day(query, "selected_at")
        stages.append(Stage(key, label, sum(by_day.values()), by_day))
    return stages


def _band(expression, bands) -> Case:
    """Integer bands, both edges inclusive."""
    whens = []
    for key, _label, low, high in bands:
        condition = Q()
        if low is not None:
            condition &= Q(**{f"{expression}__gte": low})
        if high is not None:
            condition &= Q(**{f"{expression}__lte": high})
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, default=Value(UNKNOWN[0]))


def age_bands(expression) -> Case:
    return _band(expression, AGE_BANDS)


def _fpl_bands(expression) -> Case:
    """FPL bands: "under 100%" stops short of 100; "100% to 138%" takes both edges; every
    later band starts just over the previous one's upper edge and takes its own."""
    whens = []
    for key, _label, low, high in FPL_BANDS:
        condition = Q()
        if low is not None:
            edge = "gte" if low == 100 else "gt"
            condition &= Q(**{f"{expression}__{edge}": low})
        if high is not None:
            edge = "lt" if low is None else "lte"
            condition &= Q(**{f"{expression}__{edge}": high})
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, default=Value(UNKNOWN[0]))


def with_fpl(query, field: str = "determination__result"):
    return query.annotate(
        fpl=Cast(KeyTextTransform("fpl_percent", field), FloatField()),
    ).annotate(fpl_band=_fpl_bands("fpl"))


def with_subscriber_age(query):
    from marketplace.enrollment.models import EnrollmentMember

    age = EnrollmentMember.objects.filter(enrollment=OuterRef("pk"), is_subscriber=True)
    return query.annotate(
        subscriber_age=Subquery(age.values("age")[:1], output_field=IntegerField())
    ).annotate(age_band=age_bands("subscriber_age"))


def with_returning(query):
    """Returning: the household's account had a policy the year before (CMS: re-enrollees)."""
    from marketplace.enrollment.models import Enrollment

    before = Enrollment.objects.filter(
        owner=OuterRef("owner"), coverage_year=OuterRef("coverage_year") - 1
    )
    return query.annotate(returning=Exists(before))


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.rows)


def counted(query, field: str, labels: list[tuple[str, str]]) -> list:
    """(label, count) for every label, in order, plus "Not known" for any other value."""
    found = {row[field]: row["n"] for row in query.values(field).annotate(n=Count("id"))}
    rows = [(str(label), found.pop(key, 0)) for key, label in labels]
    rest = sum(found.values())
    if rest:
        rows.append((str(UNKNOWN[1]), rest))
    return rows


def county_names(fips_codes) -> dict[str, str]:
    from marketplace.catalog.models import County

    return dict(County.objects.filter(fips__in=list(fips_codes)).values_list("fips", "name"))


def selection_tables(f: Filters) -> list[Table]:
    query = selections(f)
    per_county = query.values("countyfips").annotate(n=Count("id"))
    by_county = {row["countyfips"]: row["n"] for row in per_county}
    names = county_names(by_county)
    county_rows = sorted(
        ((names.get(fips, fips or str(UNKNOWN[1])), n) for fips, n in by_county.items()),
        key=lambda row: row[0],
    )
    fpl_labels = [(key, label) for key, label, *_ in FPL_BANDS]
    age_labels = [(key, label) for key, label, *_ in AGE_BANDS]
    returning = {
        row["returning"]: row["n"]
        for row in with_returning(query).values("returning").annotate(n=Count("id"))
    }
    return [
        Table("metal", _("Plan selections by metal level"), counted(query, "metal_level", METALS)),
        Table(
            "fpl",
            _("Plan selections by household income (FPL)"),
            counted(with_fpl(query), "fpl_band", fpl_labels),
        ),
        Table(
            "age",
            _("Plan selections by age of the subscriber"),
            counted(with_subscriber_age(query), "age_band", age_labels),
        ),
        Table("county", _("Plan selections by county"), county_rows),
        Table(
            "language",
            _("Plan selections by language"),
            counted(query, "owner__preferred_language", LANGUAGES),
        ),
        Table("channel", _("Plan selections by channel"), counted(query, "channel", CHANNELS)),
        Table(
            "returning",
            _("New and returning households"),
            [
                (str(_("New")), returning.get(False, 0)),
                (str(_("Returning")), returning.get(True, 0)),
            ],
        ),
    ]


def referrals(f: Filters) -> Table:
    from marketplace.verifications.models import MedicaidReferral, Program

    query = MedicaidReferral.objects.filter(created_at__gte=f.since, created_at__lt=f.before)
    query = _where(query, f, "application__")
    return Table(
        "referrals",
        _("People referred to Medicaid or CHIP"),
        counted(query, "program", Program.choices),
    )


def premiums(f: Filters) -> dict:
    """Average monthly premium of the selections, before and after the tax credit (and the
    state's help), rounded to the cent."""
    figures = selections(f).aggregate(before=Avg("premium"), after=Avg("premium_after_credit"))
    return {
        key: None if value is None else Decimal(value).quantize(CENT, ROUND_HALF_UP)
        for key, value in figures.items()
    }
