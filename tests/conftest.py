"""Settings every test shares."""

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
