"""Work queues: what staff must work, oldest first, with its age, what is overdue, who has
it, and the backlog by queue and age (ADR 1000, "Work queues").

A queue is a view of open rows that live in their own app (identity documents waiting for
review, verification documents submitted, 834 exceptions not resolved): nothing is copied,
so a queue can never disagree with the item. Other apps add theirs (reported changes,
appeals) with `register_queue` from their `ready()`. Assignment is casework's own row
(`casework.Assignment`), written by `assign`.

Time limits (`overdue_days`): 45 CFR 155.315(f)(2) gives people 90 days to send documents;
the exchange's own service standard for reviewing what they sent is set here per queue.
Ages are time elapsed since an item's stored timestamp (written with the real time), so they
are measured against the real time too, not the exchange's business date.

A queue whose items belong to a household with an address may name the lookup to its county
(`county`): its page then narrows to one county, and one that says how to reach its people
(`calling_list`) can be downloaded as a calling list (casework/calling_list.py, ADR 1009).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.audit import log
from marketplace.casework.models import Assignment
from marketplace.core import clock

#: Age buckets of the backlog, in days: [low, high) and the last open-ended.
AGE_BUCKETS = ((0, 3), (3, 8), (8, 31), (31, None))
PAGE = 50


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    overdue_days: int
    open_items: Callable[[], QuerySet]  # the open rows, any order
    opened: str  # the field holding when the item came in
    link: Callable  # row -> the URL where it is worked
    describe: Callable  # row -> a short text (no SSN, nothing more than the pages show)
    county: str = ""  # the lookup from an item to its household's county FIPS code, if any
    calling_list: CallingList | None = None


@dataclass(frozen=True)
class CallingList:
    """How a queue's items are called: the columns of its own and, for a list of open
    items, their rows in the same order (one row per item, text only)."""

    columns: tuple[str, ...]
    rows: Callable[[list], list[tuple]]


def _identity() -> Queue:
    from marketplace.accounts.models import DocumentStatus, IdentityDocument

    return Queue(
        key="identity",
        title=_("Identity documents"),
        overdue_days=5,
        open_items=lambda: IdentityDocument.objects.filter(status=DocumentStatus.PENDING),
        opened="uploaded_at",
        link=lambda row: reverse("casework:identity_document", args=[row.public_id]),
        describe=lambda row: row.get_kind_display(),
    )


def _verifications() -> Queue:
    from marketplace.verifications.models import ItemStatus, VerificationItem

    return Queue(
        key="verifications",
        title=_("Verification documents"),
        overdue_days=10,
        open_items=lambda: VerificationItem.objects.filter(status=ItemStatus.DOCUMENT_SUBMITTED),
        opened="opened_at",
        link=lambda row: reverse("casework:verification_item", args=[row.public_id]),
        describe=lambda row: f"{row.get_type_display()}: {row.member_name}",
    )


def _edi() -> Queue:
    from marketplace.edi.models import EdiException

    return Queue(
        key="834",
        title=_("834 exceptions"),
        overdue_days=3,
        open_items=lambda: EdiException.objects.filter(resolved_at=None),
        opened="created_at",
        link=lambda row: reverse("casework:edi_exception", args=[row.pk]),
        describe=lambda row: f"{row.get_kind_display()} {row.policy_id}".strip(),
    )


def _returned_mail() -> Queue:
    from marketplace.casework.models import ReturnedMail

    return Queue(
        key="returned-mail",
        title=_("Returned mail"),
        overdue_days=5,
        open_items=lambda: ReturnedMail.objects.filter(confirmed_at=None),
        opened="returned_at",
        link=lambda row: reverse("casework:household", args=[row.owner_id]),
        describe=lambda row: str(_("Mail came back: confirm the address")),
    )


def _overrides() -> Queue:
    from marketplace.casework.models import Override, OverrideStatus

    return Queue(
        key="overrides",
        title=_("Overrides waiting for a supervisor"),
        overdue_days=2,
        open_items=lambda: Override.objects.filter(status=OverrideStatus.PENDING),
        opened="requested_at",
        link=lambda row: reverse("casework:override", args=[row.public_id]),
        describe=lambda row: f"{row.get_kind_display()}: {row.get_reason_code_display()}",
    )


#: Queues every exchange has a place for; an app registers the real one.
EXPECTED = {"changes": _("Reported changes"), "appeals": _("Appeals")}
_REGISTERED: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    _REGISTERED[queue.key] = queue


def queues() -> list[Queue]:
    built_in = [_identity(), _verifications(), _edi(), _returned_mail(), _overrides()]
    return built_in + list(_REGISTERED.values())


def queue(key: str) -> Queue | None:
    return next((q for q in queues() if q.key == key), None)


def missing() -> list[str]:
    """The titles of expected queues no app has registered yet."""
    return [str(title) for key, title in EXPECTED.items() if key not in _REGISTERED]


def end_of_day(now) -> datetime:
    """The next midnight in the served state's time zone: an item whose time limit runs out
    before it is due today."""
    local = timezone.localtime(now, clock.zone())
    return datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=clock.zone())


def open_items(each: Queue, *, county: str = "") -> QuerySet:
    """The queue's open items, in its county's only where `county` (a FIPS code) is given
    and the queue knows its items' county."""
    items = each.open_items()
    if county and each.county:
        items = items.filter(**{each.county: county})
    return items


