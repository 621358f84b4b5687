"""A request whose database connection dies under it gets the exchange's error page, not a
bare "Internal Server Error" from the web server (found by the load test's faults, issue 17)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory

from marketplace.core.views import server_error


@pytest.mark.django_db(transaction=True)
def test_the_error_page_opens_a_new_connection_when_the_old_one_died():
    if connection.vendor == "sqlite":
        pytest.skip("a database server ends connections; an embedded SQLite file has none")
    store = SessionStore()
    store["seen"] = True
    store.save()
    request = RequestFactory().get("/notices/")
    request.session = SessionStore(session_key=store.session_key)  # read when the page renders
    request.user = AnonymousUser()
    connection.ensure_connection()
    connection.connection.close()  # ended by the server, as a restart or failover does
    connection.errors_occurred = True  # as Django marks it when the request's query failed

    page = server_error(request)

    assert page.status_code == 500
    assert b"<html" in page.content
    assert request.session["seen"] is True
