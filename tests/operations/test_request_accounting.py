"""What the operations middleware records for each request, kept while it was made cheaper
(ADR 1605): every documented log field, methods outside the usual set counted as OTHER,
latency buckets with inclusive upper bounds, and the SLA day following a moved clock."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import date

import pytest
from prometheus_client.parser import text_string_to_metric_families

from marketplace.core.jsonlog import EVENTS, JsonFormatter
from marketplace.jobs import queue
from marketplace.operations import sla
from marketplace.operations.models import DailyRequests

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-metrics-token"
DOCUMENTED = {"time", "level", "event", "logger", "request_id"}
REQUEST_FIELDS = {"method", "route", "status", "duration_ms", "role", "waiting_room"}
JOB_FIELDS = {"job_id", "kind", "attempt", "outcome", "duration_ms", "worker"}


@queue.handler("tests.accounting.noop")
def _noop(payload):
    return None


@pytest.fixture
def lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    EVENTS.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    EVENTS.removeHandler(handler)


@pytest.fixture
def fresh_counts():
    sla.COUNTS.flush()
    DailyRequests.objects.all().delete()
    yield
    sla.COUNTS.flush()


def methods_counted(client, settings) -> dict[str, float]:
    settings.MARKETPLACE_METRICS_TOKEN = TOKEN
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "marketplace_http_requests_total":
                method = sample.labels["method"]
                found[method] = found.get(method, 0) + sample.value
    return found


def test_every_documented_field_of_a_request_line(client, lines):
    response = client.get("/healthz")
    [line] = [entry for entry in lines() if entry["event"] == "request"]
    assert set(line) == DOCUMENTED | REQUEST_FIELDS
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert line["level"] == "info" and line["logger"] == "marketplace.events"
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["waiting_room"] is False and line["role"] == "anonymous"


def test_every_documented_field_of_a_job_line(lines):
    job = queue.enqueue("tests.accounting.noop", {})
    assert queue.run_pending() >= 1
    [line] = [e for e in lines() if e["event"] == "job" and e["kind"] == "tests.accounting.noop"]
    assert set(line) == DOCUMENTED | JOB_FIELDS
    assert line["job_id"] == job.pk and line["attempt"] == 1 and line["outcome"] == "done"
    assert line["request_id"] == f"job-{job.pk}" and ":" in line["worker"]


def test_a_made_up_method_is_counted_and_logged_as_other(client, settings, lines):
    before = methods_counted(client, settings)
    client.generic("BREW", "/healthz")
    client.generic("MARIA-AT-EXAMPLE", "/healthz")
    after = methods_counted(client, settings)
    assert after.get("OTHER", 0) == before.get("OTHER", 0) + 2
    assert not any(method not in sla_methods() for method in after)
    logged = {entry["method"] for entry in lines() if entry["event"] == "request"}
    assert "OTHER" in logged and "BREW" not in logged and "MARIA-AT-EXAMPLE" not in logged


def sla_methods() -> set[str]:
    from marketplace.operations.metrics import METHODS, OTHER_METHOD

    return set(METHODS) | {OTHER_METHOD}


def test_latency_buckets_take_their_upper_bound(fresh_counts, settings):
    for seconds in (0.005, 0.0051, 0.0, 30.0, 31.0):
        sla.COUNTS.add(seconds, 200, False)
    sla.COUNTS.flush()
    buckets = {row.le: row.requests for row in DailyRequests.objects.filter(day=date(2025, 12, 1))}
    assert buckets == {sla.TOTAL: 5, 0.005: 2, 0.01: 1, 30.0: 1, 1e9: 1}


def test_the_sla_day_follows_a_moved_clock_at_once(fresh_counts, settings):
    sla.COUNTS.add(0.001, 200, False)
    settings.MARKETPLACE_TODAY = date(2025, 12, 2)
    sla.COUNTS.add(0.001, 503, False)
    sla.COUNTS.flush()
    totals = DailyRequests.objects.filter(le=sla.TOTAL)
    assert {row.day: (row.requests, row.errors) for row in totals} == {
        date(2025, 12, 1): (1, 0),
        date(2025, 12, 2): (1, 1),
    }
