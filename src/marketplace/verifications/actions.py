"""Verification actions: each runs in one transaction, writes an audit row and queues its
side effects (notices, retries, reminders) in the same transaction (docs/architecture.md).

The application's submit action calls `start_verifications` (which also calls
`refer_to_medicaid`, so one call covers both); pages call `items_for`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from marketplace.applications.models import Application
from marketplace.applications.rules_input import ftr_asked_again, ordered_members
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action
from marketplace.dataservices.registry import services
from marketplace.enrollment import actions as enrollment_actions
from marketplace.enrollment import dates
from marketplace.enrollment.models import Enrollment
from marketplace.jobs.queue import enqueue
from marketplace.notices.actions import issue_notice
from marketplace.verifications import checks, expiry, expiry_notice
from marketplace.verifications.deadlines import REMINDER_DAYS, due_date
from marketplace.verifications.models import (
    CloseReason,
    ItemStatus,
    ItemType,
    VerificationDocument,
    VerificationItem,
)
from marketplace.verifications.transfer import refer_new_to_medicaid, refer_to_medicaid

RETRY_JOB = "verifications.retry"
REMIND_JOB = "verifications.remind"
EXPIRE_JOB = "verifications.expire"
RETRY_DELAYS = [timedelta(hours=1), timedelta(hours=4), timedelta(hours=12), timedelta(days=1)]
# Items a new submission carries over or supersedes: the person may still act on them.
STILL_PENDING = (ItemStatus.OPEN, ItemStatus.DOCUMENT_SUBMITTED)


def items_for(application):
    """The application's verification items, soonest due first (for the dashboard)."""
    return VerificationItem.objects.filter(application=application).select_related("member")


def _at_local_midnight(day) -> datetime:
    """The morning of `day` on the exchange's clock (the job queue runs on the same clock)."""
    return clock.at(day, 6)


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
    """Reminders on days 30, 60 and 85 after the request notice and the expiry the day after
    the due date. Each job carries the due date it was scheduled for (and has it in its
    dedupe key), so when documents are requested again with a new due date (a retry that
    finds a mismatch) the new jobs are queued and the earlier ones do nothing: `remind`
    skips a job scheduled for another due date, `expire` an item not yet past due."""
    for kind, payload, dedupe_key, run_after in scheduled_jobs(item):
        enqueue(kind, payload, dedupe_key=dedupe_key, run_after=run_after)
    if item.awaiting_service:
        _schedule_retry(item)


def scheduled_jobs(item: VerificationItem) -> list[tuple[str, dict, str, datetime]]:
    """The reminder and expiry jobs of `_schedule` (kind, payload, dedupe key, run after),
    for a batch that writes them itself (verifications/renewal.py)."""
    key = str(item.public_id)
    due = item.due_date.isoformat()
    start = item.requested_on or clock.local_date(item.opened_at)
    today = clock.today()
    jobs = []
    for day in REMINDER_DAYS:
        if start + timedelta(days=day) < today:
            continue  # an extension (`extend_deadline`): that reminder's day has passed
        jobs.append(
            (
                REMIND_JOB,
                {"item": key, "day": day, "due": due},
                f"{REMIND_JOB}:{key}:{due}:{day}",
                _at_local_midnight(start + timedelta(days=day)),
            )
        )
    jobs.append(
        (
            EXPIRE_JOB,
            {"item": key, "due": due},
            f"{EXPIRE_JOB}:{key}:{due}",
            _at_local_midnight(item.due_date + timedelta(days=1)),
        )
    )
    return jobs


def _start_resolution_period(item: VerificationItem, on: date) -> None:
    """Documents are asked for by a notice dated `on`: the person has 90 days from receiving
    it, presumed 5 days after its date (45 CFR 155.315(f)(2)(ii)), so the due date, the
    reminders and the expiry run from `on`. The caller issues the notice and saves."""
    item.awaiting_service = False
    item.requested_on = on
    item.due_date = due_date(on)
    item.reminded_day = 0
    _schedule(item)


MAX_EXTENSION_DAYS = 90


