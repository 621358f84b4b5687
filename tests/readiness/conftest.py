"""The readiness page's people: Sol, a supervisor (officials' reports, two-step sign-in),
Carla, a caseworker (no reports), and Ana, a consumer; the 2026 demo catalog."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from tests.accounts.conftest import PASSWORD, STAFF_PASSWORD, make_user, sign_in
from tests.browser_support import browser, page, page_factory  # noqa: F401
from tests.shopping import support


@pytest.fixture(scope="package")
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2026 demo catalog, for the tests that look at a catalog (loaded once)."""
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


def staff(email: str, role: str):
    user = make_user(email, STAFF_PASSWORD, role=role)
    user.totp_secret = totp.new_secret()
    user.mfa_enabled_at = timezone.now()
    user.save()
    return user


@pytest.fixture
def sol(db):
    return staff("sol@example.org", "supervisor")


@pytest.fixture
def carla(db):
    return staff("carla@example.org", "caseworker")


@pytest.fixture
def sol_client(client, sol):
    sign_in(client, sol, STAFF_PASSWORD)
    return client


@pytest.fixture
def ana_client(client, db):
    ana = make_user("ana@example.org")
    sign_in(client, ana, PASSWORD)
    return client
