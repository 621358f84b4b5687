"""/readyz: ready only with the database up, migrations applied, a live worker and no stuck
queue; otherwise 503 naming the failing check, with no personal data."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.core import clock
from marketplace.jobs import queue
from marketplace.jobs.models import Job, WorkerHeartbeat

pytestmark = pytest.mark.django_db


@queue.handler("tests.ready.noop")
def _noop(payload):
    return None


def test_not_ready_until_a_worker_checks_in(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert "no background worker has checked in" in body["checks"]["worker"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"


def test_ready_once_the_worker_has_run(client):
    call_command("worker", "--once")
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ready"


def test_fails_when_the_worker_stops_checking_in(client, settings):
    call_command("worker", "--once")
    assert client.get("/readyz").status_code == 200
    # The worker stopped: its last check-in grows older than the limit.
    stale = timezone.now() - timedelta(seconds=settings.MARKETPLACE_READY_WORKER_SECONDS + 1)
    WorkerHeartbeat.objects.update(seen_at=stale)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_a_stuck_queue_is_named_by_its_kind(client, settings):
    queue.check_in("test-worker")
    job = queue.enqueue("tests.ready.noop", {"application": "123-45-6789"})
    waited = settings.MARKETPLACE_READY_QUEUE_SECONDS + 60
    Job.objects.filter(pk=job.pk).update(run_after=clock.now() - timedelta(seconds=waited))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["queues"]
    assert "tests.ready.noop" in body["checks"]["queues"]
    assert "123-45-6789" not in response.content.decode()
    # The worker catches up: ready again.
    queue.run_pending()
    assert client.get("/readyz").status_code == 200


def test_a_job_not_yet_due_is_not_stuck(client):
    queue.check_in("test-worker")
    queue.enqueue("tests.ready.noop", run_after=clock.now() + timedelta(days=30))
    assert client.get("/readyz").status_code == 200


def test_a_migration_not_applied_is_named(client, monkeypatch):
    from django.db.migrations.recorder import MigrationRecorder

    from marketplace.operations import health

    call_command("worker", "--once")
    monkeypatch.setattr(health, "_migrations_applied", False)  # as a process just started
    MigrationRecorder.Migration.objects.filter(
        app="operations", name="0002_daily_requests"
    ).delete()  # the code is newer than the database (rolled back with the test)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"] == "1 migration(s) not applied"


def test_a_database_that_does_not_answer_fails_first(client, monkeypatch):
    from django.db import OperationalError

    from marketplace.operations import health

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": Down()})
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"] and list(body["checks"]) == ["database"]
    assert "OperationalError" in body["checks"]["database"]
