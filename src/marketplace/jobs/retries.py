"""A caseworker's "Try again" on an item of the exceptions list (jobs/worklist.py): the
item's work is queued again and the item closed, in one transaction with its audit row.
Above both the queue and the list, which know nothing of each other's callers."""

from __future__ import annotations

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.jobs import worklist
from marketplace.jobs.models import WorkException
from marketplace.jobs.queue import enqueue


def try_again(item: WorkException, *, actor, ip_address=None) -> bool:
    """Queue the work again and close the item; False when there is nothing to retry."""
    with transaction.atomic():
        item = WorkException.objects.select_for_update().get(pk=item.pk)
        if item.resolved_at is not None or not item.retry_kind:
            return False
        enqueue(item.retry_kind, item.retry_payload)
        worklist.close(item, actor, "Tried again")
        audit.record("work.retried", actor=actor, obj=item, ip_address=ip_address)
    return True
