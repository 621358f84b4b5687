"""Who is who in the authorisation table (tests/security/table.py), and the records the object
URLs point at.

- Maria Garcia, a consumer: the owner. Her household (the Garcias of tests/applications) is
  determined and enrolled, with a verification item and its document, a notice and an
  identity document.
- Ben Okafor, another consumer with an application of his own.
- Alex (assister), Carla (caseworker), Sam (supervisor), Ada (administrator), Olivia (a
  state official, reports only): staff have two-step sign-in set up, as they must before
  they can do anything else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.accounts import identity, totp
from marketplace.accounts.models import IdentityStatus, IdentityVerification, User
from marketplace.appeals import actions as appeal_actions
from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.assisters import actions as assister_actions
from marketplace.casework import overrides
from marketplace.changes.models import ReportedChange
from marketplace.edi.models import EdiException, ExceptionKind
from marketplace.enrollment import actions as enrollment_actions
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice
from marketplace.renewals.models import Renewal
from marketplace.verifications import actions as verification_actions
from marketplace.verifications.models import VerificationItem
from tests.applications.conftest import garcias
from tests.enrollment.conftest import ATTESTED, IN_OPEN_ENROLLMENT, sam
from tests.shopping import support

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4 a document"


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


def _person(email: str, role: str = "consumer") -> User:
    user = User.objects.create_user(email, PASSWORD, role=role, email_verified_at=timezone.now())
    IdentityVerification.objects.create(
        user=user, status=IdentityStatus.VERIFIED, verified_at=timezone.now()
    )
    if user.is_staff_role:
        user.totp_secret = totp.new_secret()
        user.mfa_enabled_at = timezone.now()
        user.save()
    return user


def _determined(user, spec):
    application = application_actions.start_application(user)
    seeding.fill_application(application, spec, actor=user)
    application.refresh_from_db()
    return application, application_actions.submit_application(application, user, None)


def _enrolled(user, determination):
    group = enrollment_group(determination)
    silvers = [q.plan_id for q in quotes(group) if q.info.metal_level == "silver"]
    silver = silvers[0]
    enrollment = enrollment_actions.checkout(
        user=user,
        determination=determination,
        plan_id=silver,
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=IN_OPEN_ENROLLMENT,
    )
    return enrollment, silvers[:2]


def _item(application, determination):
    item = application.verification_items.first()
    if item is None:
        member = application.members.get(relationship="self")
        item = VerificationItem.objects.create(
            application=application,
            determination=determination,
            member=member,
            member_name=member.name,
            type="income",
            due_date=timezone.localdate() + timedelta(days=90),
        )
    upload = SimpleUploadedFile("pay.pdf", PDF, content_type="application/pdf")
    document = verification_actions.submit_document(item, upload, user=application.owner)
    return item, document


@dataclass
class World:
    """Everyone, and the ids the table's URL templates name."""

    users: dict[str, User | None]
    ids: dict[str, str]


@pytest.fixture
def world(db) -> World:
    maria = _person("maria@example.org")
    ben = _person("ben@example.org")
    application, determination = _determined(maria, garcias())
    enrollment, (plan_id, other_plan_id) = _enrolled(maria, determination)
    item, document = _item(application, determination)
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    id_document = identity.submit_document(maria, "passport", upload)
    notice = Notice.objects.filter(user=maria).first()
    assert notice is not None, "the submission issues an eligibility notice"
    render_notice(notice)  # what the worker does: the PDF is ready to download
    _determined(ben, sam())
    member = application.members.get(relationship="spouse")
    change = ReportedChange.objects.create(  # a change on record (its page reads it)
        application=application,
        kind="tobacco",
        event_date=IN_OPEN_ENROLLMENT,
        reported_on=IN_OPEN_ENROLLMENT,
        before=determination,
        after=determination,
        token=uuid.uuid4(),
    )
    renewal = Renewal.objects.create(  # a renewal on record (its call sheet reads it)
        application=application,
        previous=enrollment,
        enrollment=enrollment,
        determination=determination,
        from_year=enrollment.coverage_year,
        to_year=enrollment.coverage_year + 1,
        outcome="same_plan",
        aptc_lost="other",
        created_at=timezone.now(),
    )
    held = EdiException.objects.create(
        kind=ExceptionKind.UNKNOWN_POLICY,
        issuer_hios=plan_id[:5],
        policy_id=enrollment.policy_id,
        message="An effectuation names a policy we do not have.",
    )
    users = {
        "anonymous": None,
        "owner": maria,
        "other_consumer": ben,
        "assister": _person("alex@example.org", "assister"),
        "caseworker": _person("carla@example.org", "caseworker"),
        "supervisor": _person("sam@example.org", "supervisor"),
        "administrator": _person("ada@example.org", "administrator"),
        "official": _person("olivia@example.org", "official"),
    }
    # Alex is a registered navigator whom nobody authorised; Maria authorised Hana.
    org = "Community Health"
    assister_actions.register(
        email="alex@example.org",
        organisation=org,
        kind="navigator",
        first_name="Alex",
        last_name="Rivera",
    )
    hana = assister_actions.register(
        email="hana@example.org",
        organisation=org,
        kind="navigator",
        first_name="Hana",
        last_name="Kim",
    )
    authorisation = assister_actions.authorise(maria, hana)
    appeal = appeal_actions.request_appeal(
        appellant=maria,
        determination=determination,
        reason="Income was wrong.",
        keep_eligibility=False,
        token=uuid.uuid4(),
    )
    # Carla asked to correct Maria's income: it waits for a supervisor (casework/overrides.py).
    override = overrides.request_override(
        application=application,
        by=users["caseworker"],
        kind="income",
        reason_code="data_source_wrong",
        note="Pay stubs seen.",
        income="40000",
    )
    ids = {
        "override": str(override.public_id),
        "authorisation": str(authorisation.public_id),
        "appeal": str(appeal.public_id),
        "application": str(application.public_id),
        "member": str(member.public_id),
        "determination": str(determination.public_id),
        "enrollment": str(enrollment.public_id),
        "plan_id": plan_id,
        "other_plan_id": other_plan_id,
        "item": str(item.public_id),
        "document": str(document.public_id),
        "identity_document": str(id_document.public_id),
        "notice": str(notice.public_id),
        "edi_exception": str(held.pk),
        "change": str(change.public_id),
        "renewal": str(renewal.public_id),
        "household": str(maria.pk),
        "token": "not-a-real-token",
        "uidb64": "MQ",
    }
    return World(users, ids)
