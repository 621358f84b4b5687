"""The actions that opened their own `with transaction.atomic()` blocks now run again after
a deadlock too (ADR 1704, building on ADR 0816): an appeal's step, a caseworker's
verification extension, a notice rendered on demand and a special enrollment period a person
opens. Each test lets the action write everything, then ends its transaction the way
PostgreSQL does in a deadlock (an OperationalError caused by 40P01) the first time; the
action must finish, and its rows, audit rows and queued jobs must be there exactly once.

They are transactional tests: an action runs again only as the outermost transaction, which
a test wrapped in a transaction never is. The demo catalog is loaded for each test (the
flush after a transactional test removes it).
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.accounts import throttle, totp
from marketplace.accounts.views import auth as auth_views
from marketplace.appeals import actions as appeal_actions
from marketplace.appeals import escalation, expedited, informal
from marketplace.appeals import notice as appeal_notice
from marketplace.appeals.models import Appeal
from marketplace.applications import actions as application_actions
from marketplace.assisters import actions as assister_actions
from marketplace.audit import log as audit_log
from marketplace.audit.models import AuditEvent
from marketplace.casework import overrides, plan_choice
from marketplace.changes import actions as change_actions
from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.core import sessions, transactions
from marketplace.edi import held
from marketplace.jobs.models import Job
from marketplace.notices import batch as notice_batch
from marketplace.notices import views as notice_views
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.verifications import actions as verification_actions
from marketplace.verifications.models import VerificationItem
from tests.appeals.journey_support import request_by
from tests.core.deadlock_support import deadlock
from tests.enrollment.conftest import IN_OPEN_ENROLLMENT, determined, sam
from tests.shopping import support
from tests.verifications.households import garcia_context, user
from tests.verifications.lifecycle_support import garcias, submitted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalog(settings, tmp_path):
    """The demo catalog (2026), the clock in open enrollment, files under tmp_path."""
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    call_command(
        "load-demo",
        out=tmp_path / "puf",
        year=[support.DEMO_YEAR],
        stdout=StringIO(),
        stderr=StringIO(),
    )
    support.clear_caches()
    yield
    support.clear_caches()


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", (0.0, 0.0))


def deadlock_after_the_first(monkeypatch, owner, name: str) -> list[int]:
    """`owner.name` does its work and then, the first time only, ends the transaction in a
    deadlock. The list returned counts the calls."""
    real = getattr(owner, name)
    calls: list[int] = []

    def once(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            raise deadlock()
        return result

    monkeypatch.setattr(owner, name, once)
    return calls


def audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.mark.slow
def test_an_appeal_dismissed_in_a_deadlock_is_dismissed_once_with_one_notice(catalog, monkeypatch):
    sam_user, determination = determined("sam@example.org", sam())
    appeal = request_by(sam_user, determination, "a")
    jobs_before = Job.objects.count()
    calls = deadlock_after_the_first(monkeypatch, appeal_notice, "issue")

    dismissed = appeal_actions.dismiss(appeal, actor=sam_user)

    assert len(calls) == 2  # the notice was issued, the transaction lost, and run again
    assert dismissed.status == Appeal.objects.get(pk=appeal.pk).status == "dismissed"
    assert audited("appeal.dismissed") == 1
    steps = [n.context["step"] for n in Notice.objects.filter(user=sam_user, kind="appeal")]
    assert steps.count("dismissed") == 1
    (notice,) = [
        n for n in Notice.objects.filter(kind="appeal") if n.context["step"] == "dismissed"
    ]
    queued = Job.objects.filter(payload__notice=str(notice.public_id))
    assert queued.count() == Job.objects.count() - jobs_before >= 1  # its jobs, once each
    assert queued.values("kind").distinct().count() == queued.count()


@pytest.mark.slow
def test_an_extension_in_a_deadlock_moves_the_due_date_once(catalog, monkeypatch):
    _owner, _application, _ = submitted(garcias())
    (item,) = VerificationItem.objects.all()
    worker = user("carla@example.org", role="caseworker")
    old_due = item.due_date
    calls = deadlock_after_the_first(monkeypatch, verification_actions, "_notify_extension")

    extended = verification_actions.extend_deadline(
        item, days=30, reason="Maria asked for her birth certificate.", actor=worker
    )

    assert len(calls) == 2
    new_due = old_due + timedelta(days=30)  # 30 days once, not 60: read afresh on the run again
    assert extended.due_date == VerificationItem.objects.get(pk=item.pk).due_date == new_due
    assert audited("verification.extended") == 1
    assert Notice.objects.filter(kind="verification_extension").count() == 1
    scheduled = Job.objects.filter(payload__item=str(item.public_id), payload__due=str(new_due))
    expiries = scheduled.filter(kind=verification_actions.EXPIRE_JOB)
    reminders = scheduled.filter(kind=verification_actions.REMIND_JOB)
    assert expiries.count() == 1
    assert sorted(j.payload["day"] for j in reminders) == [30, 60, 85]


def test_a_notice_rendered_on_demand_in_a_deadlock_is_stored_once(client, monkeypatch):
    maria = user()
    notice = issue_notice(user=maria, kind="eligibility", context=garcia_context(), language="en")
    calls = deadlock_after_the_first(monkeypatch, notice_views, "render_notice")
    client.force_login(maria)

    response = client.get(f"/notices/{notice.public_id}/pdf/")

    assert response.status_code == 200
    assert len(calls) == 2
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RENDERED
    assert audited("notice.rendered") == 1


@pytest.mark.slow
def test_a_period_claimed_in_a_deadlock_is_opened_once(catalog, monkeypatch, settings):
    sam_user, determination = determined("sam@example.org", sam())
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT.replace(year=2026, month=4, day=10)
    real = audit_log.record
    calls: list[str] = []

    def record(action, *args, **kwargs):  # the claim's audit row is its last write
        event = real(action, *args, **kwargs)
        calls.append(action)
        if calls.count("sep.claimed") == 1 and action == "sep.claimed":
            raise deadlock()
        return event

    monkeypatch.setattr(audit_log, "record", record)

    period = change_actions.claim_period(
        determination.application,
        event="domestic_abuse_or_abandonment",
        attested=True,
        actor=sam_user,
    )

    assert calls.count("sep.claimed") == 2
    assert list(SpecialEnrollmentPeriod.objects.values_list("pk", flat=True)) == [period.pk]
    assert audited("sep.claimed") == 1


def test_the_converted_actions_are_run_this_way():
    """Each is its own outermost transaction, run again after a deadlock (ADR 1704)."""
    run_again = transactions.atomic_action(lambda: None).__code__
    converted = [
        appeal_actions._request,
        appeal_actions.schedule_hearing,
        appeal_actions.decide,
        appeal_actions.implement,
        appeal_actions.dismiss,
        informal.record,
        expedited.rule_on_request,
        escalation.record_hhs_appeal,
        verification_actions.extend_deadline,
        verification_actions.review,
        notice_views._render_now,
        notice_batch._store,
        change_actions.grant_period,
        change_actions.claim_period,
        change_actions.close_followups,
        plan_choice.choose_plan,
        overrides.request_override,
        overrides.approve,
        overrides.reject,
        assister_actions._authorise,
        assister_actions.withdraw,
        application_actions._submit,
        totp.verify_for_user,
        totp.new_recovery_codes,
        throttle._count_failure,
        throttle.record_registration,
        auth_views._create_user,
        held.release,
        held.resolve,
        sessions._writer("default"),
    ]
    assert [f.__qualname__ for f in converted if f.__code__ is not run_again] == []
