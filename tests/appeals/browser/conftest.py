"""Browser journeys: the live server's (transactional) database gets its own demo catalog."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser_support import browser, page, page_factory  # noqa: F401
from tests.shopping.support import DEMO_YEAR, clear_caches


@pytest.fixture(scope="package", autouse=True)
def demo_catalog():
    """Overrides the package-wide catalog: a transactional test flushes what it loads."""
    yield


@pytest.fixture
def live(live_server, transactional_db, tmp_path):
    call_command("load-demo", out=tmp_path, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield live_server.url
    clear_caches()
