"""Reported changes: households enrolled for 2026 in open enrollment (Boston), their
policies in force, and changes reported in the spring.

- Sam Okafor: single, 30, $30,000 (about 200% FPL): a silver plan with CSR.
- The Garcias (tests/applications): Maria (40) and Jose (38), $52,000, on one policy; their
  children Sofia (10) and Mateo (7) have CHIP.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.changes import actions
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions as enrollment_actions
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.applications.conftest import garcias, make_user
from tests.shopping import support

IN_OPEN_ENROLLMENT = date(2025, 12, 1)
SPRING = date(2026, 4, 10)  # a change reported then takes effect on May 1 (155.330(f))
ATTESTED = {"truthful": True, "reconcile": True, "terms": True}
P = seeding.PersonSpec


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT


def sam(wages: int = 30000) -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Okafor",
        zipcode="02108",
        countyfips="25025",
        people=[P("Sam", 30, "self", "male", wages_yearly=wages)],
    )


def determined(email: str, spec: seeding.HouseholdSpec):
    user = make_user(email)
    application = application_actions.start_application(user)
    seeding.fill_application(application, spec, actor=user)
    application.refresh_from_db()
    return user, application, application_actions.submit_application(application, user, None)


def cheapest_silver(determination) -> str:
    return next(
        q.plan_id
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level == "silver" and not q.info.state_program
    )


def enrolled(email, spec, settings):
    """Enrolled in open enrollment, effectuated, and the clock moved to the spring."""
    user, application, determination = determined(email, spec)
    enrollment = enrollment_actions.checkout(
        user=user,
        determination=determination,
        plan_id=cheapest_silver(determination),
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=IN_OPEN_ENROLLMENT,
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    enrollment.refresh_from_db()
    settings.MARKETPLACE_TODAY = SPRING
    return user, application, enrollment


@pytest.fixture
def okafor(db, settings):
    return enrolled("sam@example.org", sam(), settings)


@pytest.fixture
def uninsured(db, settings):
    """Sam applied in open enrollment but did not choose a plan; it is now spring."""
    user, application, determination = determined("sam@example.org", sam())
    settings.MARKETPLACE_TODAY = SPRING
    return user, application, determination


@pytest.fixture
def garcia(db, settings):
    return enrolled("maria@example.org", garcias(), settings)


def report(application, kind, event_date=SPRING, actor=None, **details):
    return actions.report_change(
        application,
        kind=kind,
        event_date=event_date,
        details=details,
        token=uuid.uuid4(),
        actor=actor or application.owner,
    )


def report_birth(application, born, **more):
    """Ada Okafor's birth on `born`, reported on the household's account (`more`: other
    answers of the form, her SSN say)."""
    return report(
        application,
        "birth",
        event_date=born,
        first_name="Ada",
        last_name="Okafor",
        date_of_birth=born.isoformat(),
        sex="female",
        **more,
    )


def sent_after(enrollment, before_id=0) -> list[OutboundTransaction]:
    return list(
        OutboundTransaction.objects.filter(enrollment=enrollment, pk__gt=before_id).order_by("id")
    )


def last_outbox_id() -> int:
    last = OutboundTransaction.objects.order_by("-id").first()
    return last.pk if last else 0


def member(application, first_name):
    return application.members.get(first_name=first_name)


HADDAD_WORCESTER = {"street": "5 Elm St", "city": "Worcester", "zipcode": "01608"}


def haddad_spec(*, lena_aian: bool = False) -> seeding.HouseholdSpec:
    """Lena (36, $30,000) and Omar (37, $20,000) Haddad of Boston, married, no coverage."""
    return seeding.HouseholdSpec(
        last_name="Haddad",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Lena", 36, "self", "female", wages_yearly=30000, aian=lena_aian),
            P("Omar", 37, "spouse", "male", wages_yearly=20000),
        ],
    )


@pytest.fixture
def haddads(db, settings):
    """Lena (36, $30,000) and Omar (37, $20,000) Haddad, Boston, applied in open enrollment
    without choosing a plan; on April 10, 2026 they moved to Worcester and only Lena had
    coverage before, so the move's period is hers alone (45 CFR 155.420(a)(5), (d)(7);
    tests/changes/test_aptc_for_members_enrolled.py works their figures by hand)."""
    user, application, _ = determined("lena@example.org", haddad_spec())
    settings.MARKETPLACE_TODAY = SPRING
    lena = str(member(application, "Lena").public_id)
    report(application, "address", covered_members=[lena], **HADDAD_WORCESTER)
    return user, application