class ExtensionRefused(ValueError):
    """`extend_deadline` cannot extend this item; `code` says why (the page's message)."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


@atomic_action
def extend_deadline(
    item: VerificationItem,
    *,
    days: int,
    reason: str,
    actor,
    ip_address=None,
    today: date | None = None,
) -> VerificationItem:
    """A caseworker gives the person `days` more days to send documents, because they show
    a good-faith effort to obtain them (45 CFR 155.315(f)(3): the exchange may extend the
    period of (f)(2)(ii)). In one transaction: the new due date (the old one + `days`), its
    reminder and expiry jobs (`_schedule`: the jobs carry the due date they were made for,
    so the earlier schedule does nothing), an audit row, and a notice to the person in
    their language with the new date and the reason.

    Refused (`ExtensionRefused`) for an item that is closed (verified, expired,
    superseded...), still waiting for a data service (no period has started) or already
    past its due date (the period is over; the expiry runs), for a number of days outside
    1-90 and for an empty reason (the person sees it)."""
    reason = (reason or "").strip()
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ExtensionRefused("days", f"days must be from 1 to {MAX_EXTENSION_DAYS}")
    if not reason:
        raise ExtensionRefused("reason", "an extension needs a reason the person sees")
    today = today or clock.today()
    # The lock order of `expire` (the application, then its items): an extension and
    # the expiry job of the same day cannot both win.
    application = Application.objects.select_for_update().get(pk=item.application_id)
    item = VerificationItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if not item.is_pending:
        raise ExtensionRefused("not_open", f"the item is {item.status}")
    if item.awaiting_service:
        raise ExtensionRefused("awaiting_service", "no document was asked for yet")
    if item.due_date < today:
        raise ExtensionRefused("past_due", f"the due date {item.due_date} has passed")
    previous = item.due_date
    item.due_date = previous + timedelta(days=days)
    item.extended_on = today
    item.extension_reason = reason[:1000]
    _schedule(item)
    item.save()
    audit.record(
        "verification.extended",
        actor=actor,
        obj=item,
        ip_address=ip_address,
        days=days,
        previous_due_date=previous.isoformat(),
        due_date=item.due_date.isoformat(),
        reason=reason[:500],
    )
    _notify_extension(application, item, days, previous, reason, actor)
    return item


def _notify_extension(application, item, days: int, previous: date, reason: str, actor) -> None:
    """The notice of an extension (45 CFR 155.315(f)(3)) in the person's language: the days
    given, the old and new due dates and the reason."""
    owner = application.owner
    context = _notice_context(application, [item])
    context["extension"] = {
        "days": days,
        "previous_due_date": previous.isoformat(),
        "due_date": item.due_date.isoformat(),
        "reason": reason[:1000],
    }
    issue_notice(
        user=owner,
        kind="verification_extension",
        context=context,
        language=getattr(owner, "preferred_language", "en") or "en",
        actor=actor,
        related_object=application,
    )


def _schedule_retry(item: VerificationItem) -> None:
    delay = RETRY_DELAYS[min(item.service_attempts - 1, len(RETRY_DELAYS) - 1)]
    enqueue(
        RETRY_JOB,
        {"item": str(item.public_id)},
        dedupe_key=f"{RETRY_JOB}:{item.public_id}:{item.service_attempts}",
        run_after=clock.now() + delay,
    )


def findings_for(application, determination, members) -> list[checks.Finding]:
    """What the data services do not confirm (45 CFR 155.315, 155.320), for `members` in
    the determination's order (`ordered_members`): no database writes."""
    data = services()
    findings: list[checks.Finding] = []
    for index, member in enumerate(members):
        findings += checks.check_identity(data, index, member)
        findings += _coverage_findings(data, determination, index, member)
    findings += _income_findings(data, application, determination, members)
    return checks.to_open(findings)


def financial_help(determination) -> bool:
    """Whether `determination` gives anybody APTC or CSR: only then is the household's income
    checked against tax data (`findings_for`, 45 CFR 155.320(c))."""
    return any(m.get("aptc") or m.get("csr") for m in determination.result.get("members", []))


def _coverage_findings(data, determination, index: int, member) -> list[checks.Finding]:
    """Other minimum essential coverage, checked for a member who gets APTC (155.320(b))."""
    result_members = determination.result.get("members", [])
    outcome = result_members[index] if index < len(result_members) else {}
    return checks.check_coverage(data, index, member) if outcome.get("aptc") else []


def _income_findings(data, application, determination, members) -> list[checks.Finding]:
    """Household income against tax data (155.320(c)(1), (c)(3)) when anybody gets APTC or
    CSR: the attested income of the determination's facts, the tax year two before its plan
    year."""
    if not financial_help(determination):
        return []
    attested = Decimal(str(determination.input_snapshot.get("income", 0) or 0))
    year = int(determination.result.get("year") or application.coverage_year) - 2
    return checks.check_income(data, checks.income_filers(members), attested, year)


