"""Renewal calls: the households a renewal kept covered but without the financial help they
had, called before the new year starts (ADR 1010).

The annual renewal (45 CFR 155.335; renewals/run.py) re-enrolls a household in its plan or
the crosswalk's even when the new determination takes away its premium tax credit (income
above what the credit allows, a failure to file and reconcile: 155.305(f)(4)) or its
cost-sharing reduction (155.305(g)). Their notice tells them; their bill on January 1 is what
they notice. An exchange calls them while open enrollment still lets them act: report an
income that changed, file and reconcile, choose a cheaper plan, or end the coverage, each
through the pages they already have.

A household is on the queue while the renewal's year is still open to a choice (45 CFR
155.410(e)) and until something answers it:
- a call that reached the household, or found no working number (`CLOSING`); a message left
  or no answer leaves it for another try, counted in the queue;
- the household acted since: a newer determination on the application (facts updated, an
  attestation, an override), or the renewed policy no longer in force (another plan chosen,
  the coverage ended).

A call that does not reach the household may name the day to call again: the household waits
off the queue until that day (the exchange's clock), then comes back, oldest first as before.

Each call is one row (`RenewalCall`) and an audit row, in one transaction; the form's token is
the row's key, so a form sent twice records one call. The caseworker's note is encrypted and
never in the audit row or the calling list.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
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


def needing_a_call():
    """The renewals the queue holds: help lost, renewed policy in force, year still open,
    no closing call, nothing done by the household since, no call planned for a later day.
    Each with its calls so far."""
    return _help_lost_open().filter(
        Q(call_back_on__isnull=True) | Q(call_back_on__lte=clock.today())
    )


def waiting_until(renewal: Renewal):
    """The later day a call about the renewal is planned for, when the household would be on
    the queue but for it; else None."""
    found = _help_lost_open().filter(pk=renewal.pk, call_back_on__gt=clock.today()).first()
    return found.call_back_on if found is not None else None


def _help_lost_open():
    return _with_calls(
        Renewal.objects.filter(
            help_lost(),
            outcome__in=RENEWED,
            to_year__in=years_still_open(),
            enrollment__status__in=states.ACTIVE,
        )
        .exclude(Exists(_calls(result__in=CLOSING)))
        .exclude(acted_since())
        .select_related("application__owner", "enrollment")
    )


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


def _describe(renewal: Renewal) -> str:
    text = f"{renewal.to_year}: " + "; ".join(lost_words(renewal))
    calls = getattr(renewal, "calls_made", None) or 0
    if calls:
        last = CallResult(renewal.last_result).label
        text += " " + str(
            _("(%(count)s call(s), the last: %(last)s)") % {"count": calls, "last": last}
        )
    return text


CALLING_COLUMNS = (
    *CONTACT_COLUMNS,
    "coverage_year",
    "aptc_lost",
    "csr_lost",
    "premium_after_savings",
    "calls",
    "last_call",
    "call_back_on",
)


def _calling_rows(renewals: list[Renewal]) -> list[tuple]:
    """Who to call and about what: `contacts`, the year, the credit lost ("ftr" for a failure
    to file and reconcile, "other"), the reduction lost ("yes"), the renewed plan's monthly
    premium after savings, the calls so far, the last one's result and the day it planned
    to call again (ISO)."""
    rows = []
    for renewal, contact in zip(renewals, contacts(renewals), strict=True):
        premium = renewal.enrollment.premium_after_credit if renewal.enrollment else None
        rows.append(
            (
                *contact,
                str(renewal.to_year),
                renewal.aptc_lost,
                "yes" if renewal.csr_lost else "",
                f"{premium:.2f}" if premium is not None else "",
                str(getattr(renewal, "calls_made", None) or 0),
                getattr(renewal, "last_result", None) or "",
                _iso(getattr(renewal, "call_back_on", None)),
            )
        )
    return rows


def _iso(day) -> str:
    return day.isoformat() if day else ""


def is_open(renewal: Renewal) -> bool:
    """Whether the renewal is on the queue now."""
    return needing_a_call().filter(pk=renewal.pk).exists()


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
        call_back_on=_iso(call_back_on),
    )
    return call, True


def register() -> None:
    queues.register_queue(
        queues.Queue(
            key=KEY,
            title=_("Renewals: financial help lost"),
            overdue_days=SERVICE_DAYS,
            open_items=needing_a_call,
            opened="created_at",
            link=lambda row: reverse("casework:renewal_call", args=[row.public_id]),
            describe=_describe,
            county="application__countyfips",
            calling_list=queues.CallingList(columns=CALLING_COLUMNS, rows=_calling_rows),
        )
    )
