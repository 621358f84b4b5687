"""Two "Sign and submit" POSTs sent at the same moment over real HTTP to the live server (a
double click, or two tabs): one determination is made, and both answers lead to its result
page, never to an error page (issue 11; ADR 0602).

On PostgreSQL only: with SQLite the test database lives in memory and Django's live server
hands every request thread the same connection, so two requests at once would share one
transaction (a deployment's SQLite file takes one writer at a time, IMMEDIATE, and waits).
"""

from __future__ import annotations

import re
import threading

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from marketplace.applications.models import Application
from marketplace.determinations.models import Determination
from tests.applications import pages
from tests.applications.conftest import make_user


def _ready_to_sign() -> tuple[Application, str]:
    """Maria's application, filled in up to the signature, and her session cookie."""
    maria = make_user("maria@example.org")
    client = Client()
    client.force_login(maria)
    application = pages.walk_to_sign(client)
    return application, client.cookies[settings.SESSION_COOKIE_NAME].value


def _tab(base: str, session: str, application: Application) -> tuple[requests.Session, dict]:
    """A browser tab on the sign page: its cookies and the form it would send."""
    tab = requests.Session()
    tab.cookies.set(settings.SESSION_COOKIE_NAME, session)
    page = tab.get(f"{base}/apply/{application.public_id}/sign/")
    assert page.status_code == 200
    html = page.text
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "submission_token": re.search(r'name="submission_token" value="([^"]+)"', html)[1],
        "attest_true": "on",
        "attest_changes": "on",
        "signature_name": "Maria Garcia",
    }
    return tab, form


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that takes two connections"
)
def test_two_submits_at_the_same_moment_make_one_determination(live):
    application, session = _ready_to_sign()
    url = f"{live}/apply/{application.public_id}/sign/"
    tabs = [_tab(live, session, application) for _ in range(2)]
    start = threading.Barrier(len(tabs))
    answers: list = [None] * len(tabs)

    def click(index: int) -> None:
        tab, form = tabs[index]
        start.wait()
        answers[index] = tab.post(
            url, data=form, headers={"Referer": url}, allow_redirects=False, timeout=60
        )

    threads = [threading.Thread(target=click, args=(i,)) for i in range(len(tabs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    determination = Determination.objects.get(application=application)
    result = f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    for answer in answers:
        assert answer.status_code == 302, answer.text[:500]
        assert answer.headers["Location"] == result
    assert tabs[0][0].get(live + result).status_code == 200
