"""The officials' dashboard and the open-enrollment report (`accounts.view_reports`: the
official, supervisor and administrator roles; anyone else gets 404, like every staff page).

Both are GET forms of filters; the same query string with `format=csv` downloads the
figures shown, table by table, as CSV (one row per figure: table, row, column, value)."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from marketplace.core import clock
from marketplace.reports import charts, dashboard_data, funnel, open_enrollment, registry, rollup
from marketplace.reports.filters import FilterForm

PERMISSION = "accounts.view_reports"


def _allowed(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise Http404


def _form(request, start, end) -> FilterForm:
    return FilterForm(request.GET or None, default_start=start, default_end=end)


@never_cache
@login_required
def dashboard(request):
    _allowed(request)
    today = clock.today()
    form = _form(request, today - timedelta(days=29), today)
    filters = form.filters()
    rollup.ensure_scheduled()
    stages, tables, premiums = dashboard_data.read(filters)
    renewals = registry.renewal_rows(filters)
    if renewals is not None:
        tables.append(funnel.Table("renewals", _("Renewals and their outcomes"), renewals))
    if request.GET.get("format") == "csv":
        return _dashboard_csv(filters, stages, tables, premiums)
    days = [
        {
            "day": day,
            "counts": [
                stage.by_day.get(day, 0) if stage.count is not None else None for stage in stages
            ],
        }
        for day in reversed(filters.days)
    ]
    context = {
        "form": form,
        "filters": filters,
        "stages": stages,
        "funnel_chart": charts.bar_chart(
            "funnel", _("Enrollment funnel"), [(stage.label, stage.count) for stage in stages]
        ),
        "days": days,
        "tables": [
            (table, charts.bar_chart(table.key, table.title, table.rows)) for table in tables
        ],
        "renewals_registered": renewals is not None,
        "rollup": rollup.state(),
        "premiums": premiums,
        "csv_query": urlencode({**filters.query(), "format": "csv"}),
    }
    return render(request, "reports/dashboard.html", context, status=400 if form.errors else 200)


def _csv_response(name: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["table", "row", "column", "value"])
    return response, writer


def _dashboard_csv(filters, stages, tables, premiums) -> HttpResponse:
    name = f"funnel-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    response, writer = _csv_response(name)
    for stage in stages:
        writer.writerow(["funnel", stage.key, "count", "" if stage.count is None else stage.count])
    for day in filters.days:
        for stage in stages:
            if stage.count is not None:
                writer.writerow(["by_day", day.isoformat(), stage.key, stage.by_day.get(day, 0)])
    for table in tables:
        for label, count in table.rows:
            writer.writerow([table.key, label, "count", count])
    for key, value in premiums.items():
        writer.writerow(["average_premium", key, "monthly", "" if value is None else value])
    return response


@never_cache
@login_required
def open_enrollment_report(request):
    _allowed(request)
    start, end = open_enrollment.default_range()
    form = _form(request, start, end)
    filters = form.filters()
    report = open_enrollment.report(filters)
    if request.GET.get("format") == "csv":
        name = f"open-enrollment-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
        response, writer = _csv_response(name)
        for row in report.csv_rows():
            writer.writerow(row)
        return response
    context = {
        "form": form,
        "filters": filters,
        "report": report,
        "tables": [
            (table, charts.bar_chart(table.key, table.title, table.rows)) for table in report.tables
        ],
        "csv_query": urlencode({**filters.query(), "format": "csv"}),
    }
    status = 400 if form.errors else 200
    return render(request, "reports/open_enrollment.html", context, status=status)
