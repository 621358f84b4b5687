"""Informal resolution before the hearing (45 CFR 155.535(a)).

The appeals entity may try to resolve the appeal informally before the hearing. The
appellant's right to a hearing is kept throughout. If the appellant is satisfied with the
outcome, the appeal ends (status `resolved`, the outcome recorded); if not, it goes on to
the hearing, and the notice tells the person they keep the right to it.
"""

from __future__ import annotations

from marketplace.appeals import notice, states
from marketplace.appeals.actions import AppealError
from marketplace.appeals.models import Appeal
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action


@atomic_action
def record(
    appeal: Appeal, *, outcome: str, accepted: bool, actor, ip_address: str | None = None
) -> Appeal:
    """Record the outcome of informal resolution and whether the appellant accepted it."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise AppealError("no_informal_outcome", "outcome")
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.status not in (states.RECEIVED, states.HEARING_SCHEDULED):
        raise AppealError("informal_too_late")
    locked.informal_outcome, locked.informal_accepted = outcome, accepted
    locked.informal_on = clock.today()
    if accepted:
        locked.status = states.next_state(locked.status, "resolve")
    locked.save()
    audit.record(
        "appeal.informal_resolution",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        accepted=accepted,
    )
    step = "informal_resolved" if accepted else "informal_unresolved"
    notice.issue(locked, step, actor=actor)
    return locked
