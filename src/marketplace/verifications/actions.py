"""Verification actions: each runs in one transaction, writes an audit row and queues its
side effects (notices, retries, reminders) in the same transaction (design.md section 1).

The application's submit action calls `start_verifications` (which also calls
`refer_to_medicaid`, so one call covers both); pages call `items_for`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.audit import log as audit
from marketplace.dataservices.registry import services
from marketplace.jobs.queue import enqueue
from marketplace.notices.actions import issue_notice
from marketplace.verifications import checks
from marketplace.verifications.deadlines import REMINDER_DAYS, due_date
from marketplace.verifications.models import (
    ItemStatus,
    VerificationDocument,
    VerificationItem,
)
from marketplace.verifications.transfer import refer_to_medicaid

RETRY_JOB = "verifications.retry"
REMIND_JOB = "verifications.remind"
EXPIRE_JOB = "verifications.expire"
RETRY_DELAYS = [timedelta(hours=1), timedelta(hours=4), timedelta(hours=12), timedelta(days=1)]


def ordered_members(application) -> list:
    """Members in the order of the determination's members (the applicant first), the order
    `applications.rules_input.build` uses."""
    return sorted(
        application.members.all(), key=lambda m: (m.relationship != "self", m.position, m.pk)
    )


def items_for(application):
    """The application's verification items, soonest due first (for the dashboard)."""
    return VerificationItem.objects.filter(application=application).select_related("member")


def _at_local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(6, 0)))


def _notice_context(application, items) -> dict:
    return {
        "application": {
            "public_id": str(application.public_id),
            "members": [m.name for m in ordered_members(application)],
            "address": {
                "street": application.street,
                "city": application.city,
                "state": application.state,
                "zipcode": application.zipcode,
            },
        },
        "items": [
            {
                "public_id": str(item.public_id),
                "type": item.type,
                "member_name": item.member_name,
                "due_date": item.due_date.isoformat(),
            }
            for item in items
        ],
    }


def _request_documents(application, items, *, actor=None, reminder=False):
    owner = application.owner
    return issue_notice(
        user=owner,
        kind="verification_reminder" if reminder else "verification_request",
        context=_notice_context(application, items),
        language=getattr(owner, "preferred_language", "en") or "en",
        actor=actor,
        related_object=application,
    )


def _schedule(item: VerificationItem) -> None:
    key = str(item.public_id)
    opened = timezone.localdate(item.opened_at)
    for day in REMINDER_DAYS:
        enqueue(
            REMIND_JOB,
            {"item": key, "day": day},
            dedupe_key=f"{REMIND_JOB}:{key}:{day}",
            run_after=_at_local_midnight(opened + timedelta(days=day)),
        )
    enqueue(
        EXPIRE_JOB,
        {"item": key},
        dedupe_key=f"{EXPIRE_JOB}:{key}",
        run_after=_at_local_midnight(item.due_date + timedelta(days=1)),
    )
    if item.awaiting_service:
        _schedule_retry(item)


def _schedule_retry(item: VerificationItem) -> None:
    delay = RETRY_DELAYS[min(item.service_attempts - 1, len(RETRY_DELAYS) - 1)]
    enqueue(
        RETRY_JOB,
        {"item": str(item.public_id)},
        dedupe_key=f"{RETRY_JOB}:{item.public_id}:{item.service_attempts}",
        run_after=timezone.now() + delay,
    )


def start_verifications(application, determination, actor=None) -> list[VerificationItem]:
    """Verify the attested facts by data matching (45 CFR 155.315, 155.320) and open an item
    for each inconsistency, with its due date; refer Medicaid/CHIP-eligible members to the
    state agency (155.302(b)). Call inside the submission's transaction."""
    data = services()
    members = ordered_members(application)
    result_members = determination.result.get("members", [])
    findings: list[checks.Finding] = []
    filers = []
    for index, member in enumerate(members):
        findings += checks.check_identity(data, index, member)
        outcome = result_members[index] if index < len(result_members) else {}
        if outcome.get("aptc"):
            findings += checks.check_coverage(data, index, member)
        if member.relationship in ("self", "spouse") or member.tax_role in ("filer", "joint"):
            filers.append((index, member))
    if any(m.get("aptc") or m.get("csr") for m in result_members):
        attested = Decimal(str(determination.input_snapshot.get("income", 0) or 0))
        year = int(determination.result.get("year") or application.coverage_year) - 2
        findings += checks.check_income(data, filers, attested, year)

    opened = timezone.now()
    items = []
    with transaction.atomic():
        for finding in findings:
            member = members[finding.member_index] if finding.member_index is not None else None
            item = VerificationItem.objects.create(
                application=application,
                determination=determination,
                member=member,
                member_name=member.name if member else "",
                type=finding.type,
                awaiting_service=finding.unavailable,
                detail=finding.detail[:300],
                service_reference=finding.reference,
                opened_at=opened,
                due_date=due_date(timezone.localdate(opened)),
            )
            _schedule(item)
            audit.record(
                "verification.opened",
                actor=actor,
                obj=item,
                type=item.type,
                awaiting_service=item.awaiting_service,
                due_date=item.due_date.isoformat(),
            )
            items.append(item)
        needing = [item for item in items if item.needs_action]
        if needing:
            _request_documents(application, needing, actor=actor)
        refer_to_medicaid(application, determination, actor=actor)
    return items


