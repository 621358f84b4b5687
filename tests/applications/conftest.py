"""The application tests: the demo catalog (2026) and the Garcias.

The Garcias: Maria (40) and Jose (38), married filing jointly, with Sofia (10) and Mateo (7),
in Boston (02108, Suffolk County), $52,000 a year in wages: the children qualify for CHIP
and the parents for a Marketplace plan with a premium tax credit.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.accounts.models import IdentityStatus, IdentityVerification, User
from marketplace.applications import actions, seeding
from tests.shopping import support

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


def make_user(email, *, verified=True, **extra):
    extra.setdefault("email_verified_at", timezone.now())
    user = User.objects.create_user(email, PASSWORD, **extra)
    if verified:
        IdentityVerification.objects.create(
            user=user, status=IdentityStatus.VERIFIED, verified_at=timezone.now()
        )
    return user


def garcias() -> seeding.HouseholdSpec:
    P = seeding.PersonSpec
    return seeding.HouseholdSpec(
        last_name="Garcia",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=30000, ssn="123456789"),
            P("Jose", 38, "spouse", "male", wages_yearly=22000),
            P("Sofia", 10, "child", "female"),
            P("Mateo", 7, "child", "male"),
        ],
    )


@pytest.fixture
def maria(db):
    return make_user("maria@example.org")


@pytest.fixture
def filled(maria):
    """Maria's application, every step answered and signed, not yet submitted."""
    application = actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    application.refresh_from_db()
    return application


@pytest.fixture
def maria_client(client, maria):
    client.force_login(maria)
    return client


def signed_and_submitted(application, owner, name: str = "Maria Garcia"):
    """Sign `application` as `name` with the attestations given (no consent to renewal
    checks) and submit it through the actions: its new determination."""
    actions.sign(
        application,
        signature_name=name,
        attest_true=True,
        attest_changes=True,
        renewal_years=0,
    )
    return actions.submit_application(application, owner, None)
