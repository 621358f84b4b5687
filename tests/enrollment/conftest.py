"""Enrollment tests: the demo catalog (2026) and named households enrolling from their
stored determinations.

- The Garcias (tests/applications): Maria (40) and Jose (38) with Sofia (10) and Mateo (7)
  in Boston, $52,000: the children get CHIP, so the enrollment group is the two parents.
- Sam Okafor: single, 30, $30,000 in Boston (about 200% FPL): silver CSR 87 (variant 05).
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.enrollment import actions
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import garcias, make_user
from tests.shopping import support

IN_OPEN_ENROLLMENT = date(2025, 12, 1)  # MA 2026 window: 2025-11-01 .. 2026-01-23
ATTESTED = {"truthful": True, "reconcile": True, "terms": True}


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT


def sam() -> seeding.HouseholdSpec:
    P = seeding.PersonSpec
    return seeding.HouseholdSpec(
        last_name="Okafor",
        zipcode="02108",
        countyfips="25025",
        people=[P("Sam", 30, "self", "male", wages_yearly=30000)],
    )


def determined(email: str, spec: seeding.HouseholdSpec):
    user = make_user(email)
    application = application_actions.start_application(user)
    seeding.fill_application(application, spec, actor=user)
    application.refresh_from_db()
    return user, application_actions.submit_application(application, user, None)


@pytest.fixture
def garcia(db):
    return determined("maria@example.org", garcias())


@pytest.fixture
def okafor(db):
    return determined("sam@example.org", sam())


def enroll(user, determination, plan_id=None, aptc=None, on=IN_OPEN_ENROLLMENT, token=None):
    """Check out the cheapest ordinary silver plan (or `plan_id`) with all the APTC (or
    `aptc`). The Garcias and Sam are in ConnectorCare too; the ConnectorCare plans, where the
    state's subsidy is paid, have tests of their own (test_state_subsidy_journey.py)."""
    if plan_id is None:
        plan_id = cheapest_silver(determination)
    return actions.checkout(
        user=user,
        determination=determination,
        plan_id=plan_id,
        elected_aptc=aptc,
        attestations=ATTESTED,
        token=token or uuid.uuid4(),
        on=on,
    )


def cheapest_silver(determination) -> str:
    """The cheapest silver plan that is not a state program's own plan (ConnectorCare)."""
    return next(
        q.plan_id
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level == "silver" and not q.info.state_program
    )
