"""Checkouts at the same moment: a transactional database (each thread commits on its own
connection), which gets its own demo catalog (a transactional test flushes what it loads)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def demo_catalog():
    """Overrides the package-wide catalog: each test loads its own (`catalog`)."""
    yield


@pytest.fixture
def catalog(transactional_db, tmp_path):
    from tests.browser_support import live_with_demo
    from tests.shopping.support import DEMO_YEAR

    class _NoServer:
        url = ""

    yield from live_with_demo(_NoServer(), tmp_path, [DEMO_YEAR])
