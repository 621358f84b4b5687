"""The officials' dashboard for a choice of filters: the funnel's stages, the tables and the
average premiums, with closed days read from the rollup (reports/rollup.py, ADR 1604) and the
days after it counted from the records (reports/funnel.py); the two add up."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from marketplace.catalog.geography import county_names
from marketplace.reports import funnel, rollup
from marketplace.reports.filters import LANGUAGES, METALS, Filters
from marketplace.reports.funnel import CENT, CHANNELS, UNKNOWN, Figures, Stage, Table
from marketplace.reports.models import DailyVisits


def _visits(f: Filters) -> Stage:
    label = _("Visits")
    if f.county or f.channel or f.language or f.metal:
        return Stage("visits", label, None, {})
    rows = DailyVisits.objects.filter(day__range=(f.start, f.end))
    by_day = {row.day: row.visits for row in rows}
    return Stage("visits", label, sum(by_day.values()), by_day)


def read(f: Filters):
    """The funnel, the tables (without renewals) and the average premiums for `f`: closed
    days from the rollup (reports/rollup.py), the days after it from the records."""
    counted, live = rollup.split(f)
    figures = Figures()
    if counted is not None:
        figures += rollup.figures(counted)
    if live is not None:
        figures += funnel.figures_of(funnel.facts(live))
    return _stages(f, figures), _tables(f, figures), _premiums(figures)


def _stages(f: Filters, figures: Figures) -> list[Stage]:
    stages = [_visits(f)]
    known = {
        "accounts": not (f.county or f.channel or f.metal),
        "applications": not f.metal,
        "determinations": not f.metal,
        "selections": True,
        "effectuated": True,
    }
    for key, label in funnel.STAGES:
        if not known[key]:
            stages.append(Stage(key, label, None, {}))
            continue
        by_day = {day: n for (stage, day), n in figures.per_day.items() if stage == key and n}
        stages.append(Stage(key, label, sum(by_day.values()), by_day))
    return stages


def _labelled(found: dict, labels) -> list[tuple[str, int]]:
    """(label, count) for every label, in order, plus "Not known" for any other value."""
    found = dict(found)
    rows = [(str(label), found.pop(key, 0)) for key, label in labels]
    rest = sum(found.values())
    if rest:
        rows.append((str(UNKNOWN[1]), rest))
    return rows


def _tables(f: Filters, figures: Figures) -> list[Table]:
    by = {name: Counter() for name in ("metal", "county", "language", "channel")}
    for (metal, county, language, channel), n in figures.base.items():
        for name, value in (
            ("metal", metal),
            ("county", county),
            ("language", language),
            ("channel", channel),
        ):
            by[name][value] += n
    dims = {}
    for (stage, dimension, value), n in figures.dims.items():
        dims.setdefault((stage, dimension), Counter())[value] += n
    names = county_names(fips for fips, n in by["county"].items() if n)
    county_rows = sorted(
        ((names.get(fips, fips or str(UNKNOWN[1])), n) for fips, n in by["county"].items() if n),
        key=lambda row: row[0],
    )
    returning = dims.get(("selections", "returning"), Counter())
    return [
        Table("metal", _("Plan selections by metal level"), _labelled(by["metal"], METALS)),
        Table(
            "fpl",
            _("Plan selections by household income (FPL)"),
            _labelled(dims.get(("selections", "fpl"), {}), funnel.FPL_LABELS),
        ),
        Table("age", _("Plan selections by age of the subscriber"), _ages(figures, dims)),
        Table("county", _("Plan selections by county"), county_rows),
        Table("language", _("Plan selections by language"), _labelled(by["language"], LANGUAGES)),
        Table("channel", _("Plan selections by channel"), _labelled(by["channel"], CHANNELS)),
        Table(
            "returning",
            _("New and returning households"),
            [(str(_("New")), returning.get("0", 0)), (str(_("Returning")), returning.get("1", 0))],
        ),
        Table(
            "referrals",
            _("People referred to Medicaid or CHIP"),
            _labelled(dims.get(("referrals", "program"), {}), _programs()),
        ),
    ]


def _ages(figures: Figures, dims: dict) -> list[tuple[str, int]]:
    ages = Counter(dims.get(("selections", "age"), {}))
    ages[UNKNOWN[0]] += sum(figures.base.values()) - sum(ages.values())  # no subscriber row
    return _labelled(+ages, funnel.AGE_LABELS)


def _programs():
    from marketplace.verifications.models import Program

    return Program.choices


def _premiums(figures: Figures) -> dict:
    """Average monthly premium of the selections, before and after the tax credit (and the
    state's help), rounded to the cent."""
    n = sum(figures.base.values())
    return {
        key: None if not n else (Decimal(figures.money[key]) / n).quantize(CENT, ROUND_HALF_UP)
        for key in ("before", "after")
    }
