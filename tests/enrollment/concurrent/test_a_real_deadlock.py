"""A person's APTC change that PostgreSQL really ends in a deadlock is run again: the person
sees their change made, once (issue 17; ADR 0816, 1705).

Two real connections. The person (Sam) sends the "change my tax credit" form on one thread:
the view calls `enrollment.actions.change_aptc`, which locks his policy, writes it, its
audit row and its 834 (the outbox), and at COMMIT PostgreSQL checks the 834's deferred
foreign key to the insurer, which takes a share of the insurer's row. The other thread is a
transaction that takes the same two rows in the other order: the insurer's row FOR UPDATE,
then the policy (what the policy's lock did before ADR 0815, `select_related("issuer")`
without `of`). The moment is held, not left to luck: the person's first run waits, after
queueing its 834, until the other transaction holds the insurer; the other asks for the
policy only once the person's COMMIT waits for a lock. PostgreSQL's deadlock check then
runs first in the person's backend (it waited first, and, when the test runs as a
superuser, with the shorter `deadlock_timeout` of the two) and ends that transaction with
40P01: the whole change is rolled back, and `@atomic_action` runs it again once the other
has committed.

Without the run again (`@transaction.atomic` in place of `@atomic_action`), the person gets
the 409 "send it again" page instead: this test fails.

On PostgreSQL only: SQLite's test database is in memory and every thread shares it, and it
takes one writer at a time, so the two transactions cannot wait for each other there.
"""

from __future__ import annotations

import threading
import time
import traceback
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from marketplace.audit.models import AuditEvent
from marketplace.catalog.models import Issuer
from marketplace.edi import outbox
from marketplace.edi.models import Kind, OutboundTransaction
from marketplace.enrollment.models import Enrollment
from marketplace.jobs.models import Job
from marketplace.operations import metrics
from tests.core import deadlock_support
from tests.enrollment.conftest import determined, enroll, sam

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a real deadlock takes two connections running two "
        "transactions at once (SQLite's test database is in memory, shared by the threads, "
        "and takes one writer at a time)",
    ),
]

events = deadlock_support.events  # a fixture: the structured events logged

ACTION = "marketplace.enrollment.actions.change_aptc"


class Side(threading.Thread):
    """One side on a thread (and so a database connection) of its own: `answer` is what
    `work` returned, `failure` the traceback of what it raised."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.answer, self.failure = work, None, None

    def run(self):
        try:
            self.answer = self.work()
        except BaseException:  # the test shows it
            self.failure = traceback.format_exc()
        finally:
            connections.close_all()


def conflicts(outcome: str) -> float:
    """The /metrics count of the APTC change's deadlocks with this outcome."""
    wanted = {"action": ACTION, "kind": "deadlock", "outcome": outcome}
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for sample in family.samples:
            if sample.name.endswith("_total") and sample.labels == wanted:
                return sample.value
    return 0.0


def deadlock_timeout(seconds: int) -> None:
    """How long this transaction waits for a lock before PostgreSQL looks for a deadlock (a
    superuser's setting; left at the server's, 1 s by default, for anyone else). The person's
    is longer than the server's, the other's longer still: on a busy machine the other has
    time to ask for its lock before the person's check, which must find the deadlock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SELECT set_config('deadlock_timeout', %s, true)", [f"{seconds}s"])


def waiting_for_a_lock(backend_pid: int, seconds: float = 10) -> None:
    """Return once that PostgreSQL backend waits for a lock."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [backend_pid]
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("the person's transaction never waited for a lock")


def test_an_aptc_change_ended_in_a_real_deadlock_is_made_once_and_counted(
    catalog,
    monkeypatch,
    events,
):
    user, determination = determined("sam@example.org", sam())
    policy = enroll(user, determination)
    assert policy.elected_aptc > Decimal("100.00")
    exports = Job.objects.filter(kind=outbox.EXPORT_JOB).count()
    retried_before, gave_up_before = conflicts("retried"), conflicts("gave_up")
    browser = Client(raise_request_exception=False)
    browser.force_login(user)

    person_holds_the_policy, other_holds_the_insurer = threading.Event(), threading.Event()
    runs: list[int] = []  # the person's backend, once per run of the action
    queue = outbox.queue

    def queue_then_hold(enrollment, txn):
        row = queue(enrollment, txn)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            runs.append(cursor.fetchone()[0])
        if len(runs) == 1:  # the first run: the policy is locked and written, not committed
            deadlock_timeout(4)
            person_holds_the_policy.set()
            assert other_holds_the_insurer.wait(timeout=30)
        return row

    monkeypatch.setattr(outbox, "queue", queue_then_hold)

    def person():
        return browser.post(f"/enroll/coverage/{policy.public_id}/aptc/", {"aptc": "100.00"})

    def insurer_then_policy():
        assert person_holds_the_policy.wait(timeout=30)
        with transaction.atomic():
            deadlock_timeout(30)
            Issuer.objects.select_for_update().get(pk=policy.issuer_id)
            other_holds_the_insurer.set()
            waiting_for_a_lock(runs[0])  # the person's COMMIT, for a share of the insurer
            Enrollment.objects.select_for_update(of=("self",)).get(pk=policy.pk)
        return "committed"

    sides = [Side(person), Side(insurer_then_policy)]
    for side in sides:
        side.start()
    for side in sides:
        side.join(timeout=120)
    answer, other = sides

    assert other.failure is None and other.answer == "committed", other.failure
    assert answer.failure is None, answer.failure
    # no exception reached Sam: the form's normal answer, his policy's page with the message
    page = f"/enroll/coverage/{policy.public_id}/"
    assert answer.answer.status_code == 302, answer.answer.content[:600]
    assert answer.answer["Location"] == page
    assert "Your tax credit amount was changed." in browser.get(page).content.decode()
    # PostgreSQL ended the first run; the second, on the same connection, was kept
    assert len(runs) == 2 and runs[0] == runs[1]
    # the work was done exactly once: the amount, one audit row, one 834, no second export job
    assert Enrollment.objects.get(pk=policy.pk).elected_aptc == Decimal("100.00")
    changed = AuditEvent.objects.filter(action="enrollment.aptc_changed")
    assert changed.count() == 1
    assert OutboundTransaction.objects.filter(enrollment=policy, kind=Kind.CHANGE).count() == 1
    assert Job.objects.filter(kind=outbox.EXPORT_JOB).count() == exports
    # the run again was logged and counted under the action's name
    retried = [e for e in events if e["event"].startswith("transaction_")]
    assert [(e["event"], e["kind"], e["action"], e["attempt"]) for e in retried] == [
        ("transaction_retried", "deadlock", ACTION, 1)
    ]
    assert conflicts("retried") == retried_before + 1
    assert conflicts("gave_up") == gave_up_before
