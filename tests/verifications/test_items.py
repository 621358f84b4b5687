"""Verification items for the Garcias: mismatches open items with the legal due date, the
determination stands, documents resolve them, caseworkers decide, reminders and retries run
as jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.audit.models import AuditEvent
from marketplace.core import clock
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.notices.models import Notice
from marketplace.verifications import jobs  # noqa: F401 - registers handlers
from marketplace.verifications.actions import items_for, review, start_verifications
from marketplace.verifications.models import ItemStatus, TransitionError
from tests.staff import caseworker
from tests.verifications.households import PDF, garcia_application, user

pytestmark = pytest.mark.django_db

# Maria's SSN ends 0001: SSA confirms the number but not her citizenship (one item).
CITIZENSHIP_UNCONFIRMED = ["123450001", "123450022", "123450033", "123450044"]


def run_due(now):
    """Run the jobs due at `now` (jobs scheduled for later days)."""
    Job.objects.filter(status="pending", run_after__lte=now).update(run_after=clock.now())
    return run_pending()


def test_a_clean_household_opens_no_items_and_refers_the_children():
    application, determination = garcia_application(user())
    assert start_verifications(application, determination) == []
    assert application.medicaid_referrals.count() == 2  # Lucia and Mateo, CHIP


def test_an_ssn_mismatch_opens_an_item_due_in_95_days_and_asks_for_documents():
    ssns = ["123450000", "123450022", "123450033", "123450044"]
    application, determination = garcia_application(user(), ssns=ssns)
    items = start_verifications(application, determination)
    # SSA cannot confirm citizenship through an SSN that does not match.
    assert [(i.type, i.member_name, i.status) for i in items] == [
        ("ssn", "Maria Garcia", ItemStatus.OPEN),
        ("citizenship", "Maria Garcia", ItemStatus.OPEN),
    ]
    item = items[0]
    assert item.due_date == clock.today() + timedelta(days=95)
    assert list(items_for(application)) == items
    notice = Notice.objects.get(kind="verification_request")
    assert notice.user == application.owner
    assert notice.context["items"][0]["due_date"] == item.due_date.isoformat()
    assert AuditEvent.objects.filter(action="verification.opened").count() == 2
    # Conditional eligibility: the determination stands while the item is open.
    assert determination.result["members"][0]["aptc"] is True


def test_the_due_date_schedules_reminders_and_expiry():
    ssns = CITIZENSHIP_UNCONFIRMED
    application, determination = garcia_application(user(), ssns=ssns)
    start_verifications(application, determination)
    reminders = Job.objects.filter(kind="verifications.remind").order_by("run_after")
    assert [j.payload["day"] for j in reminders] == [30, 60, 85]
    assert Job.objects.filter(kind="verifications.expire").count() == 1


def test_reminders_issue_a_reminder_notice_while_documents_are_missing():
    ssns = CITIZENSHIP_UNCONFIRMED
    application, determination = garcia_application(user(), ssns=ssns)
    start_verifications(application, determination)
    run_due(clock.now() + timedelta(days=31))
    assert Notice.objects.filter(kind="verification_reminder").count() == 1
    run_due(clock.now() + timedelta(days=61))
    assert Notice.objects.filter(kind="verification_reminder").count() == 2


def test_an_open_item_expires_after_its_due_date(settings):
    ssns = CITIZENSHIP_UNCONFIRMED
    application, determination = garcia_application(user(), ssns=ssns)
    (item,) = start_verifications(application, determination)
    settings.MARKETPLACE_TODAY = clock.today() + timedelta(days=97)  # past the due date
    run_pending()
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED


def test_income_far_above_the_attestation_opens_an_income_item():
    ssns = ["123452222", "123450022", "123450033", "123450044"]  # IRS reports $90,000
    application, determination = garcia_application(user(), ssns=ssns)
    items = start_verifications(application, determination)
    assert [i.type for i in items] == ["income"]
    assert "not reasonably compatible" in items[0].detail


def test_a_save_document_starting_with_9_opens_an_immigration_item():
    extra = {
        1: {
            "citizen": False,
            "immigration_status": "lpr_5",
            "document_type": "i551",
            "document_number": "912345678",
        }
    }
    application, determination = garcia_application(user(), member_extra=extra)
    items = start_verifications(application, determination)
    assert [(i.type, i.member_name) for i in items] == [("immigration", "Jose Garcia")]


def test_medicare_found_for_an_aptc_member_opens_a_coverage_item():
    ssns = ["123450011", "123455555", "123450033", "123450044"]
    application, determination = garcia_application(user(), ssns=ssns)
    items = start_verifications(application, determination)
    assert [(i.type, i.member_name) for i in items] == [("mec", "Jose Garcia")]


def test_service_unavailable_opens_an_item_that_retries_and_resolves_itself():
    application, determination = garcia_application(user(), last_name="Unavailable")
    items = start_verifications(application, determination)
    assert items and all(i.awaiting_service for i in items)
    assert not Notice.objects.filter(kind="verification_request").exists()  # nothing to send
    assert Job.objects.filter(kind="verifications.retry").count() == len(items)
    # The service comes back: everyone's surname is now answered.
    application.members.update(last_name="Garcia")
    run_due(clock.now() + timedelta(hours=2))
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.RESOLVED_BY_RETRY
        assert not item.awaiting_service


def test_a_service_still_down_schedules_another_retry():
    application, determination = garcia_application(user(), last_name="Unavailable")
    items = start_verifications(application, determination)
    first = Job.objects.filter(kind="verifications.retry").count()
    run_due(clock.now() + timedelta(hours=2))
    assert Job.objects.filter(kind="verifications.retry").count() == 2 * first
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.OPEN and items[0].awaiting_service


def test_upload_then_caseworker_verifies(client):
    owner = user()
    ssns = CITIZENSHIP_UNCONFIRMED
    application, determination = garcia_application(owner, ssns=ssns)
    (item,) = start_verifications(application, determination)
    client.force_login(owner)
    page = client.get("/verifications/").content.decode()
    assert f"/verifications/{item.public_id}/upload/" in page
    response = client.post(
        f"/verifications/{item.public_id}/upload/",
        {"file": SimpleUploadedFile("card.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DOCUMENT_SUBMITTED
    document = item.documents.get()
    assert client.get(f"/verifications/documents/{document.public_id}/").status_code == 200

    carla = caseworker(client)
    assert str(item.public_id) in client.get("/casework/verifications/").content.decode()
    response = client.post(
        f"/casework/verifications/{item.public_id}/",
        {"decision": "verify", "reason": "Social Security card matches."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED and item.reviewer == carla
    assert AuditEvent.objects.filter(action="verification.verified", actor=carla).exists()


def test_a_rejected_document_reopens_the_item_with_the_reason():
    owner = user()
    ssns = CITIZENSHIP_UNCONFIRMED
    application, determination = garcia_application(owner, ssns=ssns)
    (item,) = start_verifications(application, determination)
    from marketplace.verifications.actions import submit_document

    submit_document(item, SimpleUploadedFile("x.pdf", PDF, "application/pdf"), user=owner)
    item.refresh_from_db()
    review(
        item,
        reviewer=user("carla@example.org", role="caseworker"),
        verified=False,
        reason="The card is unreadable.",
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.review_reason == "The card is unreadable."


def test_uploads_must_be_pdf_jpeg_or_png(client):
    owner = user()
    application, determination = garcia_application(owner, ssns=CITIZENSHIP_UNCONFIRMED)
    (item,) = start_verifications(application, determination)
    client.force_login(owner)
    response = client.post(
        f"/verifications/{item.public_id}/upload/",
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")},
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_other_people_and_consumers_get_404(client):
    owner = user()
    application, determination = garcia_application(owner, ssns=CITIZENSHIP_UNCONFIRMED)
    (item,) = start_verifications(application, determination)
    client.force_login(user("ben@example.org"))
    assert client.get(f"/verifications/{item.public_id}/upload/").status_code == 404
    assert client.get("/casework/verifications/").status_code == 404
    assert client.get(f"/casework/verifications/{item.public_id}/").status_code == 404


def test_closed_items_do_not_move_again():
    owner = user()
    application, determination = garcia_application(owner, ssns=CITIZENSHIP_UNCONFIRMED)
    (item,) = start_verifications(application, determination)
    item.move_to(ItemStatus.EXPIRED)
    with pytest.raises(TransitionError):
        item.move_to(ItemStatus.VERIFIED)


@pytest.mark.parametrize(
    "name", ["card." + "p" * 200, "card.pdf" + "\u00e9" * 90, "card", "../../card.pdf"]
)
def test_a_document_with_any_file_name_is_received(client, name):
    """The browser chooses the name: a 200-character extension once gave a bare 400 (issue
    12). The file is kept under a name of our own with the suffix of its bytes' type."""
    owner = user()
    application, determination = garcia_application(owner, ssns=CITIZENSHIP_UNCONFIRMED)
    (item,) = start_verifications(application, determination)
    client.force_login(owner)
    upload = SimpleUploadedFile(name, PDF, content_type="application/octet-stream")
    response = client.post(f"/verifications/{item.public_id}/upload/", {"file": upload})
    assert response.status_code == 302
    document = item.documents.get()
    assert document.file.name.startswith("verification-documents/")
    assert document.file.name.endswith(".pdf") and len(document.file.name) < 100
