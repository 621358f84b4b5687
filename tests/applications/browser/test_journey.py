"""Sign-in to the determination page in a real browser (Debian Chromium), in English and
Spanish, with axe-core finding no WCAG 2.1 AA violation on any application page."""

from __future__ import annotations

import pytest

from tests.applications.browser.journey_support import journey
from tests.applications.conftest import make_user


@pytest.mark.browser
def test_from_sign_in_to_the_determination_in_english(live, page):
    make_user("maria@example.org")
    html = journey(page, live, "maria@example.org")
    assert "Qualifies for CHIP" in html
    assert "Can buy a Marketplace plan with a premium tax credit" in html


@pytest.mark.browser
def test_from_sign_in_to_the_determination_in_spanish(live, page_factory):
    make_user("maria@example.org", preferred_language="es")
    tab = page_factory(javascript=False, locale="es-ES")
    tab.context.add_cookies([{"name": "marketplace_language", "value": "es", "url": live}])
    html = journey(tab, live, "maria@example.org")
    assert "Califica para CHIP" in html
    assert "Cómo lo calculamos" in html
