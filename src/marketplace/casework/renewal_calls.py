"""Renewal calls: households a renewal changed for the worse, called before the new year
starts (ADR 1010, 1011). This module holds what every such queue shares (a `CallQueue`: its
renewals, the calls recorded about them, when an item leaves) and the first of them, the
households a renewal kept covered but without the financial help they had;
casework/coverage_ends.py holds the households whose coverage a renewal ends.

The annual renewal (45 CFR 155.335; renewals/run.py) re-enrolls a household in its plan or
the crosswalk's even when the new determination takes away its premium tax credit (income
above what the credit allows, a failure to file and reconcile: 155.305(f)(4)) or its
cost-sharing reduction (155.305(g)). Their notice tells them; their bill on January 1 is what
they notice. An exchange calls them while open enrollment still lets them act: report an
income that changed, file and reconcile, choose a cheaper plan, or end the coverage, each
through the pages they already have.

A household is on a queue while the renewal's year is still open to a choice (45 CFR
155.410(e)) and until something answers it:
- a call that reached the household, or found no working number (`CLOSING`); a message left
  or no answer leaves it for another try, counted in the queue;
- the household acted since: a newer determination on the application (facts updated, an
  attestation, an override), or what the queue is about no longer holds (for this queue,
  the renewed policy no longer in force: another plan chosen, the coverage ended).

A call that does not reach the household may name the day to call again: the household waits
off the queue until that day (the exchange's clock), then comes back, oldest first as before.

Each call is one row (`RenewalCall`) and an audit row, in one transaction; the form's token is
the row's key, so a form sent twice records one call. The caseworker's note is encrypted and
never in the audit row or the calling list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.audit import log
from marketplace.casework import queues
from marketplace.casework.models import CLOSING, CallResult, RenewalCall
from marketplace.casework.renewals import (
    CONTACT_COLUMNS,
    SERVICE_DAYS,
    contacts,
    years_still_open,
)
from marketplace.core import clock
from marketplace.determinations.models import Determination
from marketplace.enrollment import states
from marketplace.renewals.models import Outcome, Renewal

KEY = "renewal-calls"
RENEWED = (Outcome.SAME_PLAN, Outcome.CROSSWALKED)


@dataclass(frozen=True)
class CallQueue:
    """A queue of renewals to call about: which renewals (`about`: a query of those the queue
    is for while nobody has closed them, `covers`: whether one renewal is such a renewal,
    read from its own row), how an item reads, and the calling list's own columns after the
    contacts (`columns`, `rows`: one row a renewal)."""

    key: str
    title: str
    overdue_days: int
    about: Callable[[], QuerySet]
    covers: Callable[[Renewal], bool]
    describe: Callable[[Renewal], str]
    columns: tuple[str, ...]
    rows: Callable[[list[Renewal]], list[tuple]]


def help_lost() -> Q:
    """Renewed without the premium tax credit or the cost-sharing reduction it had."""
    return ~Q(aptc_lost="") | Q(csr_lost=True)


def _calls(**where):
    return RenewalCall.objects.filter(renewal=OuterRef("pk"), **where)


def _calls_made() -> Subquery:
    counted = _calls().order_by().values("renewal").annotate(n=Count("pk")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _last(field: str) -> Subquery:
    """The latest call's `field`."""
    return Subquery(_calls().order_by("-called_at", "-pk").values(field)[:1])


def _with_calls(renewals):
    """Each renewal with its calls so far, the last one's result and the day it planned to
    call again (None when none)."""
    return renewals.annotate(
        calls_made=_calls_made(), last_result=_last("result"), call_back_on=_last("call_back_on")
    )


def acted_since() -> Exists:
    """A determination on the renewal's application newer than the renewal's own."""
    return Exists(
        Determination.objects.filter(
            application_id=OuterRef("application_id"), pk__gt=OuterRef("determination_id")
        )
    )


def _still_open(queue: CallQueue):
    """The queue's renewals with no closing call and nothing done by the household since,
    each with its calls so far."""
    return _with_calls(
        queue.about()
        .exclude(Exists(_calls(result__in=CLOSING)))
        .exclude(acted_since())
        .select_related("application__owner", "enrollment", "previous")
    )


def needing_a_call(queue: CallQueue):
    """The renewals `queue` holds now: still open, no call planned for a later day."""
    return _still_open(queue).filter(
        Q(call_back_on__isnull=True) | Q(call_back_on__lte=clock.today())
    )


def waiting_until(queue: CallQueue, renewal: Renewal):
    """The later day a call about the renewal is planned for, when the household would be on
    the queue but for it; else None."""
    found = _still_open(queue).filter(pk=renewal.pk, call_back_on__gt=clock.today()).first()
    return found.call_back_on if found is not None else None


def _renewed_without_help():
    """Help lost, the renewed policy in force, the year still open to a choice."""
    return Renewal.objects.filter(
        help_lost(),
        outcome__in=RENEWED,
        to_year__in=years_still_open(),
        enrollment__status__in=states.ACTIVE,
    )


