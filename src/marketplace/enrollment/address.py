"""A household's new address within the same rating area, on its policies in force.

A move within the rating area changes no premium (45 CFR 147.102(a)(1)(ii): rates vary by
rating area) and opens no special enrollment period (155.420(d)(7) needs access to new
plans), but the issuer must still learn where the subscriber lives: the policy takes the
new address and one 001 DEMOGRAPHIC CHANGE (INS04 43) goes to the issuer on the subscriber
(docs/puf-and-834.md B.4; edi/build.py `address_change`). Form 1095-A's recipient and the
later 834s then carry it too. A move to another rating area is `maintenance.rerate_for_move`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.edi import build, outbox
from marketplace.enrollment.actions import EnrollmentError, _actor_label, _lock
from marketplace.enrollment.maintenance import ADDRESS_FIELDS
from marketplace.enrollment.models import Enrollment


@transaction.atomic
def change_address(
    enrollment: Enrollment, *, address: dict, effective: date, actor=None, ip_address=None
) -> Enrollment:
    """Give the policy the new `address` (street, city, zipcode, countyfips) from
    `effective` (the move's date, no earlier than the policy's start) and queue the 834.
    Idempotent: a policy already at that address is returned and nothing is sent."""
    locked = _lock(enrollment)
    if not locked.is_active:
        raise EnrollmentError("not_active")
    if all(getattr(locked, f) == address[f] for f in ADDRESS_FIELDS):
        return locked
    for f in ADDRESS_FIELDS:
        setattr(locked, f, address[f])
    locked.save(update_fields=[*ADDRESS_FIELDS, "updated_at"])
    effective = max(effective, locked.coverage_start)
    audit.record(
        "enrollment.address_changed",
        actor=actor,
        actor_label=_actor_label(actor),
        obj=locked,
        ip_address=ip_address,
        policy_id=locked.policy_id,
        effective=effective.isoformat(),
        rating_area=locked.rating_area,  # no address in the audit row (personal)
    )
    members = locked.covered_members()
    outbox.queue(locked, build.address_change(locked, members, clock.now(), effective))
    return locked