def verify_restored_credit(
    application, before, determination, *, actor=None, today: date | None = None
) -> list[VerificationItem]:
    """A redetermination that restores financial help denied for a failure to file and
    reconcile (45 CFR 155.305(f)(4)): `before`, the determination it follows, named the tax
    years and gave nobody APTC or CSR, and `determination` gives some, because the IRS now
    reports the tax filer filed and reconciled (a verification deadline, ADR 0110; an appeal
    decision carried out, ADR 0111); a reported change, the household's attestation among
    them (ADR 0106), goes through `verify_reported_change`, which covers it. The income the
    credit rests on was never checked against tax data, nor anybody's other coverage:
    submission checks them only for financial help (`findings_for`). They are checked now
    through the same functions (155.320(b), (c)(1), (c)(3)): an income attestation not
    reasonably compatible with the tax data (or none, where the rule in force says verify;
    or no answer) opens an income item as at submission, with its deadline, reminders,
    expiry and the request for documents (155.320(c)(3)(vi), 155.315(f)); the attestation
    stands meanwhile (155.315(f)(4)). An inconsistency already pending (the same type and
    member) is not opened again but carried over: its own 90 days run (`_settle`). Call in
    the redetermination's transaction; returns the items open now."""
    denied_for_ftr = bool(before.input_snapshot.get("ftr_tax_years"))
    if not denied_for_ftr or financial_help(before) or not financial_help(determination):
        return []
    data = services()
    members = ordered_members(application)
    findings = [
        finding
        for index, member in enumerate(members)
        for finding in _coverage_findings(data, determination, index, member)
    ]
    findings += _income_findings(data, application, determination, members)
    found = _with_members(checks.to_open(findings), members)
    checked = {_key(finding.type, member.pk if member else None) for finding, member in found}
    return _settle(application, determination, checked, found, actor=actor, today=today)


IDENTITY = (ItemType.SSN.value, ItemType.CITIZENSHIP.value, ItemType.IMMIGRATION.value)


def verify_reported_change(
    application,
    before,
    determination,
    *,
    identity_of=None,
    coverage_of=None,
    actor=None,
    today: date | None = None,
) -> list[VerificationItem]:
    """A reported change verified as an application is (45 CFR 155.330(c)(1): the Exchange
    must verify information an enrollee reports "in accordance with the processes specified
    in §§155.315 and 155.320 prior to using such information in an eligibility
    determination"). The attestation stands while an inconsistency is resolved (155.315(f)(4),
    155.320(c)(3)(vi)), so `determination`, made from the change, is used meanwhile. Only what
    the change touched is asked of the data services:

    - the identity facts (SSN, citizenship, immigration status; 155.315(b), (c)) of
      `identity_of`, a person the change adds or whose immigration status changed;
    - other minimum essential coverage (155.320(b)) of `coverage_of` (a person who reports
      gaining or losing coverage) and of each member whose APTC the change gave or ended
      (`_aptc_changed`);
    - household income against tax data (155.320(c)(1), (c)(3)) when the attested income
      changed or the household newly gets (or no longer gets) APTC or CSR: a credit restored
      after a failure to file and reconcile among them (ADR 0111).

    Against the items still pending for what was checked, as at a new submission
    (`_carry_over_or_supersede`): one found again is carried over with its due date (the 90
    days run from the notice about that inconsistency, 155.315(f)(2)(ii)); one no longer
    found (the data now agree, or the fact no longer decides any help) is closed as
    superseded by the change. A new inconsistency opens an item with its jobs, and one
    request for documents lists what is asked now. Call in the change's transaction."""
    members = ordered_members(application)
    data = services()
    checked: set[tuple] = set()
    findings: list[checks.Finding] = []
    if identity_of is not None:
        index = [m.pk for m in members].index(identity_of.pk)
        checked |= {_key(kind, identity_of.pk) for kind in IDENTITY}
        findings += checks.check_identity(data, index, members[index])
    for index in _aptc_changed(before, determination, members, coverage_of):
        checked.add(_key(ItemType.MEC.value, members[index].pk))
        findings += _coverage_findings(data, determination, index, members[index])
    attested = determination.input_snapshot.get("income")
    if financial_help(before) != financial_help(determination) or attested != (
        before.input_snapshot.get("income")
    ):
        checked.add(_key(ItemType.INCOME.value, None))
        findings += _income_findings(data, application, determination, members)
    found = _with_members(checks.to_open(findings), members)
    return _settle(application, determination, checked, found, actor=actor, today=today)


def _aptc_changed(before, determination, members, also=None) -> list[int]:
    """Indexes (in `members`, the determination's order) of the members whose APTC
    `determination` gave or ended against `before`, matched by name (a name the household
    holds twice counts as changed: checked rather than missed), and of `also`."""
    earlier: dict[str, bool] = {}
    people = before.input_snapshot.get("people") or []
    for person, outcome in zip(people, before.result.get("members", []), strict=False):
        name = person.get("name", "")
        earlier[name] = None if name in earlier else bool(outcome.get("aptc"))
    now = determination.result.get("members", [])
    return [
        index
        for index, member in enumerate(members)
        if (also is not None and member.pk == also.pk)
        or (index < len(now) and earlier.get(member.name) != bool(now[index].get("aptc")))
    ]


def _with_members(findings, members) -> list[tuple]:
    """(finding, the member it is about, or None for the household's income)."""
    return [
        (finding, members[finding.member_index] if finding.member_index is not None else None)
        for finding in findings
    ]


