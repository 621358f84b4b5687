"""The demo catalog, loaded once for the shopping tests (plan year 2026)."""

import pytest

from tests.shopping import support


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture
def spanish(client):
    """A client that asked for Spanish (the language switch sets this cookie)."""
    client.cookies["marketplace_language"] = "es"
    return client
