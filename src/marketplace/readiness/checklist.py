"""The officials' checklist before open enrollment for a coverage year in the served state.

Each item says what was checked, whether it is done (``ok``), needs a person to look
(``check``) or blocks the year (``missing``), and the figures behind it: the rules answer
for the year; the law values read only in secondary copies; the parameters not reviewed
for the year; figures not published; the state's own subsidy program; the plan catalog
(plans, rates, and at least two silver plans in every rating area so the benchmark can be
found, 26 CFR 1.36B-3(f)); the open-enrollment window (45 CFR 155.410(e)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aca_rules import parameters as P
from aca_rules.rules_status import YearStatus
from aca_rules.states import program_for
from marketplace.catalog.models import MetalLevel, Plan, Rate, RatingArea
from marketplace.enrollment import dates

OK, CHECK, MISSING = "ok", "check", "missing"


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    status: str  # OK, CHECK or MISSING
    detail: str
    names: tuple[str, ...] = field(default=())  # parameters to look at, linked on the page


def _answered(status: YearStatus) -> Item:
    year = status.year
    title = _("The rules answer for %(year)s") % {"year": year}
    if status.answered:
        detail = _("Every required parameter has a value in force for %(year)s.")
        return Item("answered", title, OK, detail % {"year": year})
    detail = _("No value in force for: %(names)s.") % {"names": "; ".join(status.missing)}
    return Item("answered", title, MISSING, detail)


def _secondary(status: YearStatus) -> Item:
    names = tuple(
        p.name for p in status.parameters if any(row.how_read != P.PRIMARY for row in p.rows)
    )
    title = _("Values read in the primary text")
    if not names:
        return Item("secondary", title, OK, _("Every value in force was read in the primary text."))
    detail = ngettext(
        "%(count)s parameter holds a value read only in secondary copies, or whose reading is "
        "not recorded: read the primary text, then record the reading in its file.",
        "%(count)s parameters hold values read only in secondary copies, or whose reading is "
        "not recorded: read the primary text, then record the reading in their files.",
        len(names),
    )
    return Item("secondary", title, CHECK, detail % {"count": len(names)}, names)


def _reviewed(status: YearStatus) -> Item:
    year = status.year
    names = tuple(p.name for p in status.not_reviewed)
    title = _("Parameters reviewed for %(year)s") % {"year": year}
    if not names:
        detail = _("Every parameter has been reviewed for %(year)s.")
        return Item("reviewed", title, OK, detail % {"year": year})
    detail = ngettext(
        "%(count)s parameter is not reviewed for %(year)s: its last value stays in force. "
        "Check whether the law changed, then raise its reviewed_through.",
        "%(count)s parameters are not reviewed for %(year)s: their last values stay in "
        "force. Check whether the law changed, then raise their reviewed_through.",
        len(names),
    )
    return Item("reviewed", title, CHECK, detail % {"count": len(names), "year": year}, names)


def _not_published(status: YearStatus) -> Item:
    year = status.year
    title = _("Figures published for %(year)s") % {"year": year}
    missing = status.not_published
    if not missing:
        return Item("published", title, OK, _("No figure in force is marked as not published."))
    parts = ", ".join(f"{name} {key}" for name, key in missing)
    detail = _(
        "Not published yet: %(parts)s. Determinations say so instead of guessing; enter the "
        "figures when the agency publishes them."
    )
    return Item(
        "published", title, CHECK, detail % {"parts": parts}, tuple({n for n, _k in missing})
    )


def _state_program(status: YearStatus, state: str) -> Item | None:
    program = program_for(state)
    if program is None:
        return None
    names = tuple(program.parameters)
    params = [p for p in status.parameters if p.name in names]
    title = _("The state's own subsidy program (%(state)s)") % {"state": state}
    if all(p.confirmed for p in params):
        detail = _("Its parameters are confirmed for %(year)s.") % {"year": status.year}
        return Item("state_program", title, OK, detail, names)
    detail = _(
        "Its parameters are in force but not all confirmed for %(year)s: see each one below."
    )
    return Item("state_program", title, CHECK, detail % {"year": status.year}, names)


def _catalog(state: str, year: int) -> Item:
    plans = Plan.objects.filter(state=state, year=year)
    plan_count = plans.count()
    rate_count = Rate.objects.filter(plan__in=plans).count()
    areas = RatingArea.objects.filter(state=state, year=year).annotate(
        silver=Count(
            "rates__plan",
            filter=Q(rates__plan__metal_level=MetalLevel.SILVER, rates__plan__year=year),
            distinct=True,
        )
    )
    short = [area.number for area in areas if area.silver < 2]
    title = _("Plans and rates for %(year)s in %(state)s") % {"year": year, "state": state}
    if not plan_count or not rate_count:
        detail = _("The catalog has %(plans)s plans and %(rates)s rates for %(year)s: import them.")
        values = {"plans": plan_count, "rates": rate_count, "year": year}
        return Item("catalog", title, MISSING, detail % values)
    values = {"plans": plan_count, "rates": rate_count, "areas": len(areas)}
    detail = _("%(plans)s plans, %(rates)s rates, %(areas)s rating areas.") % values
    if short:
        detail += " " + _(
            "Rating areas with fewer than two silver plans (no benchmark): %(areas)s."
        ) % {"areas": ", ".join(str(n) for n in short)}
        return Item("catalog", title, CHECK, detail)
    return Item("catalog", title, OK, detail)


def _window(state: str, year: int) -> Item:
    window = dates.window(state, year)
    title = _("Open-enrollment window for %(year)s") % {"year": year}
    if window is None:
        return Item("window", title, MISSING, _("No window in the data for this state and year."))
    detail = _("From %(opens)s to %(closes)s (source: %(source)s).") % {
        "opens": date_format(window.opens, "DATE_FORMAT"),
        "closes": date_format(window.closes, "DATE_FORMAT"),
        "source": window.source,
    }
    if window.read != "primary":
        detail += " " + _("The dates are not confirmed against the official page.")
        return Item("window", title, CHECK, detail)
    return Item("window", title, OK, detail)


def checklist(status: YearStatus, state: str) -> list[Item]:
    """The checklist for ``status.year`` in ``state``, in the order an official works it."""
    items = [
        _answered(status),
        _secondary(status),
        _reviewed(status),
        _not_published(status),
    ]
    program = _state_program(status, state)
    if program is not None:
        items.append(program)
    items += [_catalog(state, status.year), _window(state, status.year)]
    return items
