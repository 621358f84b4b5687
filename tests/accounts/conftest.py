"""People the account tests use: Ana (a consumer), Ben (another consumer), Carla (a
caseworker with two-step sign-in)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.accounts.models import User
from tests.browser_support import browser, page  # noqa: F401 (fixtures for test_browser)

PASSWORD = "correct horse battery staple"
STAFF_PASSWORD = "a long staff passphrase here"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(email, password=PASSWORD, **extra):
    extra.setdefault("email_verified_at", timezone.now())
    return User.objects.create_user(email, password, **extra)


@pytest.fixture
def ana(db):
    return make_user("ana@example.org")


@pytest.fixture
def ben(db):
    return make_user("ben@example.org", preferred_language="es")


@pytest.fixture
def carla(db):
    user = make_user("carla@example.org", STAFF_PASSWORD, role="caseworker")
    user.totp_secret = totp.new_secret()
    user.mfa_enabled_at = timezone.now()
    user.save()
    return user


def current_code(user) -> str:
    return totp.code_at(user.totp_secret, totp.current_step())


def sign_in(client, user, password=PASSWORD):
    response = client.post("/account/login/", {"email": user.email, "password": password})
    if user.mfa_enabled:
        response = client.post("/account/login/code/", {"code": current_code(user)})
    assert response.status_code == 302, response.content[:2000]
    return response


@pytest.fixture
def ana_client(client, ana):
    sign_in(client, ana)
    return client