def _settle(application, determination, checked: set, found: list, *, actor, today=None):
    """The `found` (finding, member) pairs of a redetermination's checks against the items
    still pending for the `checked` keys (`_key`): carried over when found again, closed
    when not (see `verify_reported_change`), opened when new, with one request for what is
    asked now. Returns the items open now."""
    today = today or clock.today()
    wanted = {}
    for finding, member in found:
        wanted.setdefault(_key(finding.type, member.pk if member else None), (finding, member))
    earlier = (
        VerificationItem.objects.select_for_update(of=("self",))
        .filter(application=application, status__in=STILL_PENDING)
        .exclude(type=ItemType.SEP)
        .order_by("due_date", "id")
    )
    items, asked, carried = [], [], set()
    for item in earlier:
        key = _key(item.type, item.member_id)
        if key not in checked:
            continue
        if key in carried or key not in wanted:
            reason = CloseReason.DUPLICATE if key in carried else CloseReason.CHANGE_REPORTED
            _supersede(item, determination, reason, actor=actor)
            continue
        carried.add(key)
        items.append(item)
        if _carry_over(item, wanted.pop(key)[0], determination, today, actor=actor):
            asked.append(item)
    opened = clock.now()
    for finding, member in wanted.values():
        item = _open(application, determination, member, finding, opened, today, actor=actor)
        items.append(item)
        if item.needs_action:
            asked.append(item)
    if asked:
        _request_documents(application, asked, actor=actor)
    return items


def start_verifications_for_new(submitted, actor=None) -> None:
    """`start_verifications` for a batch of first submissions (applications/batch.py):
    `submitted` holds (application, determination, members in the determination's order).
    A first submission has no earlier items, so one whose facts the data services all
    confirm opens nothing and only refers its Medicaid/CHIP members (the referrals of the
    whole batch written at once); one with findings goes through `start_verifications`."""
    confirmed = []
    for application, determination, members in submitted:
        if findings_for(application, determination, members):
            start_verifications(application, determination, actor=actor)
        else:
            confirmed.append((application, determination, members))
    refer_new_to_medicaid(confirmed, actor=actor)


def start_verifications(application, determination, actor=None) -> list[VerificationItem]:
    """Verify the attested facts by data matching (45 CFR 155.315, 155.320) and open an item
    for each inconsistency, with its due date; refer Medicaid/CHIP-eligible members to the
    state agency (155.302(b)). Call inside the submission's transaction."""
    members = ordered_members(application)
    findings = findings_for(application, determination, members)
    opened = clock.now()
    today = opened.date()
    items: list[VerificationItem] = []
    # Inside the submission's or renewal's transaction (a savepoint): that whole
    # transaction is what runs again after a deadlock (applications.actions._submit, ADR 1704).
    with transaction.atomic():
        earlier = list(
            VerificationItem.objects.select_for_update(of=("self",))
            .filter(application=application, status__in=STILL_PENDING)
            .exclude(type=ItemType.SEP)  # a period's documents: not a fact of the application
            .select_related("member")
            .order_by("due_date", "id")
        )
        carried, asked_now = _carry_over_or_supersede(
            earlier, findings, members, determination, today, actor=actor
        )
        for position, finding in enumerate(findings):
            if position in carried:
                items.append(carried[position])
                continue
            member = members[finding.member_index] if finding.member_index is not None else None
            item = _open(application, determination, member, finding, opened, today, actor=actor)
            items.append(item)
            if item.needs_action:
                asked_now.append(item)
        if asked_now:
            # One notice: what is asked for now, and what is still needed from before, each
            # with its own due date (a carried-over item keeps its date: 155.315(f)(2)(ii)).
            still = [i for i in items if i.needs_action and i not in asked_now]
            _request_documents(application, [*asked_now, *still], actor=actor)
        refer_to_medicaid(application, determination, actor=actor)
    return items


