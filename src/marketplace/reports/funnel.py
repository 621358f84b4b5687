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

`facts` counts every figure grouped by day and by every filter, in `Figures` that add up;
reports/dashboard.py reads closed days from the rollup of those rows (reports/rollup.py, ADR
1604) and counts the rest from the records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import Role
from marketplace.core import clock
from marketplace.core.channel import Channel
from marketplace.reports.filters import Filters

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
FPL_LABELS = [(key, label) for key, label, *_ in FPL_BANDS]
AGE_LABELS = [(key, label) for key, label, *_ in AGE_BANDS]
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


def _referrals(f: Filters):
    """People referred to Medicaid or CHIP, on the day of the determination that found them
    eligible (the exchange's clock; the referral row's own stamp is infrastructure time,
    days away from it on a moved clock)."""
    from marketplace.verifications.models import MedicaidReferral

    query = MedicaidReferral.objects.filter(
        determination__created_at__gte=f.since, determination__created_at__lt=f.before
    )
    return _where(query, f, "application__")


# --- every figure as facts that add up (the rollup stores them for closed days) ------------

#: The stages counted from the records, in the funnel's order (visits have their own table).
STAGES = [
    ("accounts", _("Accounts")),
    ("applications", _("Applications")),
    ("determinations", _("Determinations")),
    ("selections", _("Plan selections")),
    ("effectuated", _("Effectuated enrollments")),
]


@dataclass
class Figures:
    """Counts that add: two sets for disjoint days add up to the set for their union.

    - per_day: (stage, day) -> households, totals for the filters;
    - base: (metal, county, language, channel) -> plan selections;
    - money: "before", "after" -> the sums of the selections' monthly premiums;
    - dims: (stage, dimension, value) -> households, the breakdowns that are not filters
      (selections by fpl, age and returning; referrals by program)."""

    per_day: Counter = dataclass_field(default_factory=Counter)
    base: Counter = dataclass_field(default_factory=Counter)
    money: Counter = dataclass_field(default_factory=Counter)
    dims: Counter = dataclass_field(default_factory=Counter)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.per_day + other.per_day,
            self.base + other.base,
            self.money + other.money,
            self.dims + other.dims,
        )


def _fact_rows(
    query, stage: str, day_field: str, where: dict, extra: dict | None = None, money: bool = False
):
    """Households of `query` grouped by day and by every filter (`where`: fact field ->
    path), plus one breakdown (`extra`: {"dimension": (name, annotation field)})."""
    names = dict(where)
    dimension, value_field = (extra or {}).get("dimension", ("", None))
    if value_field:
        names["value"] = value_field
    aggregates = {"n": Count("id")}
    if money:
        aggregates.update(before=Sum("premium"), after=Sum("premium_after_credit"))
    rows = query.annotate(day=_day(day_field)).values("day", *names.values()).annotate(**aggregates)
    for row in rows:
        fact = {
            "stage": stage,
            "day": row["day"],
            "dimension": dimension,
            "count": row["n"],
            "premium": row.get("before") or Decimal(0),
            "premium_after_credit": row.get("after") or Decimal(0),
        }
        for name, path in names.items():
            raw = row[path]
            fact[name] = ("1" if raw else "0") if isinstance(raw, bool) else _or_blank(raw)
        yield fact


def _or_blank(raw):
    return "" if raw is None else raw


def facts(f: Filters):
    """Every figure of the dashboard for `f`, counted from the records: rows of the
    reports.DailyFigure shape (the rollup stores them for closed days)."""
    shift = clock.offset()
    for row in _fact_rows(
        accounts(f), "accounts", "date_joined", {"language": "preferred_language"}
    ):
        row["day"] = row["day"] + shift
        yield row
    place = {"county": "countyfips", "channel": "channel", "language": "owner__preferred_language"}
    through = {key: f"application__{path}" for key, path in place.items()}
    policy = {**place, "metal": "metal_level"}
    yield from _fact_rows(applications(f), "applications", "submitted_at", place)
    yield from _fact_rows(determinations(f), "determinations", "created_at", through)
    chosen = selections(f)
    totals = list(_fact_rows(chosen, "selections", "selected_at", policy, money=True))
    yield from totals
    yield from _fact_rows(effectuated(f), "effectuated", "selected_at", policy)
    yield from _subscriber_ages(chosen, policy)
    yield from _fact_rows(
        with_fpl(chosen), "selections", "selected_at", policy, {"dimension": ("fpl", "fpl_band")}
    )
    yield from _returning(chosen, policy, totals)
    yield from _fact_rows(
        _referrals(f),
        "referrals",
        "determination__created_at",
        through,
        {"dimension": ("program", "program")},
    )


