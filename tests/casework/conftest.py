"""The Garcias (tests/applications), determined and enrolled, and casework staff to find them."""

from __future__ import annotations

import pytest

from tests.security.conftest import _determined, _enrolled, _person
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
def maria(db):
    return _person("maria@example.org")


@pytest.fixture
def garcias_determined(maria):
    from tests.applications.conftest import garcias

    return _determined(maria, garcias())


@pytest.fixture
def garcias_enrolled(garcias_determined):
    application, determination = garcias_determined
    enrollment, _plans = _enrolled(application.owner, determination)
    return application, determination, enrollment


@pytest.fixture
def carla(db):
    return _person("carla@example.org", "caseworker")


@pytest.fixture
def carla_client(client, carla):
    client.force_login(carla)
    return client
