"""The Garcias of the verification lifecycle tests, submitted through the application actions,
and the helpers that run their verification jobs on a chosen day; shared with the extension
and caseworker tests."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.jobs.models import Job
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.verifications import actions, jobs
from marketplace.verifications.models import (
    VerificationItem,
)
from tests.applications.conftest import make_user
from tests.shopping import support

P = seeding.PersonSpec

IN_OPEN_ENROLLMENT = date(2025, 12, 1)

CITIZENSHIP_UNCONFIRMED = "123450001"


@pytest.fixture(scope="module", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture(autouse=True)
def _clock(settings):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT


def garcias(maria=CITIZENSHIP_UNCONFIRMED, sofia="123450033", last_name="Garcia"):
    return seeding.HouseholdSpec(
        last_name=last_name,
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=30000, ssn=maria),
            P("Jose", 38, "spouse", "male", wages_yearly=22000, ssn="123450022"),
            P("Sofia", 10, "child", "female", ssn=sofia),
            P("Mateo", 7, "child", "male", ssn="123450044"),
        ],
    )


def submitted(spec, email="maria@example.org", **user_extra):
    owner = make_user(email, **user_extra)
    application = application_actions.start_application(owner)
    seeding.fill_application(application, spec, actor=owner)
    application.refresh_from_db()
    determination = application_actions.submit_application(application, owner, None)
    return owner, application, determination


def jobs_for(item: VerificationItem, kind: str) -> list[Job]:
    return list(Job.objects.filter(kind=kind, payload__item=str(item.public_id)).order_by("id"))


def run_job(job: Job) -> None:
    """Run a job's handler now (whatever its run_after), as the worker would."""
    {
        actions.REMIND_JOB: jobs.remind_job,
        actions.EXPIRE_JOB: jobs.expire_job,
        actions.RETRY_JOB: jobs.retry_job,
    }[job.kind](job.payload)


def at_six(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(6, 0)))


def on_day(monkeypatch, day: date) -> None:
    """The exchange's clock reads `day` (core/clock.py) until the patch is undone."""
    monkeypatch.setattr(django_settings, "MARKETPLACE_TODAY", day)
