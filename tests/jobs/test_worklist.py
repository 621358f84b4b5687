"""One bad job stops nobody else's, its error carries no personal data, and a job that
gives up (or keeps killing its worker) lands on the caseworkers' exceptions list, where
Carla, a caseworker, tries it again or closes it with what she did."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.core import clock
from marketplace.jobs import queue, worklist
from marketplace.jobs.models import Job, JobStatus, Source, WorkException
from tests.staff import caseworker
from tests.verifications.households import user

pytestmark = pytest.mark.django_db

done: list[dict] = []


@queue.handler("tests.worklist.good")
def good(payload):
    done.append(payload)


@queue.handler("tests.worklist.bad")
def bad(payload):
    raise ValueError(f"cannot mail {payload['email']} at {payload['street']}")


@pytest.fixture(autouse=True)
def _clear():
    done.clear()


def _due_again():
    Job.objects.filter(status=JobStatus.PENDING).update(run_after=clock.now())


def test_a_planted_bad_job_leaves_the_others_done_and_gives_up_onto_the_list():
    queue.enqueue("tests.worklist.bad", {"email": "maria@example.org", "street": "12 Elm St"})
    queue.enqueue("tests.worklist.good", {"n": 1})
    queue.enqueue("tests.worklist.good", {"n": 2})
    queue.run_pending()
    assert done == [{"n": 1}, {"n": 2}]
    bad_job = Job.objects.get(kind="tests.worklist.bad")
    for _attempt in range(bad_job.max_attempts):
        _due_again()
        queue.run_pending()
    bad_job.refresh_from_db()
    assert bad_job.status == JobStatus.FAILED
    assert "maria@example.org" not in bad_job.last_error
    assert "Elm" not in bad_job.last_error and "builtins.ValueError" in bad_job.last_error
    item = WorkException.objects.get(source=Source.JOB)
    assert item.object_id == str(bad_job.pk) and item.retry_kind == "tests.worklist.bad"
    assert "maria" not in item.message and "Elm" not in item.message
    assert "gave up" in item.message and "try it again" in item.message


def test_a_job_that_keeps_killing_its_worker_is_given_up_and_the_next_one_runs():
    poison = queue.enqueue("tests.worklist.good", {"n": "poison"})
    later = timezone.now()
    for _attempt in range(poison.max_attempts):  # each claim's worker dies mid-run
        later += queue.LEASE + timedelta(seconds=1)
        assert queue.claim("dying-worker", now=later).pk == poison.pk
    queue.enqueue("tests.worklist.good", {"n": 3}, run_after=timezone.now())
    later += queue.LEASE + timedelta(seconds=1)
    job = queue.claim("healthy-worker", now=later)
    assert job is not None and job.payload == {"n": 3}
    poison.refresh_from_db()
    assert poison.status == JobStatus.FAILED
    assert "worker running it stopped" in WorkException.objects.get().message


def test_the_list_is_for_caseworkers_who_retry_or_close_items(client):
    item = worklist.report(
        Source.JOB,
        "gave_up",
        "The background job X gave up.",
        object_type="Job",
        object_id="77",
        retry_kind="tests.worklist.good",
        retry_payload={"n": 9},
    )
    other = worklist.report(Source.EMAIL, "unreachable", "An e-mail was not sent.")
    assert (
        worklist.report(Source.JOB, "gave_up", "again", object_type="Job", object_id="77").pk
        == item.pk
    )  # one open item per record
    client.force_login(user("sam@example.org"))
    assert client.get("/casework/work-exceptions/").status_code == 404
    caseworker(client)
    page = client.get("/casework/work-exceptions/")
    assert page.status_code == 200
    assert f'data-item="{item.pk}"' in page.content.decode()
    refused = client.post("/casework/work-exceptions/", {"item": other.pk, "action": "resolve"})
    assert refused.status_code == 400
    assert "What was done: say how" in refused.content.decode()
    answer = client.post("/casework/work-exceptions/", {"item": item.pk, "action": "retry"})
    assert answer.status_code == 302
    assert Job.objects.filter(kind="tests.worklist.good", payload={"n": 9}).exists()
    client.post(
        "/casework/work-exceptions/",
        {"item": other.pk, "action": "resolve", "note": "Called the person; address fixed."},
    )
    assert not WorkException.objects.filter(resolved_at=None).exists()
    queue.run_pending()
    assert done == [{"n": 9}]
