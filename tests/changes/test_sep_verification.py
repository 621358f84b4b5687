"""Documents checked before coverage through a special enrollment period (45 CFR
155.420(g)): when aca_rules/sep/events.yaml says so, a new enrollment through the period is
held until a caseworker accepts the document; nothing reaches the insurer before then; the
coverage starts on the date the period gave; no document in time cancels it, unsent."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.changes import actions as change_actions
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import states
from marketplace.notices.models import Notice
from marketplace.verifications import actions as verifications
from marketplace.verifications.models import ItemStatus, ItemType, VerificationItem
from tests.changes.conftest import member, report, sent_after
from tests.changes.sep_support import checkout
from tests.staff import caseworker
from tests.verifications.households import PDF
from tests.verifications.households import user as staff_user

pytestmark = pytest.mark.django_db


def _lost_coverage(application):
    report(application, "coverage_lost", member=str(member(application, "Sam").public_id))
    return application.determinations.first()


def test_a_loss_of_coverage_enrollment_is_held_until_the_document_is_accepted(client, uninsured):
    user, application, _ = uninsured
    enrollment = checkout(user, _lost_coverage(application))
    assert enrollment.pended and enrollment.status == states.SELECTED
    assert enrollment.coverage_start == date(2026, 5, 1)
    assert not sent_after(enrollment)  # the insurer hears nothing yet
    item = VerificationItem.objects.get(application=application, type=ItemType.SEP)
    assert item.status == ItemStatus.OPEN and item.detail == "loss_of_coverage"
    assert item.due_date == date(2026, 4, 10) + timedelta(days=verifications.SEP_DOCUMENT_DAYS)
    assert Notice.objects.filter(user=user, kind="verification_request").exists()

    # My coverage says the plan waits for documents and links to where they are sent.
    client.force_login(user)
    coverage = client.get("/enroll/coverage/").content.decode()
    assert "Waiting for your documents" in coverage
    documents = next(h for h in re.findall(r'href="([^"]+)"', coverage) if "/verifications/" in h)
    page = client.get(documents).content.decode()
    upload = next(h for h in re.findall(r'href="([^"]+)"', page) if str(item.public_id) in h)
    answer = client.post(upload, {"file": SimpleUploadedFile("letter.pdf", PDF, "application/pdf")})
    assert answer.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.pended and not sent_after(enrollment)  # received is not accepted

    # A caseworker accepts it: the enrollment goes to the insurer with its start date.
    caseworker(client)
    answer = client.post(
        f"/casework/verifications/{item.public_id}/",
        {"decision": "verify", "reason": "Letter shows coverage ended."},
    )
    assert answer.status_code == 302
    enrollment.refresh_from_db()
    assert not enrollment.pended
    [addition] = sent_after(enrollment)
    assert addition.maintenance_type == "021"
    assert addition.payload["coverage_start"] == "2026-05-01"


def test_no_document_in_time_cancels_the_held_enrollment_unsent(uninsured, settings):
    user, application, _ = uninsured
    enrollment = checkout(user, _lost_coverage(application))
    item = VerificationItem.objects.get(application=application, type=ItemType.SEP)
    assert verifications.expire(item, today=item.due_date).status == ItemStatus.OPEN  # not yet
    item = verifications.expire(item, today=item.due_date + timedelta(days=1))
    assert item.status == ItemStatus.EXPIRED
    enrollment.refresh_from_db()
    assert enrollment.status == states.CANCELLED and not enrollment.pended
    assert enrollment.end_reason == "sep_not_verified"
    assert not OutboundTransaction.objects.filter(enrollment=enrollment).exists()


def test_a_rejected_document_keeps_the_enrollment_held(uninsured):
    user, application, _ = uninsured
    enrollment = checkout(user, _lost_coverage(application))
    item = VerificationItem.objects.get(application=application, type=ItemType.SEP)
    verifications.submit_document(
        item, SimpleUploadedFile("x.pdf", PDF, "application/pdf"), user=user
    )
    verifications.review(
        item,
        reviewer=staff_user("carla@example.org", role="caseworker"),
        verified=False,
        reason="The letter has no date.",
    )
    enrollment.refresh_from_db()
    assert enrollment.pended and not sent_after(enrollment)


def test_a_period_that_needs_no_documents_sends_the_enrollment_at_once(uninsured):
    user, application, determination = uninsured
    carla = staff_user("carla@example.org", role="caseworker")
    change_actions.grant_exceptional(
        application,
        event_date=date(2026, 4, 1),
        reason="In hospital all of open enrollment",
        actor=carla,
    )
    enrollment = checkout(user, determination)
    assert not enrollment.pended
    assert [t.maintenance_type for t in sent_after(enrollment)] == ["021"]
    assert not VerificationItem.objects.filter(application=application, type=ItemType.SEP)


def test_a_later_change_does_not_close_the_periods_document_request(uninsured):
    user, application, _ = uninsured
    checkout(user, _lost_coverage(application))
    report(application, "tobacco", member=str(member(application, "Sam").public_id), tobacco=True)
    item = VerificationItem.objects.get(application=application, type=ItemType.SEP)
    assert item.status == ItemStatus.OPEN


def test_the_batch_outbox_leaves_a_held_enrollment_out_as_the_single_one_does(uninsured):
    from django.db import transaction

    from marketplace.core import clock
    from marketplace.edi import build, outbox

    user, application, _ = uninsured
    enrollment = checkout(user, _lost_coverage(application))
    assert enrollment.pended
    members = list(enrollment.members.all())
    with transaction.atomic():
        txn = build.addition(enrollment, members, clock.now())
        assert outbox.queue(enrollment, txn) is None
        assert outbox.queue_many([(enrollment, txn)]) == []
    assert not sent_after(enrollment)