def submit_document(item: VerificationItem, upload, *, user, ip_address=None):
    """The person sends a document for an open item (155.315(f)(1)(ii))."""
    with transaction.atomic():
        item = VerificationItem.objects.select_for_update().get(pk=item.pk)
        if item.status != ItemStatus.OPEN:
            raise ValueError("This item is not waiting for a document.")
        document = VerificationDocument(
            item=item,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        document.file.save("upload", upload, save=False)
        document.save()
        item.move_to(ItemStatus.DOCUMENT_SUBMITTED)
        item.save(update_fields=["status", "closed_at"])
        audit.record(
            "verification.document_submitted",
            actor=user,
            obj=item,
            ip_address=ip_address,
            document=str(document.public_id),
            size=document.size,
        )
    return document


def review(item: VerificationItem, *, reviewer, verified: bool, reason: str, ip_address=None):
    """A caseworker accepts the document (the item is verified) or rejects it with a reason
    the person sees (the item opens again until its due date)."""
    if not reason.strip():
        raise ValueError("A review needs a reason.")
    with transaction.atomic():
        item = VerificationItem.objects.select_for_update().get(pk=item.pk)
        item.move_to(ItemStatus.VERIFIED if verified else ItemStatus.OPEN)
        item.reviewer = reviewer
        item.reviewed_at = timezone.now()
        item.review_reason = reason.strip()
        item.save()
        audit.record(
            "verification.verified" if verified else "verification.rejected",
            actor=reviewer,
            obj=item,
            ip_address=ip_address,
            reason=reason.strip()[:500],
        )
    return item


def retry(item: VerificationItem) -> VerificationItem:
    """Ask the service again for an item opened while it was unavailable."""
    if item.is_closed or not item.awaiting_service:
        return item
    data = services()
    member = item.member
    if member is None:
        return item
    index = 0
    if item.type in ("ssn", "citizenship", "immigration"):
        findings = checks.check_identity(data, index, member)
    elif item.type == "mec":
        findings = checks.check_coverage(data, index, member)
    else:
        determination = item.determination
        attested = Decimal(str(determination.input_snapshot.get("income", 0) or 0))
        year = int(determination.result.get("year")) - 2
        filers = [
            (i, m)
            for i, m in enumerate(ordered_members(item.application))
            if m.relationship in ("self", "spouse") or m.tax_role in ("filer", "joint")
        ]
        findings = checks.check_income(data, filers, attested, year)
    same = [f for f in findings if f.type == item.type]
    with transaction.atomic():
        item.service_attempts += 1
        if not same:
            if item.status == ItemStatus.OPEN or item.status == ItemStatus.DOCUMENT_SUBMITTED:
                item.move_to(ItemStatus.RESOLVED_BY_RETRY)
            item.awaiting_service = False
            item.detail = "Verified when the service answered."
            audit.record("verification.resolved_by_retry", actor_label="worker", obj=item)
        elif same[0].unavailable:
            _schedule_retry(item)
            audit.record("verification.retry_unavailable", actor_label="worker", obj=item)
        else:
            item.awaiting_service = False
            item.detail = same[0].detail[:300]
            item.service_reference = same[0].reference
            audit.record("verification.retry_mismatch", actor_label="worker", obj=item)
            if item.status == ItemStatus.OPEN:
                _request_documents(item.application, [item])
        item.save()
    return item


def remind(item: VerificationItem, day: int):
    """Day 30/60/85 reminder while the person still has to send something."""
    if not item.needs_action or item.due_date < timezone.localdate():
        return None
    notice = _request_documents(item.application, [item], reminder=True)
    audit.record("verification.reminded", actor_label="worker", obj=item, day=day)
    return notice


def expire(item: VerificationItem) -> VerificationItem:
    """155.315(f)(5): an item still open after its due date expires; the eligibility
    redetermination that follows reads this status."""
    if item.status != ItemStatus.OPEN or item.due_date >= timezone.localdate():
        return item
    with transaction.atomic():
        item.move_to(ItemStatus.EXPIRED)
        item.save(update_fields=["status", "closed_at"])
        audit.record("verification.expired", actor_label="worker", obj=item)
    return item
