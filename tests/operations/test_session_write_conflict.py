"""The session written after the view (SessionMiddleware, database sessions) meets a
deadlock: the write runs again, and when it keeps failing the person gets a 409 page that
leads on, never a 500 (ADR 1704; core/sessions.py, operations/middleware.py).

The deadlock is provoked the way ADR 0816's tests do: the session row's save raises
Django's OperationalError caused by psycopg's DeadlockDetected (SQLSTATE 40P01)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from marketplace.core import transactions
from marketplace.operations import metrics
from marketplace.urls import urlpatterns as site
from tests.core.deadlock_support import deadlock, events  # noqa: F401


def remember(request):
    """A view that changes the session, then sends the person on."""
    request.session["step"] = request.session.get("step", 0) + 1
    if request.GET.get("go"):
        return HttpResponseRedirect("/tests/next")
    return HttpResponse("ok")


urlpatterns = [*site, path("tests/remember", remember), path("api/tests/remember", remember)]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser(client, settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", (0.0, 0.0))
    client.raise_request_exception = False
    return client


def failing_saves(monkeypatch, times: int, error=deadlock) -> list[int]:
    """The session row's save fails `times` times, then works. Counts the tries."""
    real = Session.save
    tries: list[int] = []

    def save(self, *args, **kwargs):
        tries.append(1)
        if len(tries) <= times:
            raise error()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Session, "save", save)
    return tries


def stored_step(client) -> int:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).get_decoded()["step"]


def test_a_new_session_met_by_a_deadlock_is_written_on_the_second_try(
    browser,
    monkeypatch,
    events,  # noqa: F811
):
    tries = failing_saves(monkeypatch, 1)
    response = browser.get("/tests/remember")
    assert response.status_code == 200
    assert len(tries) == 2
    assert stored_step(browser) == 1
    retried = [e for e in events if e["event"] == "transaction_retried"]
    assert [(e["kind"], e["action"]) for e in retried] == [
        ("deadlock", "marketplace.core.sessions._save_row")
    ]


def test_a_session_updated_in_a_deadlock_is_written_on_the_second_try(browser, monkeypatch):
    assert browser.get("/tests/remember").status_code == 200
    tries = failing_saves(monkeypatch, 1)
    response = browser.get("/tests/remember?go=1")
    assert response.status_code == 302 and response["Location"] == "/tests/next"
    assert len(tries) == 2
    assert stored_step(browser) == 2


def test_a_deadlock_that_lasts_answers_409_leading_on_not_500(browser, monkeypatch):
    assert browser.get("/tests/remember").status_code == 200
    session_write = {"action": "marketplace.core.sessions._save_row", "kind": "deadlock"}
    before = metrics.TRANSACTION_CONFLICTS.labels(**session_write, outcome="gave_up")._value.get()
    tries = failing_saves(monkeypatch, 99)
    response = browser.post("/tests/remember?go=1", {"name": "Zoë"})
    assert response.status_code == 409
    assert len(tries) == transactions.TRIES
    after = metrics.TRANSACTION_CONFLICTS.labels(**session_write, outcome="gave_up")._value.get()
    assert after == before + 1
    assert response["Retry-After"] == "1" and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Please check and go on" in html and 'href="/tests/next"' in html
    assert "Nothing was changed" not in html  # the view's own transaction did commit
    assert stored_step(browser) == 1


def test_the_api_gets_a_409_in_json(browser, monkeypatch):
    failing_saves(monkeypatch, 99)
    response = browser.get("/api/tests/remember")
    assert response.status_code == 409
    assert "session" in response.json()["detail"]


def test_another_database_error_on_an_update_is_still_djangos_400(browser, monkeypatch):
    assert browser.get("/tests/remember").status_code == 200
    tries = failing_saves(monkeypatch, 99, error=lambda: DatabaseError("row gone"))
    assert browser.get("/tests/remember").status_code == 400  # SessionInterrupted
    assert len(tries) == 1