def _lost_help(renewal: Renewal) -> bool:
    return renewal.outcome in RENEWED and bool(renewal.aptc_lost or renewal.csr_lost)


def lost_words(renewal: Renewal) -> list[str]:
    """What the renewal took away, in words (45 CFR 155.305(f)(4), (f), (g))."""
    words = []
    if renewal.aptc_lost == "ftr":
        words.append(str(_("premium tax credit lost: taxes not filed and reconciled")))
    elif renewal.aptc_lost:
        words.append(str(_("premium tax credit lost")))
    if renewal.csr_lost:
        words.append(str(_("cost-sharing reductions lost")))
    return words


def calls_so_far(renewal: Renewal) -> str:
    """The calls so far for an item's line, as in "(2 call(s), the last: No answer)", after
    a space; nothing before the first call."""
    calls = getattr(renewal, "calls_made", None) or 0
    if not calls:
        return ""
    last = CallResult(renewal.last_result).label
    return " " + str(_("(%(count)s call(s), the last: %(last)s)") % {"count": calls, "last": last})


def _describe(renewal: Renewal) -> str:
    return f"{renewal.to_year}: " + "; ".join(lost_words(renewal)) + calls_so_far(renewal)


def call_columns(renewal: Renewal) -> tuple[str, str, str]:
    """A calling list's last columns: the calls so far, the last one's result and the day
    it planned to call again (ISO)."""
    return (
        str(getattr(renewal, "calls_made", None) or 0),
        getattr(renewal, "last_result", None) or "",
        iso(getattr(renewal, "call_back_on", None)),
    )


#: A calling list's last columns (`call_columns`).
CALL_COLUMNS = ("calls", "last_call", "call_back_on")


def _calling_rows(renewals: list[Renewal]) -> list[tuple]:
    """What the renewal took: the credit lost ("ftr" for a failure to file and reconcile,
    "other"), the reduction lost ("yes") and the renewed plan's monthly premium after
    savings."""
    rows = []
    for renewal in renewals:
        premium = renewal.enrollment.premium_after_credit if renewal.enrollment else None
        rows.append(
            (
                renewal.aptc_lost,
                "yes" if renewal.csr_lost else "",
                f"{premium:.2f}" if premium is not None else "",
            )
        )
    return rows


def iso(day) -> str:
    return day.isoformat() if day else ""


HELP_LOST = CallQueue(
    key=KEY,
    title=_("Renewals: financial help lost"),
    overdue_days=SERVICE_DAYS,
    about=_renewed_without_help,
    covers=_lost_help,
    describe=_describe,
    columns=("aptc_lost", "csr_lost", "premium_after_savings"),
    rows=_calling_rows,
)


def is_open(queue: CallQueue, renewal: Renewal) -> bool:
    """Whether the renewal is on `queue` now."""
    return needing_a_call(queue).filter(pk=renewal.pk).exists()


def calls_of(renewal: Renewal) -> list[RenewalCall]:
    return list(
        RenewalCall.objects.filter(renewal=renewal)
        .select_related("called_by")
        .order_by("called_at", "pk")
    )


@transaction.atomic
def record_call(
    renewal: Renewal,
    *,
    result: str,
    note: str,
    token: uuid.UUID,
    by,
    call_back_on=None,
    ip_address=None,
) -> tuple[RenewalCall, bool]:
    """Record one call about `renewal`: (the call, whether it is new). The same `token` again
    (the form sent twice) returns the call already recorded and changes nothing.
    `call_back_on`: the day to call again, for a call that does not close the item."""
    known = RenewalCall.objects.filter(public_id=token).first()
    if known is not None:
        return known, False
    call = RenewalCall(
        public_id=token,
        renewal=renewal,
        result=result,
        called_by=by,
        call_back_on=call_back_on,
    )
    call.note = note
    call.save()
    log.record(
        "casework.renewal_call",
        actor=by,
        obj=renewal,
        ip_address=ip_address,
        result=result,
        closing=result in CLOSING,
        call_back_on=iso(call_back_on),
    )
    return call, True


def _calling_list(queue: CallQueue) -> queues.CallingList:
    """`contacts`, the renewal's new year, the queue's own columns, then `call_columns`."""

    def rows(renewals: list[Renewal]) -> list[tuple]:
        return [
            (*contact, str(renewal.to_year), *own, *call_columns(renewal))
            for renewal, contact, own in zip(
                renewals, contacts(renewals), queue.rows(renewals), strict=True
            )
        ]

    return queues.CallingList(
        columns=(*CONTACT_COLUMNS, "coverage_year", *queue.columns, *CALL_COLUMNS), rows=rows
    )


def register(queue: CallQueue) -> None:
    """Put a queue of renewal calls among casework's work queues; its items link to their
    call sheets."""
    queues.register_queue(
        queues.Queue(
            key=queue.key,
            title=queue.title,
            overdue_days=queue.overdue_days,
            open_items=lambda: needing_a_call(queue),
            opened="created_at",
            link=lambda row: reverse("casework:renewal_call", args=[row.public_id]),
            describe=queue.describe,
            county="application__countyfips",
            calling_list=_calling_list(queue),
        )
    )
