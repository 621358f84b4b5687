"""45 CFR 155.420(a)(5): for a period marked `prior_coverage` (a permanent move, marriage),
someone in the household must have had minimum essential coverage on at least one of the
60 days before the event, or lived abroad or in a U.S. territory, or be an American Indian
or Alaska Native. The exchange decides from what it knows, in this order, and lets the
person attest only where it cannot know:

1. `exchange_enrollment`: a policy of ours in force (effectuated, or terminated after it
   was) on one of those days, for the same account.
2. `aian`: a member the application records as an American Indian or Alaska Native.
3. `other_coverage`: a member the application records with Medicare, Medicaid or CHIP, or
   other coverage.
4. `coverage_lost`: a reported loss of other coverage within those 60 days (the coverage
   lasted until then).
5. `attested_coverage` / `attested_abroad`: the person's answer on the form.

`ground()` returns which one holds, or None: the period is then not granted, with
`NO_PRIOR_COVERAGE` as the reason shown.
"""

from __future__ import annotations

from django.db.models import Q

from aca_rules import sep
from marketplace.applications.models import OtherCoverage
from marketplace.changes.models import ReportedChange
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment

#: The answers a person may give (form field `prior_coverage`).
ATTESTED = {"coverage": "attested_coverage", "abroad": "attested_abroad"}
#: The reason code stored on the change when a period is not granted.
NO_PRIOR_COVERAGE = "no_prior_coverage"
_COVERED = (OtherCoverage.MEDICARE, OtherCoverage.MEDICAID, OtherCoverage.OTHER)


def _our_enrollment(application, first, last) -> bool:
    in_force = Q(coverage_end__gte=first) | Q(
        coverage_end__isnull=True, coverage_year__gte=first.year
    )
    return (
        Enrollment.objects.filter(
            owner_id=application.owner_id,
            status__in=(states.EFFECTUATED, states.TERMINATED),
            coverage_start__lte=last,
        )
        .filter(in_force)
        .exists()
    )


def ground(application, period: sep.Period, attested: str = "") -> str | None:
    """Why `period` meets 155.420(a)(5) for the household of `application` (None for an
    unknown applicant: only the attestation counts), or None when nothing shows it."""
    if not period.event.prior_coverage:
        return "not_required"
    first, last = period.prior_coverage_days
    if application is not None:
        members = application.members.all()
        if _our_enrollment(application, first, last):
            return "exchange_enrollment"
        if members.filter(aian=True).exists():
            return "aian"
        if members.filter(other_coverage__in=_COVERED).exists():
            return "other_coverage"
        lost = ReportedChange.objects.filter(
            application=application,
            kind="coverage_lost",
            event_date__gt=first,
            event_date__lte=period.event_date,
        )
        if lost.exists():
            return "coverage_lost"
    return ATTESTED.get(attested or "")
