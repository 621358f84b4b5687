"""The X12 tests are pure Python: no database, no Django settings."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage():
    """Override the project-wide Django settings fixture (tests/conftest.py) with a no-op so
    these tests also run with ``-p no:django``."""
    yield
