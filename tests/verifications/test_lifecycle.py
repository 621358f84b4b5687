"""The verification item's lifecycle across a re-submission and a data-service outage
(docs/adr/0710-verification-resubmission-and-retries.md).

- A new submission carries over an item whose inconsistency it finds again (same person,
  same type): ONE item, its original due date (the 90 days of 45 CFR 155.315(f)(2)(ii) run
  from the notice about that inconsistency; a re-submission does not restart them).
- It supersedes an item whose facts now match or whose person left the application; the
  item's reminder and expiry jobs then do nothing.
- A retry that finds a mismatch after an outage asks for documents by a notice dated that
  day: due 95 days later, reminders on days 30, 60 and 85 from it, expiry the day after.
- An item whose service stays down never expires; the pages say what is happening.

The Garcias of tests/verifications/test_expiry.py (Boston, coverage year 2026, the demo
catalog), submitted through the application's actions. Maria's SSN picks the simulator's
answer (ADR 0700): 0001 citizenship not confirmed, 0011 everything verified; Sofia's 0000
an SSN the SSA cannot match; the surname "Unavailable" makes every service unavailable.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.applications import actions as application_actions
from marketplace.audit.models import AuditEvent
from marketplace.core import clock
from marketplace.dataservices import simulated
from marketplace.determinations.models import Determination
from marketplace.jobs.models import Job
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.notices.models import Notice
from marketplace.verifications import actions, jobs
from marketplace.verifications.models import (
    CloseReason,
    ItemStatus,
    TransitionError,
    VerificationItem,
)
from tests.applications.conftest import signed_and_submitted
from tests.staff import caseworker
from tests.verifications.lifecycle_support import (  # noqa: F401 - fixtures
    CITIZENSHIP_UNCONFIRMED,
    IN_OPEN_ENROLLMENT,
    P,
    _clock,
    at_six,
    demo_catalog,
    garcias,
    jobs_for,
    on_day,
    run_job,
    submitted,
)

pytestmark = pytest.mark.django_db

ALL_VERIFIED = "123450011"


def resubmit(application, owner, change=None) -> Determination:
    """Report a change (or none) and submit again: a new determination, and
    `start_verifications` against the items still pending."""
    application = application_actions.reopen_application(application, actor=owner)
    if change:
        change(application)
    return signed_and_submitted(application, owner)


def set_ssn(first_name, ssn):
    def change(application):
        member = application.members.get(first_name=first_name)
        member.ssn = ssn
        member.save()

    return change


def items_of(application) -> list[VerificationItem]:
    return list(VerificationItem.objects.filter(application=application).order_by("id"))


def backdate(item: VerificationItem, days: int) -> VerificationItem:
    """As if the item had opened (and, unless it waits for a service, been asked for)
    `days` days ago."""
    shift = timedelta(days=days)
    VerificationItem.objects.filter(pk=item.pk).update(
        opened_at=item.opened_at - shift,
        due_date=item.due_date - shift,
        requested_on=item.requested_on - shift if item.requested_on else None,
    )
    item.refresh_from_db()
    for job in Job.objects.filter(payload__item=str(item.public_id)):
        if "due" in job.payload:  # the schedule made when it opened, moved with it
            due = date.fromisoformat(job.payload["due"]) - shift
            job.dedupe_key = job.dedupe_key.replace(job.payload["due"], due.isoformat())
            job.payload = {**job.payload, "due": due.isoformat()}
        job.run_after -= shift
        job.save()
    return item


def services_back(monkeypatch) -> None:
    """The data services answer again for the "Unavailable" household (the simulator's
    outage is its surname; the names on the application and in the snapshot stay)."""
    monkeypatch.setattr(simulated, "UNAVAILABLE_LAST_NAME", "-- nobody --")


def notices(owner, kind) -> int:
    return Notice.objects.filter(user=owner, kind=kind).count()


# --- The state machine -------------------------------------------------------------------


def test_superseded_is_a_closed_state_reached_from_open_or_document_submitted():
    item = VerificationItem(status=ItemStatus.OPEN)
    item.move_to(ItemStatus.SUPERSEDED)
    assert item.is_closed and item.closed_at is not None and not item.needs_action
    with pytest.raises(TransitionError):
        item.move_to(ItemStatus.OPEN)
    submitted_item = VerificationItem(status=ItemStatus.DOCUMENT_SUBMITTED)
    submitted_item.move_to(ItemStatus.SUPERSEDED)
    assert submitted_item.status == ItemStatus.SUPERSEDED


# --- Re-submission ----------------------------------------------------------------------


def test_resubmitting_the_same_mismatch_keeps_one_item_with_its_original_due_date():
    owner, application, first = submitted(garcias())
    (item,) = items_of(application)
    item = backdate(item, 20)  # asked 20 days ago
    original_due, asked_on = item.due_date, item.requested_on
    assert original_due == clock.today() + timedelta(days=75)

    second = resubmit(application, owner)

    assert second.pk != first.pk
    (again,) = items_of(application)  # no second item for the same inconsistency
    assert again.pk == item.pk and again.status == ItemStatus.OPEN
    assert again.due_date == original_due and again.requested_on == asked_on
    assert again.determination == second  # it now stands on the new facts
    carried = AuditEvent.objects.get(action="verification.carried_over", object_id=str(item.pk))
    assert carried.detail["due_date"] == original_due.isoformat()
    assert carried.detail["requested_now"] is False
    # No new request notice, no new schedule: the 90 days were not restarted.
    assert notices(owner, "verification_request") == 1
    assert len(jobs_for(item, actions.REMIND_JOB)) == 3
    assert len(jobs_for(item, actions.EXPIRE_JOB)) == 1


def test_resubmitting_corrected_facts_supersedes_the_item_and_its_jobs_do_nothing(
    monkeypatch, client
):
    owner, application, _first = submitted(garcias())
    (item,) = items_of(application)
    item = backdate(item, 20)
    old_due = item.due_date

    second = resubmit(application, owner, set_ssn("Maria", ALL_VERIFIED))

    (item,) = items_of(application)  # nothing new: SSA now confirms her citizenship
    assert item.status == ItemStatus.SUPERSEDED and item.closed_at is not None
    assert item.close_reason == CloseReason.RESUBMITTED and item.superseded_by == second
    event = AuditEvent.objects.get(action="verification.superseded", object_id=str(item.pk))
    assert event.detail["reason"] == "resubmitted"
    assert event.detail["determination"] == str(second.public_id)

    # Every reminder and the expiry, run after the old due date: nothing happens.
    on_day(monkeypatch, old_due + timedelta(days=1))
    for _twice in range(2):
        for job in jobs_for(item, actions.REMIND_JOB) + jobs_for(item, actions.EXPIRE_JOB):
            run_job(job)
    item.refresh_from_db()
    assert item.status == ItemStatus.SUPERSEDED and item.redetermination is None
    assert notices(owner, "verification_reminder") == 0
    assert notices(owner, "eligibility_change") == 0
    assert application.determinations.count() == 2  # the two submissions, no expiry
    assert not AuditEvent.objects.filter(action="verification.expired").exists()
    monkeypatch.undo()

    # The person's page and the caseworkers' queue say so.
    client.force_login(owner)
    page = client.get("/verifications/").content.decode()
    assert "Closed by a newer application" in page
    assert "we do not need documents for this any more" in page
    assert f"/verifications/{item.public_id}/upload/" not in page
    dashboard = client.get("/apply/").content.decode()
    assert "Closed by a newer application" in dashboard and "send it by" not in dashboard
    caseworker(client)
    queue = client.get("/casework/verifications/").content.decode()
    assert "Closed by a newer application" in queue and str(item.public_id) in queue
    assert "The new application needs no documents for this" in queue


def test_the_superseded_item_reads_in_spanish(client):
    owner, application, _first = submitted(garcias(), preferred_language="es")
    resubmit(application, owner, set_ssn("Maria", ALL_VERIFIED))
    client.force_login(owner)
    client.cookies["marketplace_language"] = "es"
    page = client.get("/verifications/").content.decode()
    assert "Cerrado por una solicitud más reciente" in page
    assert "ya no necesitamos documentos para esto" in page
    assert "No necesita hacer nada para esta solicitud." in page


def test_a_person_removed_from_the_application_has_their_items_superseded(client):
    owner, application, _first = submitted(garcias(maria=ALL_VERIFIED, sofia="123450000"))
    ssn, citizenship = items_of(application)
    assert {(i.type, i.member_name) for i in (ssn, citizenship)} == {
        ("ssn", "Sofia Garcia"),
        ("citizenship", "Sofia Garcia"),
    }

    def remove_sofia(application):
        sofia = application.members.get(first_name="Sofia")
        application_actions.remove_member(application, sofia, actor=owner)

    second = resubmit(application, owner, remove_sofia)

    for item in items_of(application):
        assert item.status == ItemStatus.SUPERSEDED
        assert item.close_reason == CloseReason.MEMBER_REMOVED and item.superseded_by == second
        assert item.member is None and item.member_name == "Sofia Garcia"
    assert (
        AuditEvent.objects.filter(
            action="verification.superseded", detail__reason="member_removed"
        ).count()
        == 2
    )
    client.force_login(owner)
    page = client.get("/verifications/").content.decode()
    assert "Sofia Garcia is no longer on your application" in page


def test_resubmitting_mixes_carried_superseded_and_new_items_in_one_notice():
    # First: Maria's citizenship is not confirmed. Then Maria's SSN is corrected but
    # Sofia's is now one the SSA cannot match: Maria's item closes, Sofia's two open.
    owner, application, _first = submitted(garcias())
    (maria,) = items_of(application)

    def change(application):
        set_ssn("Maria", ALL_VERIFIED)(application)
        set_ssn("Sofia", "123450000")(application)

    resubmit(application, owner, change)

    maria.refresh_from_db()
    assert maria.status == ItemStatus.SUPERSEDED
    new = [i for i in items_of(application) if i.pk != maria.pk]
    assert {(i.type, i.member_name, i.status) for i in new} == {
        ("ssn", "Sofia Garcia", ItemStatus.OPEN),
        ("citizenship", "Sofia Garcia", ItemStatus.OPEN),
    }
    latest = Notice.objects.filter(user=owner, kind="verification_request").latest("id")
    assert {i["member_name"] for i in latest.context["items"]} == {"Sofia Garcia"}


# --- A retry after an outage ------------------------------------------------------------


def test_a_retry_that_finds_a_mismatch_sets_a_new_deadline_from_its_request_notice(
    monkeypatch,
):
    owner, application, _first = submitted(garcias(last_name="Unavailable"))
    items = items_of(application)
    assert items and all(i.awaiting_service and i.requested_on is None for i in items)
    assert notices(owner, "verification_request") == 0
    items = [backdate(i, 40) for i in items]  # the outage lasted 40 days
    maria = next(
        i for i in items if (i.type, i.member_name) == ("citizenship", "Maria Unavailable")
    )
    old_due = maria.due_date
    old_jobs = jobs_for(maria, actions.REMIND_JOB) + jobs_for(maria, actions.EXPIRE_JOB)

    # The services answer again: everything verifies except Maria's citizenship.
    services_back(monkeypatch)
    today = clock.today()
    for item in items:
        jobs.retry_job({"item": str(item.public_id)})
    for item in items:
        item.refresh_from_db()
        assert not item.awaiting_service
        assert item.status == (
            ItemStatus.OPEN if item.pk == maria.pk else ItemStatus.RESOLVED_BY_RETRY
        )

    maria.refresh_from_db()
    new_due = today + timedelta(days=95)  # 90 days from receipt, received 5 days after
    assert maria.requested_on == today and maria.due_date == new_due
    notice = Notice.objects.get(user=owner, kind="verification_request")
    assert notice.context["items"][0]["due_date"] == new_due.isoformat()
    event = AuditEvent.objects.get(action="verification.retry_mismatch", object_id=str(maria.pk))
    assert event.detail["due_date"] == new_due.isoformat()

    # Reminders 30, 60 and 85 days after the request notice, the expiry the day after.
    new_reminders = [
        j for j in jobs_for(maria, actions.REMIND_JOB) if j.payload["due"] == new_due.isoformat()
    ]
    assert [(j.payload["day"], j.run_after) for j in new_reminders] == [
        (day, at_six(today + timedelta(days=day))) for day in (30, 60, 85)
    ]
    (new_expiry,) = [
        j for j in jobs_for(maria, actions.EXPIRE_JOB) if j.payload["due"] == new_due.isoformat()
    ]
    assert new_expiry.run_after == at_six(new_due + timedelta(days=1))

    # The jobs of the first schedule do nothing: no reminder, no expiry at the old date.
    with monkeypatch.context() as patched:
        on_day(patched, old_due + timedelta(days=1))
        for job in old_jobs:
            run_job(job)
    maria.refresh_from_db()
    assert maria.status == ItemStatus.OPEN and maria.reminded_day == 0
    assert notices(owner, "verification_reminder") == 0

    # The day-30 reminder goes out once, however often its job runs.
    jobs.remind_job(new_reminders[0].payload)
    jobs.remind_job(new_reminders[0].payload)
    assert notices(owner, "verification_reminder") == 1
    maria.refresh_from_db()
    assert maria.reminded_day == 30

    # A second retry of the same item does nothing (it is no longer waiting).
    jobs.retry_job({"item": str(maria.public_id)})
    assert notices(owner, "verification_request") == 1

    # Still in time on the due date itself; expired the day after, once.
    assert actions.expire(maria, today=new_due).status == ItemStatus.OPEN
    on_day(monkeypatch, new_due + timedelta(days=1))
    jobs.expire_job(new_expiry.payload)
    jobs.expire_job(new_expiry.payload)
    maria.refresh_from_db()
    assert maria.status == ItemStatus.EXPIRED and maria.redetermination is not None
    assert (
        Determination.objects.filter(application=application, cause="verification_expired").count()
        == 1
    )
    assert notices(owner, "eligibility_change") == 1


def test_an_item_whose_service_stays_down_never_expires_and_the_pages_say_so(monkeypatch, client):
    owner, application, first = submitted(garcias(last_name="Unavailable"))
    items = items_of(application)
    item = items[0]
    past_due = item.due_date + timedelta(days=1)
    on_day(monkeypatch, past_due)
    jobs.expire_job({"item": str(item.public_id)})
    jobs.expire_job({"item": str(item.public_id)})
    monkeypatch.undo()
    for each in items_of(application):
        assert each.status == ItemStatus.OPEN and each.awaiting_service
    assert list(application.determinations.all()) == [first]  # eligibility untouched
    assert notices(owner, "eligibility_change") == 0
    assert AuditEvent.objects.filter(
        action="verification.expiry_deferred", detail__reason="awaiting_service"
    ).exists()

    client.force_login(owner)
    dashboard = client.get("/apply/").content.decode()
    assert "Checking with a government data service" in dashboard
    assert "Documents needed" not in dashboard and "send it by" not in dashboard
    page = client.get("/verifications/").content.decode()
    assert "We could not reach the government data service" in page
    assert "This does not end your coverage or your savings" in page
    caseworker(client)
    queue = client.get("/casework/verifications/").content.decode()
    assert "Waiting for a data service" in queue and str(item.public_id) in queue
    detail = client.get(f"/casework/verifications/{item.public_id}/").content.decode()
    assert "The item does not expire while it waits." in detail


def test_an_item_still_waiting_at_resubmission_that_now_mismatches_starts_its_period(
    monkeypatch,
):
    owner, application, _first = submitted(garcias(last_name="Unavailable"))
    waiting = [backdate(i, 40) for i in items_of(application)]
    before = {i.pk for i in waiting}

    services_back(monkeypatch)
    resubmit(application, owner)

    citizenship = next(
        i for i in waiting if i.type == "citizenship" and i.member_name == "Maria Unavailable"
    )
    citizenship.refresh_from_db()
    assert citizenship.status == ItemStatus.OPEN and not citizenship.awaiting_service
    assert citizenship.requested_on == clock.today()
    assert citizenship.due_date == clock.today() + timedelta(days=95)
    others = VerificationItem.objects.filter(pk__in=before - {citizenship.pk})
    assert set(others.values_list("status", flat=True)) == {ItemStatus.SUPERSEDED}
    assert {i.pk for i in items_of(application)} == before  # nothing new opened
    notice = Notice.objects.get(user=owner, kind="verification_request")
    assert [i["public_id"] for i in notice.context["items"]] == [str(citizenship.public_id)]
