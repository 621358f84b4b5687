"""Whether the household of a renewal has a plan in force for the renewal's new year now:
the renewed policy, or one the household chose since (on line, or with a caseworker), on the
same application. Read by the officials' dashboard (reporting.py) and by casework's queue of
households a renewal left to choose a plan (casework/renewals.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment


def has_a_plan() -> Exists:
    """For a query of renewals: a policy in force for the new year on the same application
    (read through the unique index of active policies by application and year)."""
    return Exists(
        Enrollment.objects.filter(
            application_id=OuterRef("application_id"),
            coverage_year=OuterRef("to_year"),
            status__in=states.ACTIVE,
        )
    )
