"""Households with known outcomes for the officials' reports, made through the same actions
the pages use, on the demo catalog (plan year 2026, open enrollment on 2025-12-01).

- The Garcias (Maria, 40; Jose, 38; two children) apply online and enroll;
- Sam Okafor (30, alone) applies on paper and enrolls; the insurer effectuates his policy;
- Lena Ito (52, alone) applies by phone and is determined, but chooses no plan yet.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.accounts.models import User
from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.enrollment import actions as enrollment_actions
from tests.applications.conftest import garcias, make_user
from tests.enrollment.conftest import enroll, sam
from tests.shopping import support
from tests.verifications.households import PASSWORD


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


def ito() -> seeding.HouseholdSpec:
    P = seeding.PersonSpec
    return seeding.HouseholdSpec(
        last_name="Ito",
        zipcode="01060",
        countyfips="25015",
        people=[P("Lena", 52, "self", "female", wages_yearly=58000)],
    )


def determined(email: str, spec, channel: str, language: str = "en"):
    person = make_user(email, preferred_language=language)
    application = application_actions.start_application(person)
    seeding.fill_application(application, spec, actor=person)
    application.refresh_from_db()
    application.channel = channel  # as a caseworker keying a paper or phone form sets it
    application.save(update_fields=["channel"])
    return person, application_actions.submit_application(application, person, None)


@pytest.fixture
def households(db):
    maria, garcia_result = determined("maria@example.org", garcias(), "online")
    sam_user, sam_result = determined("sam@example.org", sam(), "paper", language="es")
    determined("lena@example.org", ito(), "phone")
    garcia_policy = enroll(maria, garcia_result)
    sam_policy = enroll(sam_user, sam_result)
    with transaction.atomic():  # the 834 export sent it; the insurer confirms it
        enrollment_actions.mark_transmitted([sam_policy.pk], "test-834.x12")
    sam_policy.refresh_from_db()
    enrollment_actions.effectuate(sam_policy, paid_through=None)
    sam_policy.refresh_from_db()
    return {"garcia": garcia_policy, "sam": sam_policy}


def official(client, email="olivia@example.org", role="official"):
    """Olivia, a state official, signed in with her second factor."""
    person = User.objects.create_user(email, PASSWORD, role=role, email_verified_at=timezone.now())
    person.totp_secret = totp.new_secret()
    person.mfa_enabled_at = timezone.now()
    person.save()
    client.post("/account/login/", {"email": email, "password": PASSWORD})
    code = totp.code_at(person.totp_secret, totp.current_step())
    assert client.post("/account/login/code/", {"code": code}).status_code == 302
    return person
