"""The durable queue: work commits with the change that needs it, runs once, retries."""

from datetime import timedelta

import pytest
from django.db import connection, transaction

from marketplace.core import clock
from marketplace.jobs import queue
from marketplace.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)

done: list[dict] = []


@queue.handler("tests.record")
def record(payload):
    done.append(payload)


@queue.handler("tests.explode")
def explode(payload):
    raise RuntimeError("the mail house is down")


@pytest.fixture(autouse=True)
def _clear():
    done.clear()


def test_a_job_queued_in_a_rolled_back_transaction_never_exists():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        queue.enqueue("tests.record", {"n": 1})
        1 / 0  # noqa: B018 - the change fails after queueing its side effect
    assert Job.objects.count() == 0


def test_a_committed_job_runs_once():
    with transaction.atomic():
        queue.enqueue("tests.record", {"n": 2})
    assert queue.run_pending() == 1
    assert queue.run_pending() == 0
    assert done == [{"n": 2}]
    assert Job.objects.get().status == JobStatus.DONE


def test_the_same_dedupe_key_queues_the_work_once():
    first = queue.enqueue("tests.record", {"n": 3}, dedupe_key="enrollment-7-add")
    second = queue.enqueue("tests.record", {"n": 3}, dedupe_key="enrollment-7-add")
    assert first.pk == second.pk
    queue.run_pending()
    assert done == [{"n": 3}]


def test_a_failing_job_is_retried_later_and_keeps_where_it_failed():
    queue.enqueue("tests.explode")
    assert queue.run_pending() == 1
    job = Job.objects.get()
    assert job.status == JobStatus.PENDING
    assert job.run_after > clock.now()
    # the type and the frames, not the message (it may quote personal data: core/errors.py)
    assert "builtins.RuntimeError" in job.last_error and "in explode" in job.last_error
    assert "RuntimeError: the mail house is down" not in job.last_error


def test_a_job_whose_worker_died_is_claimed_again_after_its_lease():
    queue.enqueue("tests.record", {"n": 4})
    claimed = queue.claim("worker-that-dies")
    assert claimed is not None
    assert queue.claim("other-worker") is None  # the lease still holds
    later = clock.now() + queue.LEASE + timedelta(seconds=1)
    again = queue.claim("other-worker", now=later)
    assert again is not None and again.pk == claimed.pk
    assert queue.run(again)
    assert done == [{"n": 4}]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_a_claim_reads_the_jobs_not_yet_done_not_those_done_before_them():
    """ADR 0832: with an index of every job's run_after, a claim walked past every job done
    before the first one due (1.7 s a claim once two million were done)."""
    now = clock.now()
    Job.objects.bulk_create(
        Job(kind="tests.record", run_after=now - timedelta(minutes=n), status=JobStatus.DONE)
        for n in range(1, 400)
    )
    waiting = queue.enqueue("tests.record", {"n": 1})
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Job._meta.db_table}")

    assert "jobs_due" in queue.due_jobs(clock.now())[:20].explain()
    assert [job.pk for job in queue.due_jobs(clock.now())] == [waiting.pk]
    assert queue.claim("worker-1").pk == waiting.pk
