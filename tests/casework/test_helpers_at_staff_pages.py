"""Staff pages against an assister whom a household authorised, while they help it: the
authorisation table's "assister" is Alex, whom nobody authorised; here Hana, whom Maria
authorised, is helping Maria (the request runs as Maria for her own pages), and every staff
URL of the table still answers 404, as it does to Maria herself (issue 15: "every staff URL
against every role ... assister without and with authorisation")."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from marketplace.accounts.models import User
from tests.security.conftest import world  # noqa: F401 - the table's fixture
from tests.security.table import STAFF, answer_of, request_row, rows

pytestmark = pytest.mark.django_db


def _staff_rows():
    """The rows only staff reach: casework staff get in, the owner and Alex get 404."""
    for row in rows():
        staff = {row.answers[role] for role in STAFF}
        if row.answers["owner"] == 404 and row.answers["assister"] == 404 and staff != {404}:
            yield row


def test_an_authorised_helper_helping_the_household_reaches_no_staff_page(world):  # noqa: F811
    hana = Client()
    hana.force_login(User.objects.get(email="hana@example.org"))
    started = hana.post(f"/assist/clients/{world.ids['authorisation']}/start/")
    assert started.status_code == 302 and started["Location"] == "/apply/"
    assert "Garcia" in hana.get("/apply/").content.decode()  # she is helping the Garcias
    checked, wrong = 0, []
    for row in _staff_rows():
        url = row.url_for(world.ids)
        with transaction.atomic():
            got = answer_of(request_row(hana, row, url))
            transaction.set_rollback(True)
        checked += 1
        if got != 404:
            wrong.append(f"{row.method} {url}: {got}")
    assert checked >= 30 and wrong == []
