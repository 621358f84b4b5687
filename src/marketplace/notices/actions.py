"""Issuing notices: one action, one transaction, one audit row, side effects queued in it.

`issue_notice` is the contract the application and verification code call (design.md
section 1; docs/adr/0700-notices-and-verification.md).
"""

from __future__ import annotations

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.jobs.queue import enqueue
from marketplace.notices.content import BUILDERS
from marketplace.notices.models import Notice, NoticeStatus

RENDER_JOB = "notices.render"
MAIL_JOB = "notices.mail"
EMAIL_JOB = "notices.email"


def issue_notice(
    *,
    user,
    kind: str,
    context: dict,
    language: str,
    actor=None,
    related_object=None,
) -> Notice:
    """Create the notice and queue its PDF rendering in the caller's transaction, with its
    printing and mailing for people who chose paper (45 CFR 155.230(c)), or the "you have a
    new notice" e-mail for people who chose electronic notices (155.230(d); 42 CFR
    435.918(b)(4))."""
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
    paper = getattr(user, "notice_preference", "electronic") == "paper"
    with transaction.atomic():
        notice = Notice.objects.create(
            user=user,
            kind=kind,
            language=language,
            context=snapshot,
            paper=paper,
            related_type=type(related_object).__name__ if related_object is not None else "",
            related_id=str(getattr(related_object, "pk", "") or ""),
        )
        if clock.is_moved():  # auto_now_add stamps the real time; the notice keeps the clock's
            notice.created_at = clock.now()
            Notice.objects.filter(pk=notice.pk).update(created_at=notice.created_at)
        key = str(notice.public_id)
        enqueue(RENDER_JOB, {"notice": key}, dedupe_key=f"{RENDER_JOB}:{key}")
        if paper:
            enqueue(MAIL_JOB, {"notice": key}, dedupe_key=f"{MAIL_JOB}:{key}")
        elif getattr(user, "email", ""):
            enqueue(EMAIL_JOB, {"notice": key}, dedupe_key=f"{EMAIL_JOB}:{key}")
        audit.record(
            "notice.issued",
            actor=actor,
            actor_label="" if actor else "system",
            obj=notice,
            kind=kind,
            language=language,
            paper=paper,
        )
    return notice


def mark_failed(notice: Notice, error: str) -> None:
    Notice.objects.filter(pk=notice.pk, status=NoticeStatus.QUEUED).update(
        status=NoticeStatus.FAILED, error=error[:2000]
    )