def _counts(each: Queue, now, county: str = "") -> QuerySet:
    """One row of the queue's open items counted: its key, in all, overdue, due today (not
    overdue yet, overdue before midnight) and per age bucket (an aggregate with no GROUP BY:
    an index-only count where the open items have their partial index)."""
    buckets = {}
    for low, high in AGE_BUCKETS:
        condition = Q(**{f"{each.opened}__lte": now - timedelta(days=low)})
        if high is not None:
            condition &= Q(**{f"{each.opened}__gt": now - timedelta(days=high)})
        buckets[f"b{low}"] = Count("pk", filter=condition)
    limit = timedelta(days=each.overdue_days)
    late = Q(**{f"{each.opened}__lte": now - limit})
    today = Q(**{f"{each.opened}__gt": now - limit, f"{each.opened}__lte": end_of_day(now) - limit})
    return (
        open_items(each, county=county)
        .order_by()
        .values(queue=Value(each.key, output_field=CharField()))
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=late),
            due_today=Count("pk", filter=today),
            **buckets,
        )
    )


def _row(each: Queue, found: dict) -> dict:
    return {
        "queue": each,
        "total": found["total"],
        "due_today": found["due_today"],
        "overdue": found["overdue"],
        "buckets": [found[f"b{low}"] for low, _high in AGE_BUCKETS],
    }


def backlog(now=None) -> list[dict]:
    """Per queue: the open items by age bucket, how many are due today and overdue, and in
    all; every queue's counts in one query (UNION ALL of one aggregate per queue)."""
    now = now or timezone.now()
    every = queues()
    first, *others = [_counts(each, now) for each in every]
    found = {row["queue"]: row for row in first.union(*others, all=True)}
    return [_row(each, found[each.key]) for each in every]


def totals(rows: list[dict]) -> dict:
    """The backlog's rows added up: every queue's open, due today and overdue items."""
    return {
        "total": sum(row["total"] for row in rows),
        "due_today": sum(row["due_today"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "buckets": [sum(row["buckets"][i] for row in rows) for i in range(len(AGE_BUCKETS))],
    }


def counts(each: Queue, now=None, *, county: str = "") -> dict:
    """The one queue's open, due today and overdue items and its age buckets, in one
    aggregate over its open items (in one county's, with `county`)."""
    return _row(each, _counts(each, now or timezone.now(), county).get())


def _whose(items: QuerySet, each: Queue, *, mine, unassigned) -> QuerySet:
    """Only the items `mine` has, or only those nobody has: (NOT) EXISTS on the assignment's
    unique (queue, item) index, an anti-join the database stops as soon as a page is full."""
    taken = Assignment.objects.filter(queue=each.key, item=OuterRef("pk"))
    if mine is not None:
        return items.filter(Exists(taken.filter(assigned_to=mine)))
    if unassigned:
        return items.filter(~Exists(taken))
    return items


def oldest_first(each: Queue, *, mine=None, unassigned=False, county: str = "") -> QuerySet:
    """The open items a page or a calling list shows, oldest first: all, `mine`'s, nobody's
    (`unassigned`), in one county's (`county`)."""
    items = _whose(open_items(each, county=county), each, mine=mine, unassigned=unassigned)
    return items.order_by(each.opened, "pk")


def assigned(each: Queue, rows: list) -> dict:
    """{item's key: the worker who has it} for these items of the queue."""
    taken = Assignment.objects.filter(queue=each.key, item__in=[r.pk for r in rows])
    return {a.item: a.assigned_to for a in taken.select_related("assigned_to")}


def page(
    each: Queue, *, number: int = 1, mine=None, unassigned=False, county: str = "", now=None
) -> dict:
    """One page of the queue, oldest first, with age, overdue and who has each item."""
    now = now or timezone.now()
    items = oldest_first(each, mine=mine, unassigned=unassigned, county=county)
    number = max(1, number)
    rows = list(items[(number - 1) * PAGE : number * PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    owners = assigned(each, rows)
    shown = []
    for row in rows:
        opened = getattr(row, each.opened)
        age = (now - opened).days
        shown.append(
            {
                "pk": row.pk,
                "link": each.link(row),
                "text": each.describe(row),
                "opened": opened,
                "age": age,
                "overdue": age >= each.overdue_days,
                "assigned_to": owners.get(row.pk),
            }
        )
    return {"rows": shown, "number": number, "more": more}


@transaction.atomic
def assign(each: Queue, item_pks, *, to, by, ip_address=None) -> int:
    """Give the open items `item_pks` of the queue to `to` (None: back to nobody); items
    that are not open any more are left alone. Doing it twice changes nothing. Returns how
    many changed hands."""
    wanted = [int(pk) for pk in item_pks if str(pk).isdigit() and len(str(pk)) < 19]
    open_pks = set(each.open_items().filter(pk__in=wanted).values_list("pk", flat=True))
    changed = 0
    for pk in sorted(open_pks):
        current = Assignment.objects.select_for_update().filter(queue=each.key, item=pk).first()
        if to is None:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if current is not None and current.assigned_to_id == to.pk:
            continue
        Assignment.objects.update_or_create(
            queue=each.key,
            item=pk,
            defaults={"assigned_to": to, "assigned_by": by, "assigned_at": timezone.now()},
        )
        changed += 1
    if changed:
        log.record(
            "casework.assigned",
            actor=by,
            ip_address=ip_address,
            queue=each.key,
            items=sorted(open_pks),
            to=getattr(to, "pk", None),
        )
    return changed
