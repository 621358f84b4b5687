"""Browser journeys: the live server's (transactional) database gets its own demo catalog,
2026 and 2027 with the crosswalk."""

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from tests.browser_support import (  # noqa: F401
    assert_accessible,
    browser,
    demo_catalog,
    live_with_demo,
    page,
    page_factory,
    sign_in,
)
from tests.verifications.households import user as plain_user


@pytest.fixture
def live(live_server, transactional_db, tmp_path):
    yield from live_with_demo(live_server, tmp_path, [2026, 2027])


def staff_signed_in(new_tab, live, email: str, role: str, language: str):
    """A new tab (`new_tab`: the page_factory fixture) of a staff member with two-step
    sign-in, signed in, its pages in `language`."""
    staff = plain_user(email, role=role, preferred_language=language)
    staff.totp_secret = totp.new_secret()
    staff.mfa_enabled_at = timezone.now()
    staff.save()
    tab = new_tab(javascript=True)
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    sign_in(tab, live, staff.email, code_for=staff)
    return tab


def follow(tab, name: str) -> None:
    """Follow the first link named `name`, wait for the page, and check it with axe."""
    tab.get_by_role("link", name=name).first.click()
    tab.wait_for_load_state()
    assert_accessible(tab)
