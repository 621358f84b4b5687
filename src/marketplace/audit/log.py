"""Writing to the audit log. Call `record` inside the action's transaction."""

from __future__ import annotations

from typing import Any

from marketplace.audit.models import AuditEvent
from marketplace.core import acting, bulk


def record(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    obj: Any = None,
    ip_address: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. `detail` must hold no personal data such as SSNs."""
    event = unsaved(
        action, actor=actor, actor_label=actor_label, obj=obj, ip_address=ip_address, **detail
    )
    event.save()
    return event


def record_many(events: list[AuditEvent]) -> None:
    """Append the events `unsaved` built, in one statement (a batch action's rows)."""
    bulk.insert(events)


def unsaved(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    obj: Any = None,
    ip_address: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """The event `record` appends, not yet saved (for `record_many`).

    While an assister or broker acts for a household (`core.acting`), the event is theirs:
    the helper is the actor, with the channel and the household's account in `detail`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    helper = acting.current()
    if helper is not None:
        user, actor_label = helper.user, ""
        detail.setdefault("channel", helper.channel)
        detail.setdefault("on_behalf_of", getattr(helper.on_behalf_of, "pk", None))
    return bulk.new(
        AuditEvent,
        actor=user,
        actor_label=actor_label or (getattr(user, "email", "") if user else "system"),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        ip_address=ip_address,
        detail=detail,
    )
