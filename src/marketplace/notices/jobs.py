"""Background work for notices: render the PDF (`notices.render`), print and mail it
(`notices.mail`), tell the person by e-mail that it is in their account (`notices.email`).
Each is idempotent: a job that runs twice changes nothing the second time."""

from __future__ import annotations

import hashlib
import logging

from django.utils import timezone

from marketplace.audit import log as audit
from marketplace.jobs.queue import handler
from marketplace.notices import email
from marketplace.notices.actions import EMAIL_JOB, MAIL_JOB, RENDER_JOB, mark_failed
from marketplace.notices.content import BadContext, address_lines
from marketplace.notices.mailhouse import MailPiece, MissingAddress, mail_house
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import render_pdf

log = logging.getLogger(__name__)


def render_notice(notice: Notice) -> Notice:
    """Render once; a rendered notice is returned as it is. RendererUnavailable (no Pango on
    this machine) propagates so the job retries later; a bad context fails the notice."""
    if notice.status != NoticeStatus.QUEUED:
        return notice
    try:
        pdf, pages = render_pdf(notice.kind, notice.language, notice.context, str(notice.public_id))
    except BadContext as exc:
        mark_failed(notice, str(exc))
        audit.record("notice.failed", actor_label="worker", obj=notice, error=str(exc)[:200])
        notice.refresh_from_db()
        return notice
    notice.pdf = pdf
    notice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    notice.page_count = pages
    notice.status = NoticeStatus.RENDERED
    notice.rendered_at = timezone.now()
    notice.error = ""
    notice.save()
    audit.record("notice.rendered", actor_label="worker", obj=notice, pages=pages)
    return notice


@handler(RENDER_JOB)
def render_job(payload: dict) -> None:
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    render_notice(notice)


@handler(MAIL_JOB)
def mail_job(payload: dict) -> None:
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    if notice.mailed_at is not None:
        return
    notice = render_notice(notice)
    if notice.status != NoticeStatus.RENDERED:
        return  # failed for good: nothing to mail (staff see it in the audit log)
    application = notice.context.get("application") or {}
    lines = address_lines(application.get("address") or notice.context.get("address"))
    if not lines:
        raise MissingAddress(f"notice {notice.public_id} has no mailing address")
    members = application.get("members") or []
    first = members[0] if members else ""
    recipient = (application.get("contact") or {}).get("name") or (
        first.get("name", "") if isinstance(first, dict) else str(first)
    )
    reference = mail_house().send(
        MailPiece(
            reference=str(notice.public_id),
            recipient=recipient,
            address_lines=lines,
            pdf=bytes(notice.pdf),
            pages=notice.page_count,
        )
    )
    Notice.objects.filter(pk=notice.pk).update(mailed_at=timezone.now(), mail_reference=reference)
    audit.record("notice.mailed", actor_label="worker", obj=notice, reference=reference)


@handler(EMAIL_JOB)
def email_job(payload: dict) -> None:
    """Send the e-mail once: the notice row is locked and stamped in the job's transaction,
    so a second run (a retried or repeated job) finds it sent and does nothing."""
    notice = Notice.objects.select_for_update().get(public_id=payload["notice"])
    user = notice.user
    if notice.emailed_at is not None or not user.email:
        return
    email.send_new_notice(user.email, user.preferred_language or notice.language)
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    audit.record("notice.emailed", actor_label="worker", obj=notice, language=notice.language)
