"""Income inconsistencies found at renewal (45 CFR 155.335(b), 155.320(c)(3)(vi), 155.315(f)).

When the tax data a renewal asked for (with the person's authorization, 155.335(k)) is not
reasonably compatible with the attested income, the renewal opens the same verification
item an application opens (`actions.start_verifications`): type income, the household's
first tax filer, the amount the data source reported (used if the deadline passes,
verifications/expiry.py), requested today, due 90 days from the notice plus 5 for the mail
(`deadlines.due_date`), with the same reminder and expiry jobs (`actions.scheduled_jobs`) and
an audit row. The attestation is accepted meanwhile (155.315(f)(4)): the renewal determines
with it. The renewal notice is the request for documents (what to send, by when, the link
to the upload page); no second letter goes out.

A batch writes its items, jobs and audit rows in three statements (core/bulk), in the
renewal's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from marketplace.audit import log as audit
from marketplace.core import bulk, clock
from marketplace.jobs.models import Job
from marketplace.verifications.actions import scheduled_jobs
from marketplace.verifications.models import ItemType, VerificationItem

DETAIL = "Renewal: the attested income is not reasonably compatible with the {year} tax data."


def open_income_items(rows: Sequence[tuple], *, actor_label: str = "renewal") -> list:
    """Open the income items the renewals' plans name (`tax["verification"]` with `opened`):
    `rows` holds (application, determination, members in rules order, tax) for each
    redetermined household; the others open nothing. Returns the items written."""
    now = clock.now()
    items = [
        _item(application, determination, members, tax, now)
        for application, determination, members, tax in rows
        if (tax or {}).get("verification", {}).get("opened")
    ]
    if not items:
        return []
    bulk.insert(items)
    jobs = [
        Job(kind=kind, payload=payload, dedupe_key=key, run_after=run_after)
        for item in items
        for kind, payload, key, run_after in scheduled_jobs(item)
    ]
    bulk.insert(jobs)
    audit.record_many(
        [
            audit.unsaved(
                "verification.opened",
                actor_label=actor_label,
                obj=item,
                type=item.type,
                awaiting_service=False,
                due_date=item.due_date.isoformat(),
                cause="renewal",
            )
            for item in items
        ]
    )
    return items


def _item(application, determination, members, tax: dict, now) -> VerificationItem:
    planned = tax["verification"]
    filer = members[0] if members else None  # the applicant: the household's first filer
    return VerificationItem(
        public_id=uuid.UUID(planned["public_id"]),
        application=application,
        determination=determination,
        member=filer,
        member_name=filer.name if filer is not None else "",
        type=ItemType.INCOME,
        awaiting_service=False,
        detail=DETAIL.format(year=tax.get("tax_year", "")),
        data_income=tax.get("reported"),
        opened_at=now,
        requested_on=clock.local_date(now),
        due_date=date.fromisoformat(planned["due_date"]),
    )
