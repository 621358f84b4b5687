"""Checkout of a plan in a special enrollment period (the cheapest silver by default), shared
by the SEP enrollment and verification tests."""

from __future__ import annotations

import uuid

from marketplace.enrollment import actions
from tests.changes.conftest import (
    ATTESTED,
    SPRING,
    cheapest_silver,
)


def checkout(user, determination, plan_id=None, on=SPRING):
    return actions.checkout(
        user=user,
        determination=determination,
        plan_id=plan_id or cheapest_silver(determination),
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=on,
    )
