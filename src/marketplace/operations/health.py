"""Readiness: may a load balancer send this process traffic? (docs/contracts.md 4.11)

Each check answers ok or a short reason an operator can act on (docs/runbooks/). None
reads or returns personal data: only counts, ages in seconds and job kinds.

- database: the database answers a query.
- migrations: every migration of the code being served is applied.
- worker: a background worker checked in within `MARKETPLACE_READY_WORKER_SECONDS`
  (`marketplace worker` checks in every 15 s; jobs.models.WorkerHeartbeat).
- queues: no due job has waited longer than `MARKETPLACE_READY_QUEUE_SECONDS` (a stuck
  queue: the workers are alive but not keeping up, or a job kind has no handler running).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.utils import timezone

from marketplace.core import clock
from marketplace.jobs.models import Job, JobStatus, WorkerHeartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


_migrations_applied = False  # once true in a process, it stays true (migrations only add)


def database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check("database", False, f"the database does not answer ({type(exc).__name__})")
    return Check("database", True)


def migrations() -> Check:
    global _migrations_applied
    if not _migrations_applied:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return Check("migrations", False, f"{len(plan)} migration(s) not applied")
        _migrations_applied = True
    return Check("migrations", True)


def worker() -> Check:
    limit = settings.MARKETPLACE_READY_WORKER_SECONDS
    since = timezone.now() - timedelta(seconds=limit)
    if WorkerHeartbeat.objects.filter(seen_at__gte=since).exists():
        return Check("worker", True)
    return Check("worker", False, f"no background worker has checked in for {limit} s")


def queues() -> Check:
    limit = settings.MARKETPLACE_READY_QUEUE_SECONDS
    now = clock.now()
    rows = (
        Job.objects.filter(status=JobStatus.PENDING, run_after__lte=now)
        .values("kind")
        .annotate(oldest=Min("run_after"))
    )
    stuck = sorted(row["kind"] for row in rows if (now - row["oldest"]).total_seconds() > limit)
    if stuck:
        return Check("queues", False, f"jobs waiting over {limit} s: {', '.join(stuck)}")
    return Check("queues", True)


def readiness() -> list[Check]:
    first = database()
    if not first.ok:
        return [first]  # the other checks need the database
    return [first, migrations(), worker(), queues()]
