"""An administrator registers navigators and brokers on a page (no developer's tool): the
helper ID households authorise with is shown; a broker needs an NPN; only administrators."""

from __future__ import annotations

import pytest

from marketplace.assisters.models import Assister
from marketplace.audit.models import AuditEvent
from tests.security.conftest import _person

pytestmark = pytest.mark.django_db

URL = "/casework/helpers/"
BRUNO = {
    "email": "bruno@example.org",
    "first_name": "Bruno",
    "last_name": "Costa",
    "organisation": "Costa Insurance",
    "kind": "broker",
    "npn": "17439876",
}


@pytest.fixture
def ada_client(client):
    ada = _person("ada@example.org", "administrator")
    client.force_login(ada)
    client.ada = ada
    return client


def test_an_administrator_registers_a_broker_on_the_page(ada_client):
    assert "Register a helper" in ada_client.get(URL).content.decode()
    done = ada_client.post(URL, BRUNO)
    assert done.status_code == 302
    bruno = Assister.objects.get()
    assert (bruno.npn, bruno.kind, bruno.user.role) == ("17439876", "broker", "assister")
    page = ada_client.get(done["Location"]).content.decode()
    assert bruno.code in page and "Costa Insurance" in page
    event = AuditEvent.objects.get(action="assister.registered")
    assert event.actor == ada_client.ada


def test_a_broker_without_an_npn_is_named_on_the_form(ada_client):
    refused = ada_client.post(URL, {**BRUNO, "npn": ""})
    assert refused.status_code == 400
    assert "An agent or broker needs their NPN." in refused.content.decode()
    bad = ada_client.post(URL, {**BRUNO, "npn": "12ab"})
    assert bad.status_code == 400 and not Assister.objects.exists()


def test_a_consumer_account_is_not_made_a_helper(ada_client):
    _person("maria@example.org")
    refused = ada_client.post(URL, {**BRUNO, "email": "maria@example.org"})
    assert refused.status_code == 400 and not Assister.objects.exists()


def test_the_page_in_spanish(ada_client):
    ada_client.cookies["marketplace_language"] = "es"
    page = ada_client.get(URL).content.decode()
    assert "Registrar a un asistente" in page and 'lang="es"' in page
