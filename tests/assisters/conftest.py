"""Assister and broker tests: the demo catalog (2026), Sam Okafor (single, 30, $30,000 in
Boston) and Maria Garcia's household, a navigator (Nadia, Boston Community Health) and a
licensed broker (Bruno, NPN 17439876, Harbor Insurance Agency)."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.assisters import actions
from tests.applications.conftest import make_user
from tests.shopping import support


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


@pytest.fixture
def navigator(db):
    return actions.register(
        email="nadia@example.org",
        organisation="Boston Community Health",
        kind="navigator",
        first_name="Nadia",
        last_name="Haddad",
    )


@pytest.fixture
def broker(db):
    return actions.register(
        email="bruno@example.org",
        organisation="Harbor Insurance Agency",
        kind="broker",
        first_name="Bruno",
        last_name="Costa",
        npn="17439876",
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def authorise_on_page(consumer, code: str) -> Client:
    """The household types the helper's ID (or NPN) on its People who help you page."""
    client = signed_in(consumer)
    response = client.post("/assist/helpers/", {"code": code, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def consumer(email: str):
    return make_user(email)
