"""Fixtures for catalog tests."""

import pytest

from marketplace.catalog import versioning
from tests.catalog.puf_fixtures import PufFiles


@pytest.fixture
def puf():
    """The good small set of PUF files (tests/catalog/puf_fixtures.py), not yet written."""
    return PufFiles()


@pytest.fixture(autouse=True)
def _fresh_catalog_caches():
    versioning.invalidate()
    yield
    versioning.invalidate()
