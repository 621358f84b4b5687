"""Writing to the audit log. Call `record` inside the action's transaction."""

from __future__ import annotations

from typing import Any

from marketplace.audit.models import AuditEvent
from marketplace.core import acting


def record(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    obj: Any = None,
    ip_address: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. `detail` must hold no personal data such as SSNs.

    While an assister or broker acts for a household (`core.acting`), the event is theirs:
    the helper is the actor, with the channel and the household's account in `detail`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    helper = acting.current()
    if helper is not None:
        user, actor_label = helper.user, ""
        detail.setdefault("channel", helper.channel)
        detail.setdefault("on_behalf_of", getattr(helper.on_behalf_of, "pk", None))
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or (getattr(user, "email", "") if user else "system"),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        ip_address=ip_address,
        detail=detail,
    )
