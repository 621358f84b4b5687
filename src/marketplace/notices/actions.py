"""Issuing notices: one action, one transaction, one audit row, side effects queued in it.

`issue_notice` is the contract the application and verification code call (docs/architecture.md;
docs/adr/0700-notices-and-verification.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.core import bulk, clock, request_id
from marketplace.jobs.models import Job
from marketplace.notices.content import BUILDERS
from marketplace.notices.models import Notice, NoticeStatus

RENDER_JOB = "notices.render"
MAIL_JOB = "notices.mail"
EMAIL_JOB = "notices.email"
QUEUE_DELIVERY_JOB = "notices.queue_delivery"
#: notices a `notices.queue_delivery` job queues the delivery jobs of (ADR 0839)
NOTICES_A_QUEUING_JOB = 1000


def issue_notice(
    *,
    user,
    kind: str,
    context: dict,
    language: str,
    actor=None,
    related_object=None,
    household=None,
) -> Notice:
    """Create the notice and queue its PDF rendering in the caller's transaction, with its
    printing and mailing for people who chose paper (45 CFR 155.230(c)), or the "you have a
    new notice" e-mail for people who chose electronic notices (155.230(d); 42 CFR
    435.918(b)(4)). `household`: for a notice with no user, the account whose household it
    was written for (its returned-mail holds and casework's page; docs/adr/0109)."""
    notice = _unsaved(user, kind, context, language, related_object, household)
    # The caller's transaction when there is one (no savepoint: nothing here is caught and
    # carried on from), else a transaction of its own.
    with transaction.atomic(savepoint=False):
        notice.save()
        if clock.is_moved():  # auto_now_add stamps the real time; the notice keeps the clock's
            notice.created_at = clock.now()
            Notice.objects.filter(pk=notice.pk).update(created_at=notice.created_at)
        # Its jobs in one statement: their dedupe keys carry the new notice's own id, so
        # none can be queued already.
        Job.objects.bulk_create(delivery_jobs([notice]))
        audit.record(**_audit_fields(notice, actor))
    return notice


def _unsaved(
    user, kind: str, context: dict, language: str, related_object, household=None
) -> Notice:
    """The notice `issue_notice` stores, not yet saved."""
    if kind not in BUILDERS:
        raise ValueError(f"Unknown notice kind {kind!r}; known: {sorted(BUILDERS)}")
    language = language if language in {"en", "es"} else "en"
    snapshot = dict(context)
    snapshot.setdefault("date", clock.today().isoformat())
    # The eligibility notice shows the projected income used; the stored determination's
    # input snapshot holds it (the result does not).
    inputs = getattr(related_object, "input_snapshot", None)
    if kind == "eligibility" and isinstance(inputs, dict) and "income" in inputs:
        snapshot.setdefault("income", inputs["income"])
    # No user: a person with no account (applications/ftr_notice.py) is written to on paper.
    paper = user is None or getattr(user, "notice_preference", "electronic") == "paper"
    return bulk.new(
        Notice,
        user=user,
        household=household,
        kind=kind,
        language=language,
        context=snapshot,
        paper=paper,
        related_type=type(related_object).__name__ if related_object is not None else "",
        related_id=str(getattr(related_object, "pk", "") or ""),
    )


def _jobs(notice: Notice) -> list[Job]:
    """Its PDF rendering, and its mailing (paper) or the "new notice" e-mail (electronic)."""
    key = str(notice.public_id)
    kinds = [RENDER_JOB]
    if notice.paper:
        kinds.append(MAIL_JOB)
    elif getattr(notice.user, "email", ""):
        kinds.append(EMAIL_JOB)
    now = clock.now()
    return [
        bulk.new(Job, kind=k, payload={"notice": key}, dedupe_key=f"{k}:{key}", run_after=now)
        for k in kinds
    ]


def delivery_jobs(notices: list[Notice]) -> list[Job]:
    """Each notice's rendering and its mailing or e-mail, as `issue_notice` queues them, for
    the request that issued them (`request_id.current()`)."""
    jobs = [job for notice in notices for job in _jobs(notice)]
    for job in jobs:
        job.request_id = request_id.current()
    return jobs


def _queuing_jobs(notices: list[Notice]) -> list[Job]:
    """A batch's notices' delivery jobs are queued by a worker afterwards, one job for up to
    NOTICES_A_QUEUING_JOB notices (ADR 0839): a seeding or renewal batch writes one row a
    thousand notices where it wrote two or so a notice. The same jobs in the end
    (notices/jobs.py)."""
    keys = [notice.pk for notice in notices]
    now = clock.now()
    return [
        bulk.new(
            Job,
            kind=QUEUE_DELIVERY_JOB,
            payload={"notices": keys[k : k + NOTICES_A_QUEUING_JOB]},
            run_after=now,
            request_id=request_id.current(),
        )
        for k in range(0, len(keys), NOTICES_A_QUEUING_JOB)
    ]


def _audit_fields(notice: Notice, actor) -> dict:
    return dict(
        action="notice.issued",
        actor=actor,
        actor_label="" if actor else "system",
        obj=notice,
        kind=notice.kind,
        language=notice.language,
        paper=notice.paper,
    )


@dataclass(frozen=True)
class NoticeRequest:
    """One notice of a batch (`issue_notices`): `issue_notice`'s arguments."""

    user: Any
    kind: str
    context: dict
    language: str
    related_object: Any = None
    actor: Any = None  # who the audit row names, when not the batch's `actor`
    household: Any = None  # a notice with no user: whose household (`issue_notice`)


def issue_notices(requests: list[NoticeRequest], *, actor=None) -> list[Notice]:
    """`issue_notice` for a batch of new notices in the caller's transaction, a few
    statements for the whole batch: the same notices and audit rows, and one job that
    queues their delivery jobs when a worker takes it (ADR 0839)."""
    notices = [
        _unsaved(r.user, r.kind, r.context, r.language, r.related_object, r.household)
        for r in requests
    ]
    # In the caller's transaction (enrollment, applications and renewals batches): the
    # caller's action is what runs again after a deadlock (ADR 1704).
    with transaction.atomic():
        # auto_now_add stamps the real time; the notice keeps the clock's
        bulk.insert(notices, stamped={"created_at": clock.now()} if clock.is_moved() else None)
        bulk.insert(_queuing_jobs(notices))
        audit.record_many(
            [
                audit.unsaved(**_audit_fields(n, r.actor or actor))
                for n, r in zip(notices, requests, strict=True)
            ]
        )
    return notices


def mark_failed(notice: Notice, error: str) -> None:
    Notice.objects.filter(pk=notice.pk, status=NoticeStatus.QUEUED).update(
        status=NoticeStatus.FAILED, error=error[:2000]
    )