def covered_the_year_before(owner: str = "owner", year: str = "coverage_year") -> Exists:
    """True when the account (`owner`, a path from the outer query) had a policy for the
    coverage year before `year` that was not cancelled: a cancelled policy never covered
    anyone, so it does not make a household "returning" (CMS's re-enrollees had coverage)."""
    from marketplace.enrollment.models import Enrollment, Status

    return Exists(
        Enrollment.objects.filter(owner=OuterRef(owner), coverage_year=OuterRef(year) - 1).exclude(
            status=Status.CANCELLED
        )
    )


def _returning(chosen, policy: dict, totals: list[dict]):
    """New and returning selections: the returning ones counted with the test in the WHERE
    clause (a semi-join; as a column it is a subquery per policy), the new ones the rest."""
    returning = {}
    back = chosen.filter(covered_the_year_before())
    for row in _fact_rows(back, "selections", "selected_at", policy):
        key = (row["day"], *(row[name] for name in policy))
        returning[key] = row["count"]
    for total in totals:
        key = (total["day"], *(total[name] for name in policy))
        back = returning.get(key, 0)
        for value, count in (("1", back), ("0", total["count"] - back)):
            if count:
                yield {
                    **total,
                    "dimension": "returning",
                    "value": value,
                    "count": count,
                    "premium": Decimal(0),
                    "premium_after_credit": Decimal(0),
                }


def age_band_of(age: int) -> str:
    for key, _label, low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return key
    return UNKNOWN[0]


def _subscriber_ages(chosen, policy: dict):
    """The selections by their subscriber's age band: the subscribers joined to their
    policies (one query; a subquery per policy costs minutes at a million), grouped by the
    age itself and banded here. A policy without a subscriber row is "Not known" on the
    page (the selections' total less the ages known)."""
    from marketplace.enrollment.models import EnrollmentMember

    members = EnrollmentMember.objects.filter(enrollment__in=chosen, is_subscriber=True)
    where = {name: f"enrollment__{path}" for name, path in policy.items()}
    for row in _fact_rows(
        members, "selections", "enrollment__selected_at", where, {"dimension": ("age", "age")}
    ):
        row["value"] = age_band_of(row["value"]) if row["value"] != "" else UNKNOWN[0]
        yield row


def figures_of(rows) -> Figures:
    figures = Figures()
    for row in rows:
        stage, n = row["stage"], row["count"]
        if row["dimension"]:
            figures.dims[(stage, row["dimension"], row["value"])] += n
            continue
        figures.per_day[(stage, row["day"])] += n
        if stage == "selections":
            figures.base[(row["metal"], row["county"], row["language"], row["channel"])] += n
            figures.money["before"] += row["premium"]
            figures.money["after"] += row["premium_after_credit"]
    return figures


def first_day() -> date:
    """The earliest day any record of the funnel holds (for the rollup's range)."""
    from django.db.models import Min

    from marketplace.accounts.models import User
    from marketplace.applications.models import Application
    from marketplace.enrollment.models import Enrollment

    found = [
        User.objects.aggregate(d=Min("date_joined"))["d"],
        Application.objects.aggregate(d=Min("submitted_at"))["d"],
        Enrollment.objects.aggregate(d=Min("selected_at"))["d"],
    ]
    days = [moment.astimezone(clock.zone()).date() for moment in found if moment is not None]
    return min(days) if days else clock.today()
