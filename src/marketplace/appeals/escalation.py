"""Escalation to the HHS appeals entity (45 CFR 155.520(c), 155.545(b)).

After a state exchange's appeal decision the person may appeal to HHS within 30 days of the
date of the notice of decision; the decision notice says so (`notice.py`, step `decision`).
The exchange has no interface with HHS: it records the day the person says they asked, so
the case shows it.
"""

from __future__ import annotations

from datetime import date

from marketplace.appeals import states
from marketplace.appeals.actions import AppealError
from marketplace.appeals.models import Appeal
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action

#: 45 CFR 155.520(c)(1): within 30 days of the date of the state appeal decision's notice.
HHS_APPEAL_DAYS = 30


@atomic_action
def record_hhs_appeal(appeal: Appeal, *, on: date, actor, ip_address: str | None = None) -> Appeal:
    """Record that the appellant says they appealed the decision to HHS on `on`: after the
    decision, not after today."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.status not in (states.DECIDED, states.IMPLEMENTED) or not locked.decided_on:
        raise AppealError("not_decided")
    if on < locked.decided_on or on > clock.today():
        raise AppealError("bad_hhs_date", "on")
    locked.hhs_appeal_on = on
    locked.save(update_fields=["hhs_appeal_on", "updated_at"])
    audit.record(
        "appeal.hhs_appeal_recorded",
        actor=actor,
        obj=locked,
        ip_address=ip_address,
        on=on.isoformat(),
        within_window=(on - locked.decided_on).days <= HHS_APPEAL_DAYS,
    )
    return locked
