"""Expedited appeals (45 CFR 155.540).

A person may ask for an expedited appeal when there is an immediate need for health services
because the standard timeframe could jeopardize their life, health or ability to attain,
maintain or regain maximum function (155.540(a)). The appeals entity decides the request:

- granted: the decision is issued as expeditiously as the appellant's health condition
  requires, and no later than 3 working days after the request is received (155.545(b)(3));
  the queue puts the appeal first with that due date;
- denied: the appeal is handled under the standard process, its decision due within 90 days
  of the request (155.545(b)(1)), and the person is told promptly, in writing, with the
  reason, the move to the standard process and their rights in it (155.540(b)).
"""

from __future__ import annotations

from datetime import date

from marketplace.appeals import notice, states
from marketplace.appeals.actions import AppealError
from marketplace.appeals.models import Appeal, Expedited
from marketplace.audit import log as audit
from marketplace.core import working_days
from marketplace.core.transactions import atomic_action

#: 45 CFR 155.545(b)(3): an expedited decision is due within 3 working days of the request.
EXPEDITED_WORKING_DAYS = 3


def expedited_due(received_on: date) -> date:
    """The last day for the decision of an expedited appeal received on `received_on`: 3
    working days later, weekends and the state's legal holidays skipped (ADR 1007)."""
    return working_days.working_days_after(received_on, EXPEDITED_WORKING_DAYS)


@atomic_action
def rule_on_request(
    appeal: Appeal, *, granted: bool, reason: str = "", actor, ip_address: str | None = None
) -> Appeal:
    """The appeals entity grants or denies the request for an expedited appeal (155.540);
    a denial needs its reason, which the notice gives (155.540(b)(2)(i)). Ruling again on a
    request already ruled on is refused."""
    reason = (reason or "").strip()
    if not granted and not reason:
        raise AppealError("no_expedited_reason", "reason")
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not locked.expedited_requested or locked.expedited:
        raise AppealError("expedited_not_pending")
    if locked.status not in (states.RECEIVED, states.HEARING_SCHEDULED):
        raise AppealError("expedited_not_pending")
    if granted:
        locked.expedited = Expedited.GRANTED
        locked.expedited_due = expedited_due(locked.received_on)
    else:
        locked.expedited, locked.expedited_reason = Expedited.DENIED, reason
    locked.save()
    audit.record(
        "appeal.expedited_ruled",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        granted=granted,
        due=locked.expedited_due.isoformat() if locked.expedited_due else None,
    )
    step = "expedited_granted" if granted else "expedited_denied"
    notice.issue(locked, step, actor=actor)
    return locked
