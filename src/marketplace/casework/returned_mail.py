"""Returned mail: a paper notice comes back undelivered (ADR 1000, "Returned mail").

`report_returned` flags the household's address (one `ReturnedMail` per notice: reporting it
twice changes nothing), which opens an item on the returned-mail queue and holds every later
paper notice (`notices.holds`, registered in casework/apps.py). `confirm_address` closes the
household's open items once a caseworker has confirmed the address (or the person corrected
it through a change report) and queues the held notices for the mail house again. Each runs
in one transaction with its audit row.

A notice with no user, written for the household to a person with no account (a tax filer's
notice, applications/ftr_notice.py), is mailed to the household's address: it is the
household's paper (`Notice.household`), held, flagged and sent again with the rest
(docs/adr/0109).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.audit import log
from marketplace.casework.models import ReturnedMail
from marketplace.jobs.queue import enqueue
from marketplace.notices.actions import MAIL_JOB
from marketplace.notices.models import Notice

HOLD_REASON = "returned_mail"


def owner_id_of(notice) -> int | None:
    """The account whose household's address the notice is mailed to: its user, or for a
    notice to a person with no account the household it was written for."""
    return notice.user_id or notice.household_id


def of_household(owner) -> Q:
    """The household's notices: its own and those written for it to people with no account."""
    return Q(user=owner) | Q(household=owner)


def hold(notice) -> str:
    """notices.holds: a paper notice waits while its household has mail back unconfirmed."""
    owner_id = owner_id_of(notice)
    if owner_id is None:
        return ""
    flagged = ReturnedMail.objects.filter(owner_id=owner_id, confirmed_at=None).exists()
    return HOLD_REASON if flagged else ""


def is_flagged(owner) -> bool:
    return ReturnedMail.objects.filter(owner=owner, confirmed_at=None).exists()


@transaction.atomic
def report_returned(notice: Notice, *, by, ip_address=None) -> ReturnedMail:
    record, made = ReturnedMail.objects.get_or_create(
        notice=notice, defaults={"owner_id": owner_id_of(notice), "reported_by": by}
    )
    if made:
        log.record(
            "casework.mail_returned",
            actor=by,
            obj=notice,
            ip_address=ip_address,
            owner=owner_id_of(notice),
        )
    return record


@transaction.atomic
def confirm_address(owner, *, by, ip_address=None) -> int:
    """Close the household's returned-mail items and send the held notices; returns how
    many notices were queued again (0 when nothing was flagged)."""
    open_items = list(
        ReturnedMail.objects.select_for_update().filter(owner=owner, confirmed_at=None)
    )
    if not open_items:
        return 0
    now = timezone.now()
    for item in open_items:
        item.confirmed_at, item.confirmed_by = now, by
        item.save(update_fields=["confirmed_at", "confirmed_by"])
    returned = {item.notice_id for item in open_items}
    held = Notice.objects.filter(of_household(owner), paper=True, mailed_at=None).exclude(
        pk__in=returned
    )
    stamp = open_items[-1].pk
    count = 0
    for notice in held:
        key = str(notice.public_id)
        enqueue(MAIL_JOB, {"notice": key}, dedupe_key=f"{MAIL_JOB}:{key}:confirmed:{stamp}")
        count += 1
    log.record(
        "casework.address_confirmed",
        actor=by,
        obj=owner,
        ip_address=ip_address,
        items=len(open_items),
        requeued=count,
    )
    return count
