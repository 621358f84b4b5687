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

`ground()` returns which one holds for the household (the screener, and marriage, for
which one spouse's coverage is enough: 155.420(d)(2)(i)(A)), or None: the period is then not
granted, with `NO_PRIOR_COVERAGE` as the reason shown. `members_meeting()` applies the
same grounds to each member (155.420(a)(5) speaks of each qualified individual; (d)(7)(i)
of the one who moves): a member who shows none of them does not get the period while the
others do. The person's answer is for the household unless they name who had coverage
(`covered`, the form's `covered_members`).
"""

from __future__ import annotations

from django.db.models import Q

from aca_rules import sep
from marketplace.applications.models import OtherCoverage
from marketplace.changes.models import ReportedChange
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment, EnrollmentMember

#: The answers a person may give (form field `prior_coverage`).
ATTESTED = {"coverage": "attested_coverage", "abroad": "attested_abroad"}
#: The reason code stored on the change when a period is not granted.
NO_PRIOR_COVERAGE = "no_prior_coverage"
_COVERED = (OtherCoverage.MEDICARE, OtherCoverage.MEDICAID, OtherCoverage.OTHER)
#: Events whose condition one member's coverage meets for the household: marriage, "at least
#: one spouse" (45 CFR 155.420(d)(2)(i)(A)).
HOUSEHOLD_CONDITION = frozenset({"marriage"})


def _in_force(application, first, last):
    in_force = Q(coverage_end__gte=first) | Q(
        coverage_end__isnull=True, coverage_year__gte=first.year
    )
    return Enrollment.objects.filter(
        owner_id=application.owner_id,
        status__in=(states.EFFECTUATED, states.TERMINATED),
        coverage_start__lte=last,
    ).filter(in_force)


def _our_enrollment(application, first, last) -> bool:
    return _in_force(application, first, last).exists()


def _lost_coverage(application, first, event_date):
    return ReportedChange.objects.filter(
        application=application,
        kind="coverage_lost",
        event_date__gt=first,
        event_date__lte=event_date,
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
        if _lost_coverage(application, first, period.event_date).exists():
            return "coverage_lost"
    return ATTESTED.get(attested or "")


def members_meeting(application, period: sep.Period, attested: str = "", covered=None):
    """155.420(a)(5) for each member of `application`: (those who meet it, those who do not),
    from the same grounds as `ground()`, each about that member: on one of our policies in
    force in the 60 days, recorded as American Indian or Alaska Native, recorded with other
    coverage, a reported loss of their coverage in the 60 days; else the person's answer
    (`covered`: the public ids they named; without it, `attested` for the household)."""
    members = list(application.members.all())
    if not period.event.prior_coverage:
        return members, []
    if period.event.code in HOUSEHOLD_CONDITION:
        met = ground(application, period, attested) is not None
        return (members, []) if met else ([], members)
    first, last = period.prior_coverage_days
    ours = set(
        EnrollmentMember.objects.filter(
            enrollment__in=_in_force(application, first, last), person__isnull=False
        ).values_list("person_id", flat=True)
    )
    lost = {
        str(c.details.get("member", ""))
        for c in _lost_coverage(application, first, period.event_date)
    }
    named = {str(i) for i in covered} if covered else None
    everyone_attested = named is None and (attested or "") in ATTESTED

    def meets(m) -> bool:
        public = str(m.public_id)
        return (
            m.pk in ours
            or bool(m.aian)
            or m.other_coverage in _COVERED
            or public in lost
            or everyone_attested
            or (named is not None and public in named)
        )

    return [m for m in members if meets(m)], [m for m in members if not meets(m)]
