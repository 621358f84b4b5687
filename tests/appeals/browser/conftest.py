"""Browser journeys: the live server's (transactional) database gets its own demo catalog."""

from tests.browser_support import browser, demo_catalog, live, page, page_factory  # noqa: F401
