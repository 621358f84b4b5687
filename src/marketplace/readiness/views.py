"""The officials' page: the law in force for a coverage year and the checklist before open
enrollment. Staff with ``accounts.view_reports`` only (others get 404, as the casework
pages do; staff sign in with two-step verification, StaffMFARequiredMiddleware)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from aca_rules import parameters as P
from aca_rules.rules_status import Change, ParameterStatus, Row, year_status
from marketplace.core.states import state_name
from marketplace.readiness.checklist import checklist
from marketplace.readiness.forms import YearForm, default_year

PERMISSION = "accounts.view_reports"


def _how_read(how: str) -> str:
    return {
        P.PRIMARY: _("Primary text"),
        P.SECONDARY: _("Secondary copies only"),
        P.NOT_RECORDED: _("Not recorded"),
    }.get(how, how)


def _when(value) -> str:
    return date_format(value, "DATE_FORMAT") if isinstance(value, dt.date) else str(value)


def _verdict(param: ParameterStatus, year: int) -> tuple[bool, str]:
    if param.confirmed:
        return True, _("Confirmed")
    why = []
    reads = {row.how_read for row in param.rows}
    if P.SECONDARY in reads:
        why.append(_("read only in secondary copies"))
    if P.NOT_RECORDED in reads:
        why.append(_("reading not recorded"))
    if not param.reviewed:
        why.append(_("not reviewed for %(year)s") % {"year": year})
    return False, _("Not confirmed: %(why)s") % {"why": "; ".join(why)}


def _change(change: Change) -> dict:
    return {
        "label": change.label,
        "before": change.before,
        "after": change.after,
        "when": _when(change.effective),
    }


def _state_row(param: ParameterStatus, state: str) -> Row | None:
    if param.rows and param.rows[0].label in (None, "APTC/CSR"):
        return None
    return next((row for row in param.rows if row.label == state), None)


def _parameter(param: ParameterStatus, year: int, state: str) -> dict:
    confirmed, verdict = _verdict(param, year)
    row = _state_row(param, state)
    return {
        "name": param.name,
        "description": param.description,
        "unit": param.unit,
        "value": param.value,
        "state_value": None if row is None else row.value,
        "since": ", ".join(sorted({_when(r.effective) for r in param.rows})),
        "how_read": ", ".join(sorted({_how_read(r.how_read) for r in param.rows})),
        "confirmed": confirmed,
        "verdict": verdict,
        "sources": [
            {
                "title": s.title,
                "href": s.href,
                "read": _how_read(s.read),
                "read_on": None if s.read_on is None else _when(s.read_on),
            }
            for s in param.sources
        ],
        "changes": [_change(c) for c in param.changes],
        "later": [_change(c) for c in param.later],
    }


@never_cache
@login_required
def rules_status(request):
    if not request.user.has_perm(PERMISSION):
        raise Http404
    form = YearForm(request.GET or None)
    year = default_year()
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    state = settings.MARKETPLACE_STATE
    status = year_status(year)
    parameters = [_parameter(p, year, state) for p in status.parameters]
    return render(
        request,
        "readiness/rules_status.html",
        {
            "form": form,
            "year": year,
            "previous_year": year - 1,
            "state": state,
            "state_name": state_name(state),
            "status": status,
            "items": checklist(status, state),
            "parameters": parameters,
            "changed": [p for p in parameters if p["changes"] or p["later"]],
        },
    )
