"""Prometheus metrics (docs/contracts.md 4.11; docs/adr/1600-metrics-logs-and-health.md).

Two kinds:

- Counted in the web processes: requests by route (the URL pattern Django resolved, never
  the raw path, which could hold an id) and status, and their latency. With several gunicorn
  workers each process counts its own; `marketplace serve` sets PROMETHEUS_MULTIPROC_DIR so
  prometheus-client's multiprocess mode adds them up at scrape time.
- Read from the database at scrape time (so every process and every worker agrees): queue
  depth and the age of the oldest due job per kind, jobs given up, 834 transactions waiting
  per issuer, verification items waiting for a data service, active sessions and the age of
  the last worker check-in.
"""

from __future__ import annotations

import os

from django.contrib.sessions.models import Session
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from marketplace.core import clock

REQUESTS = Counter(
    "marketplace_http_requests",
    "HTTP requests answered, by method, route (URL pattern) and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "marketplace_http_request_duration_seconds",
    "Time to answer an HTTP request, by route (URL pattern).",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
WAITING_ROOM = Counter(
    "marketplace_waiting_room_answers",
    "Requests sent to the waiting room instead of being served, by kind (page or api).",
    ["kind"],
)

TRANSACTION_CONFLICTS = Counter(
    "marketplace_transaction_conflicts",
    "Action transactions PostgreSQL ended in a deadlock (or a serialization failure, or a "
    "lock not available), by action (its dotted name), kind and outcome: retried (run "
    "again) or gave_up (the tries ran out: the person was asked to send it again). "
    "ADR 0816, 1705.",
    ["action", "kind", "outcome"],
)


def count_conflict(outcome: str):
    """A receiver for core.transactions' signals: counts one conflict with this outcome.

    `action` is the dotted name of an `@atomic_action` function (code, not data: a bounded
    set of label values, no personal data), e.g. `marketplace.core.sessions._save_row` for
    the session's write (ADR 1704, 1705)."""

    def receive(sender, kind: str, action: str, **_):
        TRANSACTION_CONFLICTS.labels(action=action, kind=kind, outcome=outcome).inc()

    return receive


#: The methods counted by name; any other (a scanner's made-up verb) is counted as OTHER,
#: so a client cannot add label values (time series) at will.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})
OTHER_METHOD = "OTHER"


def method_label(method: str | None) -> str:
    """The method as counted and logged: one of METHODS, else OTHER."""
    return method if method in METHODS else OTHER_METHOD


# (method, route, status) -> (the counter's child, the histogram's child). The label sets
# are bounded (METHODS, the URL patterns, the status codes), so the cache is too; a
# cached child stays right across a fork (prometheus-client checks the process id).
_children: dict[tuple[str, str, int], tuple] = {}


def observe(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and its latency. `method` is already a METHODS label."""
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        children = (
            REQUESTS.labels(method=method, route=route, status=str(status)),
            LATENCY.labels(route=route),
        )
        _children[key] = children
    children[0].inc()
    children[1].observe(seconds)


def _by_kind(name: str, documentation: str, rows, value: str = "n") -> GaugeMetricFamily:
    """A gauge labelled by job kind from rows of (kind, value)."""
    family = GaugeMetricFamily(name, documentation, labels=["kind"])
    for row in rows:
        family.add_metric([row["kind"]], row[value])
    return family


def _job_gauges(now):
    """Queue depth, age of the oldest due job, jobs given up and jobs retrying, per kind."""
    from marketplace.jobs.models import Job, JobStatus

    waiting = Job.objects.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING])
    yield _by_kind(
        "marketplace_jobs_queued",
        "Jobs waiting or running, by kind.",
        waiting.values("kind").annotate(n=Count("id")),
    )
    due = Job.objects.filter(status=JobStatus.PENDING, run_after__lte=now)
    ages = [
        {"kind": row["kind"], "age": max(0.0, (now - row["first"]).total_seconds())}
        for row in due.values("kind").annotate(first=Min("run_after"))
    ]
    yield _by_kind(
        "marketplace_jobs_oldest_due_age_seconds",
        "How long the oldest due job of each kind has waited.",
        ages,
        value="age",
    )
    given_up = Job.objects.filter(status=JobStatus.FAILED)
    yield _by_kind(
        "marketplace_jobs_failed",
        "Jobs that gave up (on the exceptions list until someone tries them again).",
        given_up.values("kind").annotate(n=Count("id")),
    )
    retrying = Job.objects.filter(status=JobStatus.PENDING, attempts__gt=0)
    yield _by_kind(
        "marketplace_jobs_retrying",
        "Jobs waiting to be tried again after a failure.",
        retrying.values("kind").annotate(n=Count("id")),
    )


def _edi_backlog() -> GaugeMetricFamily:
    from marketplace.edi.models import OutboundTransaction

    backlog = GaugeMetricFamily(
        "marketplace_edi_834_backlog",
        "834 transactions not yet sent, by issuer (HIOS id) and status (pending, held).",
        labels=["issuer", "status"],
    )
    for row in (
        OutboundTransaction.objects.exclude(status=OutboundTransaction.SENT)
        .values("issuer__hios_id", "status")
        .annotate(n=Count("id"))
    ):
        backlog.add_metric([row["issuer__hios_id"], row["status"]], row["n"])
    return backlog


def _data_services() -> GaugeMetricFamily:
    from marketplace.verifications.models import ItemStatus, VerificationItem

    waiting = GaugeMetricFamily(
        "marketplace_data_service_waiting_items",
        "Verification items waiting because a data service did not answer, by item type "
        "(0 everywhere: the services are answering).",
        labels=["type"],
    )
    for row in (
        VerificationItem.objects.filter(status=ItemStatus.OPEN, awaiting_service=True)
        .values("type")
        .annotate(n=Count("id"))
    ):
        waiting.add_metric([row["type"]], row["n"])
    return waiting


def _sessions_and_worker():
    from marketplace.jobs.models import WorkerHeartbeat

    sessions = GaugeMetricFamily(
        "marketplace_active_sessions", "Sessions that have not expired (signed in or not)."
    )
    sessions.add_metric([], Session.objects.filter(expire_date__gt=timezone.now()).count())
    yield sessions
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    seen = last.first()
    heartbeat = GaugeMetricFamily(
        "marketplace_worker_last_check_in_age_seconds",
        "Seconds since a background worker last checked in (absent: never).",
    )
    if seen is not None:
        heartbeat.add_metric([], max(0.0, (timezone.now() - seen).total_seconds()))
    yield heartbeat


class DatabaseCollector:
    """Gauges computed from the records at scrape time."""

    def collect(self):
        yield from _job_gauges(clock.now())
        yield _edi_backlog()
        yield _data_services()
        yield from _sessions_and_worker()


def exposition() -> bytes:
    """The text a scrape gets: the counters of every web process plus the gauges."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, WAITING_ROOM, TRANSACTION_CONFLICTS):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
