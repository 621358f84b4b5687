"""Settings every test shares."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_unless_asked():
    # Django's LocaleMiddleware leaves the last request's language active in the thread;
    # each test starts in the default language.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


#: The exchange's date in tests unless a test moves it (core/clock.py): a day in open
#: enrollment for 2026 in every demo state, so the suite does not depend on the real date.
#: Tests of another day set `settings.MARKETPLACE_TODAY` themselves.
TEST_TODAY = date(2025, 12, 1)


@pytest.fixture(autouse=True)
def _exchange_clock(settings):
    """The moved clock runs on from each test's start, not the session's: a suite that
    passes the state's midnight (05:00 UTC in the East) would otherwise see every later
    test's day one later than it set."""
    settings.MARKETPLACE_CLOCK_STARTED = datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    settings.MARKETPLACE_TODAY = TEST_TODAY


_PUBLIC_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def without_ids(text: str) -> str:
    """The text with every UUID taken out: a test that a year is not shown must not fail
    on the one time in many that a random public id in a link holds the same digits."""
    return _PUBLIC_ID.sub("", text)
