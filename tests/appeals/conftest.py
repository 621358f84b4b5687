"""Appeal tests: the demo catalog (2026) and Sam Okafor (single, 30, $30,000 in Boston),
enrolled in the cheapest ordinary silver plan with all his premium tax credit; Carla, a
caseworker, and Sue, a supervisor, with two-step sign-in set up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.accounts import totp
from tests.applications.conftest import make_user
from tests.enrollment.conftest import determined, enroll, sam
from tests.shopping import support


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


def staff(email: str, role: str):
    user = make_user(email, role=role)
    user.totp_secret = totp.new_secret()
    user.mfa_enabled_at = timezone.now()
    user.save()
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enrolled_sam(db):
    user, determination = determined("sam@example.org", sam())
    enrollment = enroll(user, determination)
    return user, determination, enrollment


@pytest.fixture
def carla(db):
    return staff("carla@example.org", "caseworker")


@pytest.fixture
def sue(db):
    return staff("sue@example.org", "supervisor")
