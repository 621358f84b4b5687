"""Browser journeys: the live server's (transactional) database gets its own demo catalog,
2026 and 2027 with the crosswalk."""

import pytest

from tests.browser_support import browser, demo_catalog, live_with_demo, page, page_factory  # noqa: F401


@pytest.fixture
def live(live_server, transactional_db, tmp_path):
    yield from live_with_demo(live_server, tmp_path, [2026, 2027])
