"""A deadlock that outlasts the tries answers 409 "send it again" with what was typed kept,
never a 500 (ADR 0816), and is counted in /metrics by action (ADR 1705)."""

from __future__ import annotations

import psycopg.errors
import pytest
from django.db import OperationalError
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from prometheus_client.parser import text_string_to_metric_families

from marketplace.core import transactions
from marketplace.operations import metrics
from marketplace.urls import urlpatterns as site

RUNS: list[int] = []


@transactions.atomic_action
def always_deadlocked():
    RUNS.append(1)
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.errors.DeadlockDetected as cause:
        raise OperationalError("deadlock detected") from cause


@csrf_exempt
def save(request):
    always_deadlocked()


def broken(request):
    raise OperationalError("something else")


urlpatterns = [
    *site,
    path("tests/save", save),
    path("api/tests/save", save),
    path("tests/broken", broken),
]


@pytest.fixture
def conflicted(client, settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", (0.0, 0.0))
    RUNS.clear()
    client.raise_request_exception = False
    return client


ACTION = f"{__name__}.always_deadlocked"


def conflicts(outcome: str) -> float:
    """The scrape's count of this test's action's deadlocks with this outcome."""
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for sample in family.samples:
            wanted = {"action": ACTION, "kind": "deadlock", "outcome": outcome}
            if sample.name.endswith("_total") and sample.labels == wanted:
                return sample.value
    return 0.0


def gave_up() -> float:
    return conflicts("gave_up")


@pytest.mark.django_db(transaction=True)
def test_a_form_that_keeps_meeting_a_deadlock_gets_a_page_to_send_it_again(conflicted):
    before = gave_up()
    response = conflicted.post(
        "/tests/save?step=2",
        {"first_name": "Zoë", "notes": ['line "one" <b>', "two"], "password": "hunter2"},
    )
    assert response.status_code == 409
    assert len(RUNS) == 3
    assert gave_up() == before + 1
    assert response["Retry-After"] == "1"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Please send this again" in html and "Traceback" not in html
    assert 'action="/tests/save?step=2"' in html
    assert '<input type="hidden" name="first_name" value="Zoë">' in html
    assert 'value="line &quot;one&quot; &lt;b&gt;"' in html and 'value="two"' in html
    assert "hunter2" not in html and "passwords are not kept" in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db(transaction=True)
def test_the_api_gets_a_409_in_json(conflicted):
    response = conflicted.post("/api/tests/save", {})
    assert response.status_code == 409
    assert "Send it again" in response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_taken_for_a_conflict(conflicted):
    assert conflicted.get("/tests/broken").status_code == 500


@pytest.mark.django_db(transaction=True)
def test_the_counter_is_in_the_scrape_by_action(conflicted):
    before = conflicts("retried")
    conflicted.post("/tests/save", {})
    assert b"marketplace_transaction_conflicts_total" in metrics.exposition()
    assert conflicts("retried") == before + 2  # the two runs again before it gave up
