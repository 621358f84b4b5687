"""The exceptions list for batched work (notices, mail house, e-mail, Medicaid/CHIP
transfers, background jobs): one bad record goes here with a reason a caseworker can act on,
and the rest of the batch goes on (docs/adr/0008-batch-exceptions-and-private-data.md).

`report` is the hook the batches call (lower layer; the apps plug in). It keeps one open item
per object and source, so a batch that meets the same bad record again does not pile up
copies. `resolve` closes an item with what was done; jobs/retries.py queues its work again.
"""

from __future__ import annotations

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.jobs.models import WorkException


def report(
    source: str,
    reason: str,
    message: str,
    *,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    retry_kind: str = "",
    retry_payload: dict | None = None,
) -> WorkException:
    """Open an item (or return the open one for the same source and object). `message`
    must hold no personal data: name the object by its public id, say what to do."""
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    with transaction.atomic():
        existing = WorkException.objects.filter(
            source=source, object_type=object_type, object_id=object_id, resolved_at=None
        ).first()
        if existing is not None and object_id:
            return existing
        item = WorkException.objects.create(
            source=source,
            reason=reason,
            message=message,
            object_type=object_type,
            object_id=object_id,
            retry_kind=retry_kind,
            retry_payload=retry_payload or {},
        )
        audit.record("work.exception", actor_label="worker", obj=item, source=source, reason=reason)
    return item


def resolve(item: WorkException, *, actor, note: str, ip_address=None) -> bool:
    with transaction.atomic():
        item = WorkException.objects.select_for_update().get(pk=item.pk)
        if item.resolved_at is not None:
            return False
        close(item, actor, note)
        audit.record("work.resolved", actor=actor, obj=item, ip_address=ip_address)
    return True


def close(item: WorkException, actor, note: str) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    item.resolved_at, item.resolved_by, item.resolution = clock.now(), user, note[:2000]
    item.save(update_fields=["resolved_at", "resolved_by", "resolution"])
