"""A one-person household enrolled in the demo catalog, for the tests of held 834s and the
exceptions pages."""

from __future__ import annotations

from marketplace.applications import seeding
from tests.enrollment.conftest import determined, enroll

P = seeding.PersonSpec


def household(email: str, last: str, first: str):
    spec = seeding.HouseholdSpec(
        last_name=last,
        zipcode="02108",
        countyfips="25025",
        people=[P(first, 34, "self", "male", wages_yearly=32000)],
    )
    user, determination = determined(email, spec)
    return enroll(user, determination)
