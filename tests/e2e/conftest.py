"""Browser journeys need the demo catalog in the live server's (transactional) database."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser_support import browser, page, page_factory  # noqa: F401
from tests.shopping.support import DEMO_YEAR, clear_caches


@pytest.fixture
def shop(live_server, transactional_db, tmp_path):
    """The live server's URL, with the 2026 demo catalog loaded (flushed after the test)."""
    call_command("load-demo", out=tmp_path, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield live_server.url
    clear_caches()
