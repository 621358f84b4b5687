"""A batch's notices (a seeding, renewal or application batch: `issue_notices`) are queued
for delivery by one job a thousand notices; a worker turns it into each notice's own jobs,
the ones `issue_notice` queues, so each notice is still rendered, mailed or e-mailed once
and fails alone (ADR 0839)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from marketplace.core import request_id
from marketplace.jobs.models import Job, WorkException
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # noqa: F401 - registers the handlers
from marketplace.notices.actions import NoticeRequest, issue_notices
from marketplace.notices.models import Notice, NoticeStatus
from tests.verifications.households import garcia_context, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


def _batch(*people, kind="generic", context=None) -> list[Notice]:
    context = context if context is not None else {"paragraphs": ["Your renewal."]}
    with transaction.atomic():
        return issue_notices([NoticeRequest(p, kind, context, "en") for p in people])


def _delivery_jobs() -> set[tuple[str, str]]:
    return {
        (kind, payload["notice"])
        for kind, payload in Job.objects.exclude(kind="notices.queue_delivery").values_list(
            "kind", "payload"
        )
    }


def test_a_batch_queues_one_job_that_queues_each_notices_own_jobs():
    ana = user("ana@example.org")
    ben = user("ben@example.org")
    cruz = user("cruz@example.org", notice_preference="paper")
    token = request_id.set_current("req-batch-1")
    try:
        notices = _batch(ana, ben, cruz, kind="eligibility", context=garcia_context())
    finally:
        request_id.reset(token)
    queuing = Job.objects.get()
    assert queuing.kind == "notices.queue_delivery"
    assert queuing.payload == {"notices": [n.pk for n in notices]}  # keys, no personal data

    run_pending(limit=1)
    ids = [str(n.public_id) for n in notices]
    assert _delivery_jobs() == {
        ("notices.render", ids[0]),
        ("notices.email", ids[0]),
        ("notices.render", ids[1]),
        ("notices.email", ids[1]),
        ("notices.render", ids[2]),
        ("notices.mail", ids[2]),  # the person who chose paper
    }
    queued = Job.objects.exclude(kind="notices.queue_delivery")
    assert set(queued.values_list("request_id", flat=True)) == {"req-batch-1"}
    assert set(queued.values_list("dedupe_key", flat=True)) == {
        f"{k}:{i}" for k, i in _delivery_jobs()
    }

    run_pending()
    assert set(Notice.objects.values_list("status", flat=True)) == {NoticeStatus.RENDERED}
    assert Notice.objects.get(pk=notices[2].pk).mailed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]


def test_the_queuing_job_run_again_queues_nothing_twice():
    notices = _batch(user("ana@example.org"), user("ben@example.org"))
    run_pending()
    sent, count = len(mail.outbox), Job.objects.count()
    Job.objects.filter(kind="notices.queue_delivery").update(status="pending")  # as if retried
    run_pending()
    assert Job.objects.count() == count
    assert len(mail.outbox) == sent == len(notices)


def test_a_thousand_notices_a_queuing_job(monkeypatch):
    monkeypatch.setattr("marketplace.notices.actions.NOTICES_A_QUEUING_JOB", 2)
    notices = _batch(user("ana@example.org"), user("ben@example.org"), user("cruz@example.org"))
    payloads = Job.objects.order_by("id").values_list("payload", flat=True)
    assert list(payloads) == [
        {"notices": [notices[0].pk, notices[1].pk]},
        {"notices": [notices[2].pk]},
    ]
    run_pending()
    assert Job.objects.filter(kind="notices.render", status="done").count() == 3


def test_a_notice_that_cannot_be_prepared_fails_alone():
    good = _batch(user("ana@example.org"))[0]
    bad = _batch(user("ben@example.org"), kind="eligibility", context={})[0]  # no determination
    run_pending()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == NoticeStatus.RENDERED
    assert bad.status == NoticeStatus.FAILED
    item = WorkException.objects.get()
    assert str(bad.public_id) in item.message and item.retry_kind == "notices.render"
    assert not Job.objects.filter(status="failed").exists()
    assert len(mail.outbox) == 2  # each still told it has a new notice