def _open(
    application, determination, member, finding, opened: datetime, today: date, *, actor
) -> VerificationItem:
    """An item for `finding`, with its audit row and its reminder and expiry jobs (or a
    retry while the service did not answer): documents are asked for from the day it opens,
    due 90 days from the notice plus 5 for the mail (155.315(f)(2)(ii)). The caller sends
    the request notice."""
    item = VerificationItem.objects.create(
        application=application,
        determination=determination,
        member=member,
        member_name=member.name if member else "",
        type=finding.type,
        awaiting_service=finding.unavailable,
        detail=finding.detail[:300],
        service_reference=finding.reference,
        data_income=finding.data_income,
        opened_at=opened,
        requested_on=None if finding.unavailable else today,
        due_date=due_date(today),
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
    return item


def _key(item_type: str, member_pk) -> tuple:
    """Which inconsistency an item is about: household income is one per application; the
    others belong to one member."""
    return (item_type,) if item_type == "income" else (item_type, member_pk)


def _carry_over_or_supersede(
    earlier: list[VerificationItem], findings, members, determination, today: date, *, actor
) -> tuple[dict[int, VerificationItem], list[VerificationItem]]:
    """A new submission against the items still pending from an earlier one.

    An item whose inconsistency the new checks find again (same person, same type) is
    carried over: it keeps its due date, because the 90 days run from the notice about that
    inconsistency (45 CFR 155.315(f)(2)(ii)) and a new submission of the same facts does
    not restart them (only an extension for a good-faith effort, 155.315(f)(3), would).
    Its data-source answer and determination are brought up to date. An item that was
    waiting for a data service and now mismatches is asked for today (its period starts
    now). Every other pending item is closed as `superseded`: the new attestation needs no
    documents (the data now match, or the fact is no longer checked), or the person is no
    longer on the application. Superseded items are closed, so their reminder, retry and
    expiry jobs do nothing.

    Returns ({finding position: carried item}, [carried items asked for documents now])."""
    present = {m.pk for m in members}
    wanted = {
        _key(f.type, members[f.member_index].pk if f.member_index is not None else None): n
        for n, f in enumerate(findings)
    }
    carried: dict[int, VerificationItem] = {}
    asked_now: list[VerificationItem] = []
    for item in earlier:
        position = wanted.get(_key(item.type, item.member_id))
        if item.type != "income" and item.member_id not in present:
            _supersede(item, determination, CloseReason.MEMBER_REMOVED, actor=actor)
        elif position is None:
            _supersede(item, determination, CloseReason.RESUBMITTED, actor=actor)
        elif position in carried:
            _supersede(item, determination, CloseReason.DUPLICATE, actor=actor)
        else:
            carried[position] = item
            if _carry_over(item, findings[position], determination, today, actor=actor):
                asked_now.append(item)
    return carried, asked_now


def _carry_over(item: VerificationItem, finding, determination, today: date, *, actor) -> bool:
    """Bring a carried-over item up to date with the new finding and determination; True
    when it was waiting for a data service and is asked for documents now (its period
    starts today, 45 CFR 155.315(f)(2)(ii))."""
    previous = item.determination_id
    asked = False
    if not finding.unavailable:
        item.detail = finding.detail[:300]
        item.service_reference = finding.reference
        item.data_income = finding.data_income
        if item.awaiting_service and item.status == ItemStatus.OPEN:
            _start_resolution_period(item, today)
            asked = True
        item.awaiting_service = False
    item.determination = determination
    item.save()
    audit.record(
        "verification.carried_over",
        actor=actor,
        obj=item,
        type=item.type,
        determination=str(determination.public_id),
        previous_determination_id=previous,
        awaiting_service=item.awaiting_service,
        due_date=item.due_date.isoformat(),
        requested_now=asked,
    )
    return asked


def _supersede(item: VerificationItem, determination, reason: str, *, actor=None) -> None:
    item.move_to(ItemStatus.SUPERSEDED)
    item.superseded_by = determination
    item.close_reason = reason
    item.save()
    audit.record(
        "verification.superseded",
        actor=actor,
        obj=item,
        type=item.type,
        reason=reason,
        determination=str(determination.public_id),
        due_date=item.due_date.isoformat(),
    )


def submit_document(item: VerificationItem, upload, *, user, ip_address=None):
    """The person sends a document for an open item (155.315(f)(1)(ii))."""
    # Not run again after a deadlock (ADR 1704): the document's file is written to storage
    # inside this transaction, and a run again would write a second file beside the first.
    # A deadlock here answers 409 (ADR 0816), and the person sends the file again.
    with transaction.atomic():
        item = VerificationItem.objects.select_for_update().get(pk=item.pk)
        if item.status != ItemStatus.OPEN:
            raise ValueError("This item is not waiting for a document.")
        document = VerificationDocument(
            item=item,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=user,
            uploaded_at=clock.now(),
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


@atomic_action
def review(item: VerificationItem, *, reviewer, verified: bool, reason: str, ip_address=None):
    """A caseworker accepts the document (the item is verified) or rejects it with a reason
    the person sees (the item opens again until its due date)."""
    if not reason.strip():
        raise ValueError("A review needs a reason.")
    item = VerificationItem.objects.select_for_update().get(pk=item.pk)
    item.move_to(ItemStatus.VERIFIED if verified else ItemStatus.OPEN)
    item.reviewer = reviewer
    item.reviewed_at = clock.now()
    item.review_reason = reason.strip()
    item.save()
    audit.record(
        "verification.verified" if verified else "verification.rejected",
        actor=reviewer,
        obj=item,
        ip_address=ip_address,
        reason=reason.strip()[:500],
    )
    if verified and item.type == ItemType.SEP:
        for enrollment in _pended(item.application_id):
            enrollment_actions.release_pended(enrollment, actor=reviewer, ip_address=ip_address)
    return item


# --- Special enrollment periods (45 CFR 155.420(g)) -----------------------------------------

#: Days a person has to send the documents of a special enrollment period after choosing a
#: plan through it (HealthCare.gov asks within 30 days); the enrollment is held meanwhile.
SEP_DOCUMENT_DAYS = 30


def _pended(application_id) -> list:
    return list(
        Enrollment.objects.filter(application_id=application_id, pended=True).order_by("id")
    )


def open_for_special_period(enrollment, *, event: str, actor=None) -> VerificationItem:
    """A new enrollment through a special enrollment period whose event is checked before
    coverage starts (45 CFR 155.420(g); aca_rules/sep/events.yaml `verify_before_coverage`)
    is held (`Enrollment.pended`): one item asks for the documents of the event `event`
    (its code), due in SEP_DOCUMENT_DAYS, with the request notice. Accepted
    (`review`): the enrollment goes to the issuer; not sent in time (`expire`): it is
    cancelled. Call inside the checkout's transaction."""
    today = clock.today()
    subscriber = enrollment.members.filter(is_subscriber=True).select_related("person").first()
    person = subscriber.person if subscriber is not None else None
    item = VerificationItem.objects.create(
        application_id=enrollment.application_id,
        determination=enrollment.determination,
        member=person,
        member_name=person.name if person else "",
        type=ItemType.SEP,
        detail=event[:300],
        opened_at=clock.now(),
        requested_on=today,
        due_date=today + timedelta(days=SEP_DOCUMENT_DAYS),
    )
    key, due = str(item.public_id), item.due_date.isoformat()
    enqueue(
        EXPIRE_JOB,
        {"item": key, "due": due},
        dedupe_key=f"{EXPIRE_JOB}:{key}:{due}",
        run_after=_at_local_midnight(item.due_date + timedelta(days=1)),
    )
    audit.record(
        "verification.opened",
        actor=actor,
        obj=item,
        type=item.type,
        due_date=due,
        policy=enrollment.policy_id,
    )
    _request_documents(enrollment.application, [item], actor=actor)
    return item


def _expire_special_period(item: VerificationItem, today: date) -> VerificationItem:
    """The documents of a special enrollment period were not accepted by the due date: the
    item expires and the held enrollment is cancelled, unsent (45 CFR 155.420(g))."""
    # Not an @atomic_action (ADR 1704): a verification job runs this in the job's own
    # transaction (jobs/queue.py), where it could only be a savepoint; the queue runs the job
    # again later after a deadlock, as after any failure.
    with transaction.atomic():
        item = VerificationItem.objects.select_for_update().get(pk=item.pk)
        if item.status != ItemStatus.OPEN or item.due_date >= today:
            return item
        item.move_to(ItemStatus.EXPIRED)
        item.save()
        audit.record("verification.expired", actor_label="worker", obj=item, type=item.type)
        for enrollment in _pended(item.application_id):
            enrollment_actions.cancel_pended(enrollment, reason="sep_not_verified")
    return item


def retry(item: VerificationItem, *, today: date | None = None) -> VerificationItem:
    """Ask the service again for an item opened while it was unavailable.

    Verified: the item resolves. Still unavailable: another retry is queued (the item stays
    open and never expires meanwhile, see `expire`). A mismatch: documents are asked for by
    a notice dated today, and the 95 days, the reminders and the expiry run from that
    notice (45 CFR 155.315(f)(2)(ii)), not from the day the item opened."""
    if item.is_closed or not item.awaiting_service:
        return item
    today = today or clock.today()
    data = services()
    member = item.member
    if member is None and item.type != "income":
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
        filers = checks.income_filers(ordered_members(item.application))
        findings = checks.check_income(data, filers, attested, year)
    same = [f for f in checks.to_open(findings) if f.type == item.type]
    # Not an @atomic_action (ADR 1704): it changes its argument in memory, in the job's own
    # transaction (jobs/queue.py), which the queue runs again later after a deadlock.
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
            item.detail = same[0].detail[:300]
            item.service_reference = same[0].reference
            item.data_income = same[0].data_income
            if item.status == ItemStatus.OPEN:
                _start_resolution_period(item, today)
                _request_documents(item.application, [item])
            item.awaiting_service = False
            audit.record(
                "verification.retry_mismatch",
                actor_label="worker",
                obj=item,
                requested_on=item.requested_on.isoformat() if item.requested_on else None,
                due_date=item.due_date.isoformat(),
            )
        item.save()
    return item


def remind(item: VerificationItem, day: int, *, due: str | None = None):
    """Day 30/60/85 reminder while the person still has to send something.

    Sends nothing for an item that is closed (verified, expired, superseded...), waiting for
    a data service or past due; for a job scheduled for another due date (`due`, from the
    job's payload: documents were asked for again since); or when this day's reminder, or
    a later one, was already sent (a job run twice)."""
    if not item.needs_action or item.due_date < clock.today():
        return None
    if due is None:  # a job queued before jobs carried their due date
        if item.due_date != due_date(clock.local_date(item.opened_at)):
            return None
    elif due != item.due_date.isoformat():
        return None
    if day <= item.reminded_day:
        return None
    notice = _request_documents(item.application, [item], reminder=True)
    item.reminded_day = day
    item.save(update_fields=["reminded_day"])
    audit.record(
        "verification.reminded",
        actor_label="worker",
        obj=item,
        day=day,
        due_date=item.due_date.isoformat(),
    )
    return notice


def expire(item: VerificationItem, *, today: date | None = None) -> VerificationItem:
    """An item still open after its due date expires, and eligibility is determined again
    from the data sources (45 CFR 155.315(f)(5); 155.320(c)(3)(vi)(F)-(G)), in ONE
    transaction with everything that follows:

    - every open item of the application past its due date expires together (one new
      determination, one notice, one set of 834s however many items fall due that day);
      items waiting for a data service stay open (the person was never asked: ADR 0700);
    - the data source is asked once more: an item it now verifies resolves instead
      (`resolved_by_retry`); when it does not answer, its earlier answer is used;
    - a NEW stored Determination (cause `verification_expired`) through the submission's
      engine path (`applications.determine.determine_and_store`) from the latest
      determination's facts with the unverified attestations replaced (`expiry.substitute`);
    - each active enrollment gets it through the enrollment's actions
      (`enrollment.redetermination.apply`: APTC change, or the end of a policy nobody on
      it is eligible for, each with its 834 in the outbox; 155.330(f)(1), 155.430(d)(3));
    - one "eligibility_change" notice (155.310(g), 155.230), by mail too for paper;
    - audit rows for each item, the redetermination and each enrollment change.

    Idempotent: an item that is not open (already expired, verified, resolved, superseded by
    a later submission) or not yet past due is returned as it is."""
    today = today or clock.today()
    if item.status != ItemStatus.OPEN or item.due_date >= today:
        return item
    if item.type == ItemType.SEP:
        return _expire_special_period(item, today)
    # Not an @atomic_action (ADR 1704): a verification job runs this in the job's own
    # transaction (jobs/queue.py), where it could only be a savepoint; the queue runs the job
    # again later after a deadlock, as after any failure.
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=item.application_id)
        due = list(
            VerificationItem.objects.select_for_update(of=("self",))
            .filter(application=application, status=ItemStatus.OPEN, due_date__lt=today)
            .exclude(type=ItemType.SEP)
            .select_related("member", "determination")
            .order_by("due_date", "id")
        )
        if not any(i.pk == item.pk for i in due):
            item.refresh_from_db()
            return item
        latest = application.determinations.first()
        expiring = _still_unverified(due, application, latest)
        if expiring:
            _expire_and_redetermine(application, latest, expiring, today)
    item.refresh_from_db()
    return item


def _still_unverified(due: list[VerificationItem], application, latest) -> list:
    """The items past due that expire: an item waiting for a data service stays open (the
    person was never asked, ADR 0700), one the data source verifies now resolves
    (`resolved_by_retry`, 45 CFR 155.315(f)(5)), and the rest expire."""
    expiring = []
    for candidate in due:
        if candidate.awaiting_service:
            audit.record(
                "verification.expiry_deferred",
                actor_label="worker",
                obj=candidate,
                reason="awaiting_service",
            )
        elif _verified_now(candidate, application, latest):
            candidate.move_to(ItemStatus.RESOLVED_BY_RETRY)
            candidate.detail = "Verified by the data source at the deadline."
            candidate.save()
            audit.record("verification.resolved_at_deadline", actor_label="worker", obj=candidate)
        else:
            expiring.append(candidate)
    return expiring


def _verified_now(item: VerificationItem, application, latest) -> bool:
    """Ask the data source once more (155.315(f)(5): "the information available from the
    data sources"). True when it now verifies the attestation; a newer income amount is kept
    on the item. A service that does not answer leaves the earlier answer standing."""
    data = services()
    member = item.member
    if item.type == "income":
        snapshot = (latest or item.determination).input_snapshot
        attested = Decimal(str(snapshot.get("income", 0) or 0))
        year = int(snapshot.get("year") or application.coverage_year) - 2
        findings = checks.check_income(
            data, checks.income_filers(ordered_members(application)), attested, year
        )
    elif member is None:
        return False  # nobody to ask about: the item expires as it stands
    elif item.type == "mec":
        findings = checks.check_coverage(data, 0, member)
    else:
        findings = checks.check_identity(data, 0, member)
    same = [f for f in checks.to_open(findings) if f.type == item.type]
    if not same:
        return True
    if same[0].unavailable:
        return False
    if item.type == "income":
        item.data_income = same[0].data_income
        item.detail = same[0].detail[:300]
    return False


def _trimmed(determination) -> dict:
    """What the notice compares: each member's programs, the household's APTC and CSR."""
    result, people = determination.result, determination.input_snapshot.get("people") or []
    return {
        "aptc": result.get("aptc"),
        "csr": result.get("csr"),
        "members": [
            {
                "name": m.get("name") or (people[i].get("name") if i < len(people) else ""),
                "seeking_coverage": bool(people[i].get("seeking_coverage", True))
                if i < len(people)
                else True,
                **{k: m.get(k) for k in ("medicaid", "chip", "qhp", "aptc", "csr")},
            }
            for i, m in enumerate(result.get("members") or [])
        ],
    }


def _expire_and_redetermine(application, latest, expiring: list, today: date) -> None:
    """Expire the items, redetermine from the latest determination with the data sources'
    facts in place of the unproven attestations, apply the result to the active policies,
    and send the eligibility-change notice (docs/adr/0701-verification-expiry.md)."""
    for expired in expiring:
        expired.move_to(ItemStatus.EXPIRED)
    determination, substitutions, followups, changes = None, [], [], []
    if latest is None:
        followups.append("No determination to start from: redetermine by hand.")
    else:
        data, substitutions, followups = _substituted_input(application, latest, expiring, today)
    if substitutions:
        determination = _redetermine(application, latest, data, expiring, substitutions)
        changes, policy_followups = _apply_to_policies(application, determination, today)
        followups += policy_followups
    _record_expired(expiring, determination, "\n".join(followups))
    if determination is not None:
        _notify_change(application, latest, determination, expiring, substitutions, changes, today)
        verify_restored_credit(application, latest, determination, today=today)  # ADR 0111


def _substituted_input(application, latest, expiring: list, today: date) -> tuple:
    """The latest determination's input with the data sources' facts for the expired items:
    (input, substitutions, follow-ups for casework)."""
    people = latest.input_snapshot.get("people") or []
    ordered = ordered_members(application)
    facts = [
        expiry.Expired(
            item=str(i.public_id),
            type=i.type,
            member_index=expiry.member_index(people, ordered, i.member),
            member_name=i.member_name,
            due_date=i.due_date,
            data_income=i.data_income,
        )
        for i in expiring
    ]
    followups = [
        f"{f.member_name or 'A member'} ({f.type}) is not in the latest determination "
        "any more: nothing was substituted for this item."
        for f in facts
        if f.member_index is None and f.type != "income"
    ]
    data, substitutions = expiry.substitute(
        latest.input_snapshot, facts, on=today, based_on=str(latest.public_id)
    )
    if substitutions:
        ftr_asked_again(application, ordered, data)  # ADR 0110
    return data, substitutions, followups


def _redetermine(application, latest, data: dict, expiring: list, substitutions: list):
    """The new determination, stored, with its audit row."""
    from marketplace.applications import determine as determining
    from marketplace.determinations.models import Cause

    determination = determining.determine_and_store(
        application, data, cause=Cause.VERIFICATION_EXPIRED
    )
    audit.record(
        "application.redetermined",
        actor_label="worker",
        obj=application,
        application=str(application.public_id),
        cause=Cause.VERIFICATION_EXPIRED,
        determination=str(determination.public_id),
        based_on=str(latest.public_id),
        items=[str(i.public_id) for i in expiring],
        substituted=[s["code"] for s in substitutions],
    )
    return determination


def _apply_to_policies(application, determination, today: date) -> tuple[list, list]:
    """The new determination on each active policy of its year: (changes, follow-ups)."""
    from marketplace.enrollment import redetermination as enrollment_change
    from marketplace.enrollment.actions import EnrollmentError

    changes, followups = [], []
    year = int(determination.result.get("year") or application.coverage_year)
    for enrollment in enrollment_change.active_enrollments(application, year):
        try:
            applied = enrollment_change.apply(enrollment, determination, notice_date=today)
        except EnrollmentError as exc:
            followups.append(f"Policy {enrollment.policy_id}: not changed ({exc.code}).")
            continue
        changes += applied.changes
        followups += applied.followups
    return changes, followups


def _record_expired(expiring: list, determination, note: str) -> None:
    for expired in expiring:
        expired.redetermination = determination
        expired.followup = note
        expired.save()
        audit.record(
            "verification.expired",
            actor_label="worker",
            obj=expired,
            determination=str(determination.public_id) if determination else None,
            followup=bool(note),
        )


def _notify_change(
    application, latest, determination, expiring, substitutions, changes, today: date
) -> None:
    """The eligibility-change notice: what expired, what was put in its place, the two
    results side by side and what changes on the policies; and the notice to a tax filer
    who is not the account holder when the new determination names their failure to file
    and reconcile (applications/ftr_notice.py, once: docs/adr/0108, 0109)."""
    from marketplace.applications import ftr_notice
    from marketplace.applications.effects import notice_context

    owner = application.owner
    context = notice_context(application, determination)
    context.pop("determination", None)  # the two trimmed results say what changed
    context.update(
        {
            "date": today.isoformat(),
            "year": application.coverage_year,
            "effective_date": dates.redetermination_effective(today).isoformat(),
            "items": [
                {"type": i.type, "member_name": i.member_name, "due_date": i.due_date.isoformat()}
                for i in expiring
            ],
            "substitutions": substitutions,
            "before": _trimmed(latest),
            "after": _trimmed(determination),
            "changes": changes,
        }
    )
    issue_notice(
        user=owner,
        kind=expiry_notice.KIND,
        context=context,
        language=getattr(owner, "preferred_language", "en") or "en",
        related_object=determination,
    )
    ftr_notice.issue_for(application, determination)
