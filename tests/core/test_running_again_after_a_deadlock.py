"""An action whose transaction PostgreSQL ends in a deadlock runs again (ADR 0816).

`core.transactions.atomic_action` is the actions' `@transaction.atomic`: at the outermost
transaction a deadlock (40P01) or serialization failure (40001) runs the action again, up to
three times in all; inside a caller's transaction it is a savepoint and runs once.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import psycopg.errors
import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from marketplace.core import transactions
from marketplace.enrollment import actions as enrollment_actions
from tests.core import deadlock_support
from tests.core.deadlock_support import deadlock

events = deadlock_support.events  # a fixture


@pytest.fixture
def no_pause(monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", (0.0, 0.0))


def _sessions(*keys: str) -> None:
    expires = timezone.now() + timedelta(days=1)
    for key in keys:
        Session.objects.create(session_key=key, session_data="", expire_date=expires)


def test_the_kinds_of_conflict_are_read_through_djangos_wrapper():
    assert transactions.conflict_of(deadlock()) == "deadlock"
    assert transactions.conflict_of(psycopg.errors.SerializationFailure()) == (
        "serialization_failure"
    )
    assert transactions.conflict_of(OperationalError("no such table")) is None
    assert transactions.conflict_of(psycopg.errors.UniqueViolation()) is None


@pytest.mark.django_db(transaction=True)
def test_a_conflict_runs_the_action_again_and_the_second_run_is_kept(events, no_pause):
    runs = []

    @transactions.atomic_action
    def action():
        runs.append(connection.in_atomic_block)
        _sessions(f"run-{len(runs)}")
        if len(runs) == 1:
            raise deadlock()
        return "done"

    assert action() == "done"
    assert runs == [True, True]  # each run in its own transaction
    # the first run's row was rolled back with its transaction; the second's was committed
    assert list(Session.objects.values_list("session_key", flat=True)) == ["run-2"]
    assert [e["event"] for e in events] == ["transaction_retried"]
    assert events[0]["kind"] == "deadlock" and events[0]["attempt"] == 1
    assert events[0]["action"].endswith("action")


@pytest.mark.django_db(transaction=True)
def test_a_conflict_that_lasts_is_raised_after_three_runs(events, no_pause):
    runs = []

    @transactions.atomic_action
    def action():
        runs.append(1)
        raise deadlock()

    with pytest.raises(OperationalError):
        action()
    assert len(runs) == transactions.TRIES == 3
    assert [e["event"] for e in events] == [
        "transaction_retried",
        "transaction_retried",
        "transaction_gave_up",
    ]
    assert json.dumps(events)  # ids and codes only: plain values


@pytest.mark.django_db(transaction=True)
def test_any_other_database_error_is_not_run_again(no_pause):
    runs = []

    @transactions.atomic_action
    def action():
        runs.append(1)
        raise OperationalError("disk full")

    with pytest.raises(OperationalError):
        action()
    assert runs == [1]


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_action_runs_once(events, no_pause):
    runs = []

    @transactions.atomic_action
    def action():
        runs.append(1)
        raise deadlock()

    with pytest.raises(OperationalError), transaction.atomic():
        action()
    assert runs == [1]  # a savepoint cannot be run again: the caller's transaction is lost
    assert events == []


def test_the_actions_that_pages_call_are_run_this_way():
    # the actions' own transaction is the one run again (not a savepoint inside a view's)
    for action in (
        enrollment_actions.change_aptc,
        enrollment_actions.end_coverage,
        enrollment_actions._checkout,
    ):
        assert action.__code__ is transactions.atomic_action(lambda: None).__code__


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two connections running two transactions at once (SQLite's test database "
    "is in memory and shared by the threads, and takes one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_two_transactions_in_a_real_deadlock_both_finish(events):
    """Two threads, each on its own connection: one locks A then B, the other B then A, and
    a barrier makes them hold their first lock together. PostgreSQL ends one with 40P01; it
    runs again after the other commits, and both finish."""
    _sessions("A", "B")
    barrier = threading.Barrier(2, timeout=10)
    runs: dict[str, int] = {"AB": 0, "BA": 0}
    errors: list[BaseException] = []

    @transactions.atomic_action
    def move(first: str, second: str) -> None:
        runs[first + second] += 1
        Session.objects.select_for_update().get(session_key=first)
        if runs[first + second] == 1:
            barrier.wait()
        Session.objects.select_for_update().get(session_key=second)
        Session.objects.filter(session_key__in=[first, second]).update(session_data=first + second)

    def worker(first, second):
        try:
            move(first, second)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=pair) for pair in (("A", "B"), ("B", "A"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(runs.values()) == [1, 2]  # one ran again, once
    retried = [e for e in events if e["event"] == "transaction_retried"]
    assert [(e["kind"], e["attempt"]) for e in retried] == [("deadlock", 1)]
    # the one that ran again wrote last
    last = "AB" if runs["AB"] == 2 else "BA"
    assert set(Session.objects.values_list("session_data", flat=True)) == {last}
