"""Checkouts at the same moment: a transactional database (each thread commits on its own
connection), which gets its own demo catalog (a transactional test flushes what it loads)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.shopping.support import DEMO_YEAR, clear_caches


@pytest.fixture(scope="package", autouse=True)
def demo_catalog():
    """Overrides the package-wide catalog: each test loads its own (`catalog`)."""
    yield


@pytest.fixture
def catalog(transactional_db, tmp_path):
    """The demo catalog of the plan year on offer, committed, for this test's threads."""
    call_command("load-demo", out=tmp_path, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield
    clear_caches()
