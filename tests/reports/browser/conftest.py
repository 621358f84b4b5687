"""Browser journeys: the live server's (transactional) database gets its own demo catalog,
on a day of the 2026 open enrollment."""

from datetime import date

import pytest

from tests.browser_support import browser, demo_catalog, live_with_demo, page, page_factory  # noqa: F401
from tests.shopping.support import DEMO_YEAR


@pytest.fixture
def live(live_server, transactional_db, tmp_path, settings):
    settings.MARKETPLACE_TODAY = date(2025, 12, 1)  # open enrollment for 2026
    yield from live_with_demo(live_server, tmp_path, [DEMO_YEAR])
