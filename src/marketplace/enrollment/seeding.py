"""`seed-households N --enroll` (design.md 4.5): enroll a seeded household through the same
action the checkout page calls (`actions.checkout`), with a plan and an APTC election picked
at random, on a random day of the coverage year's open-enrollment window (seeded data is
synthetic, so its selection date is too; real checkouts use today's date)."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal

from marketplace.enrollment import actions, dates
from marketplace.enrollment.selection import enrollment_group, quotes


def enroll_household(application, determination, rng: random.Random):
    """Returns the Enrollment, or None when nobody in the household can buy a plan."""
    group = enrollment_group(determination)
    if not group.members:
        return None
    offered = quotes(group)
    if not offered:
        return None
    silver = [q for q in offered if q.info.metal_level == "silver"]
    quote = rng.choice(silver if silver and rng.random() < 0.6 else offered)
    roll = rng.random()
    if roll < 0.7:
        elected = None  # all of it
    elif roll < 0.85:
        elected = Decimal("0")
    else:
        elected = (quote.aptc_applied * Decimal(str(round(rng.uniform(0.2, 0.9), 2)))).quantize(
            Decimal("0.01")
        )
    days = dates.selection_dates(group.state, group.year)
    if not days:
        return None
    return actions.checkout(
        user=application.owner, determination=determination, plan_id=quote.plan_id,
        elected_aptc=elected, attestations=dict.fromkeys(actions.ATTESTATIONS, True),
        token=uuid.UUID(int=rng.getrandbits(128)), language="en", on=rng.choice(days),
        actor=application.owner,
    )  # fmt: skip
