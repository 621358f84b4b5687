"""The dashboard's rollup (reports/rollup.py; ADR 1604): closed days counted once by a job
give exactly the figures the records give, for every filter; the days after the last count
are counted live; the job queues its next run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.reports import (
    jobs,  # noqa: F401 - registers the handler
    rollup,
)
from marketplace.reports.models import DailyFigure, Rollup
from tests.reports.conftest import determined, ito, official

pytestmark = pytest.mark.django_db
RANGE = {"start": "2025-11-01", "end": "2025-12-03"}
QUERIES = [
    {},
    {"channel": "paper"},
    {"channel": "phone"},
    {"language": "es"},
    {"county": "25025"},
    {"county": "25015"},
    {"metal": "silver"},
    {"metal": "gold"},
    {"language": "en", "channel": "online", "metal": "silver"},
]


def everything(client, query) -> tuple:
    response = client.get("/reports/", {**RANGE, **query})
    assert response.status_code == 200
    context = response.context
    stages = [(s.key, s.count, sorted(s.by_day.items())) for s in context["stages"]]
    tables = [(table.key, table.rows) for table, _chart in context["tables"]]
    return stages, tables, context["premiums"]


def test_counted_days_give_the_records_figures_for_every_filter(client, households, settings):
    official(client)
    settings.MARKETPLACE_TODAY = date(2025, 12, 3)
    client.get("/reports/", RANGE)  # her visit today: counted before the figures are taken
    live = {str(query): everything(client, query) for query in QUERIES}
    assert Rollup.objects.count() == 0

    call_command("reports-rollup", "--once", stdout=None)
    done = rollup.state()
    assert done.counted_through == date(2025, 12, 3)  # today, up to the moment it counted
    assert (
        DailyFigure.objects.filter(day=date(2025, 12, 1), stage="selections", dimension="").count()
        == 2
    )
    assert {"applications", "determinations", "selections", "effectuated"} <= set(
        DailyFigure.objects.values_list("stage", flat=True)
    )
    for query in QUERIES:
        assert everything(client, query) == live[str(query)], query
    assert "were counted then" in client.get("/reports/", RANGE).content.decode()

    # Records from after the count are counted from the records as the page opens: Lena's
    # neighbour applies now and is on the dashboard at once.
    determined("kai@example.org", ito(), "assister")
    stages = {s.key: s for s in client.get("/reports/", RANGE).context["stages"]}
    assert stages["applications"].count == 4
    assert stages["applications"].by_day[date(2025, 12, 3)] == 1
    assert stages["applications"].by_day[date(2025, 12, 1)] == 3


def test_a_range_inside_the_counted_days_reads_only_the_rollup(client, households, settings):
    official(client)
    settings.MARKETPLACE_TODAY = date(2025, 12, 5)
    before = everything(client, {})
    rollup.recount()
    counted, live = rollup.split(rollup.state() and _filters("2025-11-01", "2025-12-03"))
    assert live is None and counted is not None
    assert everything(client, {}) == before


def _filters(start: str, end: str):
    from marketplace.reports.filters import Filters

    return Filters(start=date.fromisoformat(start), end=date.fromisoformat(end))


def test_the_job_counts_and_queues_its_next_run(households, settings):
    settings.MARKETPLACE_TODAY = date(2025, 12, 2)
    call_command("reports-rollup", stdout=None)
    job = Job.objects.get(kind=rollup.JOB)
    # ten minutes after the count finished, to the minute (the count itself takes a moment)
    waited = job.run_after - rollup.state().counted_at
    assert timedelta(minutes=8) < waited <= timedelta(minutes=11)
    Job.objects.exclude(kind=rollup.JOB).delete()  # the households' notices: not this test's
    settings.MARKETPLACE_TODAY = date(2025, 12, 3)  # the clock moves on: the job is due
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "done", job.last_error
    assert rollup.state().counted_through == date(2025, 12, 3)
    assert Rollup.objects.count() == 1
    assert Job.objects.filter(kind=rollup.JOB, status="pending").count() == 1


def test_opening_the_dashboard_queues_the_first_count_once(client, households):
    official(client)
    client.get("/reports/")
    client.get("/reports/")
    assert Job.objects.filter(kind=rollup.JOB, status="pending").count() == 1
