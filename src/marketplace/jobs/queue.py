"""Enqueue, claim and run jobs. Handlers register by kind:

    @handler("notices.render")
    def render_notice(payload): ...

A handler must be idempotent: a job may run again if its worker died after the work but
before it was marked done.

One bad job stops nobody else's: a failing job is retried later with a growing pause while
the others run; after `max_attempts` it is marked failed and put on the exceptions list
(jobs/worklist.py) with a "Try again" for a caseworker. A job whose runs kill the worker
itself (it never comes back to record the failure) is given up the same way once it has been
claimed `max_attempts` times. `last_error` and log lines carry the error's type and where it
was raised, never its message unless that is known to hold no personal data
(core/errors.py).
Times are on the exchange's clock (core/clock.py): a job scheduled for a deadline runs when
the clock reaches it, also when MARKETPLACE_TODAY moves the clock (demo, training).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core import clock, jsonlog, request_id
from marketplace.core.errors import describe, summary
from marketplace.jobs import worklist
from marketplace.jobs.models import Job, JobStatus, Source, WorkerHeartbeat

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[[dict], None]] = {}
LEASE = timedelta(minutes=5)


def handler(kind: str):
    def register(function: Callable[[dict], None]):
        HANDLERS[kind] = function
        return function

    return register


def enqueue(
    kind: str, payload: dict | None = None, *, dedupe_key: str | None = None, run_after=None
) -> Job:
    """Queue work. Call it inside the transaction of the change that needs the work.

    With a `dedupe_key` the work is queued once, in one statement (INSERT ... ON CONFLICT
    (dedupe_key) DO UPDATE ... RETURNING id; no savepoint, and a duplicate key cannot spoil
    the caller's transaction): the job returned has the id of the row with that key, the new
    one or the one queued before (whose stored kind, payload and times are left as they
    were)."""
    job = Job(
        kind=kind,
        payload=payload or {},
        dedupe_key=dedupe_key,
        run_after=run_after or clock.now(),
        request_id=request_id.current(),
    )
    if dedupe_key is None:
        job.save()
        return job
    Job.objects.bulk_create(
        [job], update_conflicts=True, unique_fields=["dedupe_key"], update_fields=["dedupe_key"]
    )
    return job


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def due_jobs(now):
    """The jobs a worker may take at `now`, oldest first: pending, or running under a lease
    that has run out. Read through the partial index of the jobs not yet done (ADR 0832)."""
    due = Job.objects.filter(
        status__in=[JobStatus.PENDING, JobStatus.RUNNING], run_after__lte=now
    ).exclude(status=JobStatus.RUNNING, lease_expires_at__gt=now)
    return due.order_by("run_after", "id")


def claim(worker: str, now=None) -> Job | None:
    """Take one due job under a lease, or None. Safe with any number of workers."""
    now = now or clock.now()
    with transaction.atomic():
        for job in due_jobs(now).select_for_update(skip_locked=True)[:20]:
            if job.status == JobStatus.RUNNING and job.attempts >= job.max_attempts:
                _give_up(job, "Its last runs never finished: the worker running it stopped.")
                continue
            break
        else:
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.worker = worker
        job.lease_expires_at = now + LEASE
        job.save(update_fields=["status", "attempts", "worker", "lease_expires_at"])
        return job


def run(job: Job) -> bool:
    """Run one claimed job; True when it succeeded. Writes one `job` log line (jsonlog)
    carrying the id of the request that queued it."""
    token = request_id.set_current(job.request_id or f"job-{job.pk}")
    started = time.perf_counter()
    succeeded = False
    try:
        succeeded = _run(job)
        return succeeded
    finally:
        jsonlog.event(
            "job",
            job_id=job.pk,
            kind=job.kind,
            attempt=job.attempts,
            outcome="done" if succeeded else "failed",
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
            worker=job.worker,
        )
        request_id.reset(token)


def _run(job: Job) -> bool:
    function = HANDLERS.get(job.kind)
    try:
        if function is None:
            raise LookupError(f"No handler for job kind {job.kind!r}")
        with transaction.atomic():
            function(job.payload)
            Job.objects.filter(pk=job.pk, worker=job.worker).update(
                status=JobStatus.DONE, finished_at=clock.now(), last_error=""
            )
        return True
    except Exception as exc:
        error = describe(exc)
        log.warning(
            "Job %s #%s failed (attempt %s): %s", job.kind, job.pk, job.attempts, summary(exc)
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.PENDING,
            run_after=clock.now() + timedelta(seconds=min(3600, 2**job.attempts * 5)),
            last_error=error,
            lease_expires_at=None,
        )
        if job.attempts >= job.max_attempts:
            with transaction.atomic():
                _give_up(job, f"It failed {job.attempts} times; the last error: {summary(exc)}")
        return False


def _give_up(job: Job, why: str) -> None:
    """Mark the job failed and put it on the exceptions list (in the caller's transaction)."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, lease_expires_at=None)
    log.error("Job %s #%s gave up after %s attempts", job.kind, job.pk, job.attempts)
    worklist.report(
        Source.JOB,
        "gave_up",
        f"The background job {job.kind} #{job.pk} gave up. {why} Once the cause is fixed "
        "(see the error in the job record, or ask the technical team), try it again.",
        object_type="Job",
        object_id=str(job.pk),
        retry_kind=job.kind,
        retry_payload=job.payload,
    )


def check_in(worker: str, jobs_run: int = 0) -> None:
    """Record that `worker` is alive (what `/readyz` looks for). Infrastructure time, not
    the exchange's clock: a moved clock must not make a live worker look stopped."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker=worker).update(seen_at=now)
    if jobs_run:
        from django.db.models import F

        WorkerHeartbeat.objects.filter(worker=worker).update(jobs_run=F("jobs_run") + jobs_run)
    if not updated:
        try:
            with transaction.atomic():
                WorkerHeartbeat.objects.create(
                    worker=worker, started_at=now, seen_at=now, jobs_run=jobs_run
                )
        except IntegrityError:
            WorkerHeartbeat.objects.filter(worker=worker).update(seen_at=now)


def run_pending(limit: int | None = None, worker: str | None = None) -> int:
    """Run due jobs until none are left (or `limit`); returns how many ran."""
    worker = worker or worker_name()
    count = 0
    while limit is None or count < limit:
        job = claim(worker)
        if job is None:
            break
        run(job)
        count += 1
    return count
