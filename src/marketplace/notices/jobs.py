"""Background work for notices: render the PDF (`notices.render`), print and mail it
(`notices.mail`), tell the person by e-mail that it is in their account (`notices.email`),
and queue those three for a batch's notices (`notices.queue_delivery`, ADR 0839).
Each is idempotent: a job that runs twice changes nothing the second time.

One bad notice stops nobody else's (each notice is its own job): a notice whose content
cannot be laid out fails for good and goes on the exceptions list (jobs/worklist.py), as
does a paper notice the mail house cannot take (no mailing address, or refused); an outage
(no PDF renderer on this machine, the mail house unreachable) is retried by the queue."""

from __future__ import annotations

import hashlib
import logging

from django.db import DatabaseError
from django.utils import timezone

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.errors import summary
from marketplace.jobs import worklist
from marketplace.jobs.models import Job, Source
from marketplace.jobs.queue import handler
from marketplace.notices import email, holds
from marketplace.notices.actions import (
    EMAIL_JOB,
    MAIL_JOB,
    QUEUE_DELIVERY_JOB,
    RENDER_JOB,
    delivery_jobs,
    mark_failed,
)
from marketplace.notices.content import BadContext, address_lines
from marketplace.notices.mailhouse import MailPiece, MailPieceRefused, mail_house
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import RendererUnavailable, render_pdf

log = logging.getLogger(__name__)


def render_notice(notice: Notice) -> Notice:
    """Render once; a rendered notice is returned as it is. RendererUnavailable (no Pango on
    this machine) propagates so the job retries later; a bad context fails the notice."""
    if notice.status != NoticeStatus.QUEUED:
        return notice
    try:
        pdf, pages = render_pdf(notice.kind, notice.language, notice.context, str(notice.public_id))
    except (RendererUnavailable, DatabaseError):
        raise  # an outage, not this notice: the queue tries again later
    except Exception as exc:  # this notice's content: it would fail every time
        return render_failed(notice, exc)
    if store_pdf(notice, pdf, pages):
        audit.record("notice.rendered", actor_label="worker", obj=notice, pages=pages)
    else:  # rendered meanwhile by another process (the batch command, the message center)
        notice.refresh_from_db()
    return notice


def store_pdf(notice: Notice, pdf: bytes, pages: int) -> bool:
    """Write the rendered PDF with one conditional UPDATE: only a notice still queued takes
    it, so a notice is never half written and two renderers never both write (the first
    wins; the PDFs are the same bytes). False when it was no longer queued."""
    values = dict(
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=pages,
        status=NoticeStatus.RENDERED,
        rendered_at=timezone.now(),
        error="",
    )
    written = Notice.objects.filter(pk=notice.pk, status=NoticeStatus.QUEUED).update(**values)
    if written:
        for name, value in values.items():
            setattr(notice, name, value)
    return bool(written)


def render_failed(notice: Notice, exc: Exception) -> Notice:
    """The notice failed for good: marked failed, audited, on the exceptions list."""
    reason = "bad_content" if isinstance(exc, BadContext) else "cannot_lay_out"
    mark_failed(notice, summary(exc))
    audit.record("notice.failed", actor_label="worker", obj=notice, error=summary(exc)[:200])
    worklist.report(
        Source.NOTICE_RENDER,
        reason,
        f"Notice {notice.public_id} ({notice.kind}) could not be prepared: {summary(exc)}. "
        "The person's message center says it could not be prepared; the other notices went "
        "on. Check the application or case it came from and send the person what it should "
        "have said; once the technical team has fixed the cause, try it again.",
        obj=notice,
        retry_kind=RENDER_JOB,
        retry_payload={"notice": str(notice.public_id), "again": True},
    )
    notice.refresh_from_db()
    return notice


@handler(QUEUE_DELIVERY_JOB)
def queue_delivery_job(payload: dict) -> None:
    """Queue the delivery jobs of a batch's notices (`issue_notices`): each notice's own
    rendering and mailing or e-mail, as `issue_notice` queues them, so one notice's failures
    are its own (ADR 0839). Their dedupe keys name the notice: run twice, it queues nothing
    twice."""
    notices = Notice.objects.filter(pk__in=payload["notices"]).select_related("user").order_by("pk")
    Job.objects.bulk_create(delivery_jobs(list(notices)), batch_size=500, ignore_conflicts=True)


@handler(RENDER_JOB)
def render_job(payload: dict) -> None:
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    if payload.get("again") and notice.status == NoticeStatus.FAILED:  # a caseworker's retry
        Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.QUEUED, error="")
        notice.refresh_from_db()
    render_notice(notice)


@handler(MAIL_JOB)
def mail_job(payload: dict) -> None:
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    if notice.mailed_at is not None:
        return
    notice = render_notice(notice)
    if notice.status != NoticeStatus.RENDERED:
        return  # failed for good: nothing to mail (staff see it in the audit log)
    held = holds.reason_to_hold(notice)
    if held:  # e.g. earlier mail came back: it waits until the address is confirmed
        audit.record("notice.mail_held", actor_label="worker", obj=notice, reason=held)
        return
    application = notice.context.get("application") or {}
    lines = address_lines(application.get("address") or notice.context.get("address"))
    if not lines:
        _not_mailed(notice, MailPieceRefused("no_address"))
        return
    members = application.get("members") or []
    first = members[0] if members else ""
    recipient = (
        (application.get("contact") or {}).get("name")
        or (first.get("name", "") if isinstance(first, dict) else str(first))
        or notice.context.get("name", "")
    )
    piece = MailPiece(
        reference=str(notice.public_id),
        recipient=recipient,
        address_lines=lines,
        pdf=bytes(notice.pdf),
        pages=notice.page_count,
    )
    try:
        reference = mail_house().send(piece)
    except MailPieceRefused as exc:
        _not_mailed(notice, exc)
        return
    Notice.objects.filter(pk=notice.pk).update(mailed_at=clock.now(), mail_reference=reference)
    audit.record("notice.mailed", actor_label="worker", obj=notice, reference=reference)


def _not_mailed(notice: Notice, exc: MailPieceRefused) -> None:
    """The mail house cannot take this piece: on the exceptions list, the others go on."""
    audit.record("notice.not_mailed", actor_label="worker", obj=notice, reason=exc.reason)
    worklist.report(
        Source.NOTICE_MAIL,
        exc.reason,
        f"Paper notice {notice.public_id} ({notice.kind}) was not mailed: "
        f"{MAIL_REASONS.get(exc.reason, exc.reason)} The person can still read it in their "
        "message center. Contact them for an address they receive mail at, have it put on "
        "their application (later notices are mailed there), and close this item saying "
        "what was done.",
        obj=notice,
    )


MAIL_REASONS = {
    "no_address": "the application it was made from has no mailing address.",
    "bad_address": "the mail house says the address cannot be delivered to.",
}


@handler(EMAIL_JOB)
def email_job(payload: dict) -> None:
    """Send the e-mail once: the notice row is locked and stamped in the job's transaction,
    so a second run (a retried or repeated job) finds it sent and does nothing."""
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    user = notice.user
    if notice.emailed_at is not None or user is None or not user.email:
        return
    email.send_new_notice(user.email, user.preferred_language or notice.language)
    Notice.objects.filter(pk=notice.pk).update(emailed_at=clock.now())
    audit.record("notice.emailed", actor_label="worker", obj=notice, language=notice.language)
