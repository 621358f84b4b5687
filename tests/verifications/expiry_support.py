"""The households of the verification expiry tests (Boston, coverage year 2026, the demo
catalog), submitted, enrolled and effectuated, and the deadline run; shared with the
enrollment tests of expiry."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.determinations.models import Determination
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions as enrollment_actions
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.notices import render
from marketplace.notices.models import Notice
from marketplace.verifications.actions import expire
from marketplace.verifications.models import VerificationItem
from tests.applications.conftest import make_user
from tests.shopping import support

P = seeding.PersonSpec

IN_OPEN_ENROLLMENT = date(2025, 12, 1)

DUE = date(2026, 3, 1)

DEADLINE_RUN = date(2026, 3, 10)  # the job runs after the due date

ATTESTED = {"truthful": True, "reconcile": True, "terms": True}


@pytest.fixture(scope="module", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _clock(settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT


def garcias(maria="123450011", jose="123450022", jose_extra=None) -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Garcia",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=30000, ssn=maria),
            P("Jose", 38, "spouse", "male", wages_yearly=22000, ssn=jose, **(jose_extra or {})),
            P("Sofia", 10, "child", "female", ssn="123450033"),
            P("Mateo", 7, "child", "male", ssn="123450044"),
        ],
    )


def nguyens() -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Nguyen",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Linh", 55, "self", "female", wages_yearly=35000, ssn="123452222"),
            P("Minh", 53, "spouse", "male", wages_yearly=25000, ssn="123450066"),
        ],
    )


def okafor() -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Okafor",
        zipcode="02108",
        countyfips="25025",
        people=[P("Sam", 30, "self", "male", wages_yearly=30000, ssn="123450001")],
    )


def submitted(spec, email="maria@example.org", before_submit=None, **user_extra):
    """Apply and submit through the application's actions (verifications start there);
    every item opened is made due on DUE."""
    owner = make_user(email, **user_extra)
    application = application_actions.start_application(owner)
    seeding.fill_application(application, spec, actor=owner)
    if before_submit:
        before_submit(application)
    application.refresh_from_db()
    determination = application_actions.submit_application(application, owner, None)
    VerificationItem.objects.filter(application=application).update(due_date=DUE)
    return owner, application, determination


def items_of(application) -> list[VerificationItem]:
    return list(VerificationItem.objects.filter(application=application).order_by("id"))


def run_deadline(item: VerificationItem, on: date = DEADLINE_RUN):
    expire(item, today=on)
    item.refresh_from_db()
    return item


def latest(application) -> Determination:
    return application.determinations.first()


def member(determination, first_name) -> dict:
    return next(m for m in determination.result["members"] if m["name"].startswith(first_name))


def snapshot_person(determination, first_name) -> dict:
    return next(
        p for p in determination.input_snapshot["people"] if p["name"].startswith(first_name)
    )


def enroll(owner, determination) -> Enrollment:
    """The cheapest silver plan with all the APTC the group may take."""
    found = [
        q
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level == "silver" and not q.info.state_program  # not ConnectorCare
    ]
    return enrollment_actions.checkout(
        user=owner,
        determination=determination,
        plan_id=found[0].plan_id,
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=IN_OPEN_ENROLLMENT,
    )


def effectuated(enrollment: Enrollment) -> Enrollment:
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    enrollment.refresh_from_db()
    return enrollment


def outbox_after(enrollment: Enrollment, first_id: int) -> list[OutboundTransaction]:
    return list(OutboundTransaction.objects.filter(enrollment=enrollment, pk__gt=first_id))


def layout_text(notice: Notice) -> str:
    document = render.render_document(
        notice.kind, notice.language, notice.context, str(notice.public_id)
    )
    return " ".join(render.document_text(document).split())


def use_no_data_rule(monkeypatch, value: str) -> None:
    """Put `value` ("accept" or "verify") in force for every plan year, in place of the dated
    rule of verifications/data/income_without_tax_data.yaml."""
    from marketplace.verifications import nodata

    monkeypatch.setattr(nodata, "_no_data_values", lambda: ((date(2014, 1, 1), value),))
