"""Renewals in the casework area: the "renewals needing a choice" work queue and the household
page's "Renewals" section.

The annual renewal (45 CFR 155.335; renewals/run.py) re-enrolls most households by itself.
Those it could not re-enroll because no plan was left to renew them into (their plan
discontinued with no crosswalk, their issuer gone from their county: 155.335(j)(4), outcome
"must choose a plan") lose their coverage on December 31 unless they choose one during open
enrollment. Those are the people a call centre reaches out to, so they form a queue until
the household has a plan in force for the new year: chosen on line, or by a caseworker on
the telephone (the household page's "Choose a plan for the household"). Once the year's
open enrollment period has closed (45 CFR 155.410(e)) the choice can no longer be made, and
the item leaves the queue.

The household page's "Renewals" section lists each renewal with a link to its call sheet
(casework/renewal_calls.py), whatever its outcome, for a call the household makes itself.

The renewals app sits below casework (ADR 1800), so casework reads its rows directly and
fills its own hooks (`register_queue`, `register_section`), as it does for reported changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from marketplace.applications.models import Member, Relationship
from marketplace.casework import household, queues
from marketplace.casework.models import RenewalCall
from marketplace.catalog.geography import county_names
from marketplace.core import clock
from marketplace.enrollment import dates, states
from marketplace.enrollment.models import Enrollment
from marketplace.notices.content import money
from marketplace.renewals.chosen import has_a_plan
from marketplace.renewals.models import Outcome, Renewal
from marketplace.renewals.notice import explanation, page_language

#: The exchange's own service standard: a household that must choose is reached within two
#: weeks of the renewal, leaving time for a second try before the last day a choice still
#: starts coverage on January 1 (the period's monthly deadline in December, 155.410(f)).
SERVICE_DAYS = 14


def years_still_open() -> list[int]:
    """The coverage years whose open enrollment period has not closed yet (today or later)."""
    today = clock.today()
    years = []
    for year in (today.year, today.year + 1):
        period = dates.window(settings.MARKETPLACE_STATE, year)
        if period is not None and today <= period.closes:
            years.append(year)
    return years


def needing_a_choice():
    """Renewals that left the household without a plan, for a year still open to a choice,
    where the household has not chosen one since."""
    return (
        Renewal.objects.filter(outcome=Outcome.NEEDS_ACTION, to_year__in=years_still_open())
        .exclude(has_a_plan())
        .select_related("application__owner")
    )


def _last_day(year: int):
    """The last day a choice still starts coverage on January 1 of `year` (155.410(f))."""
    period = dates.window(settings.MARKETPLACE_STATE, year)
    return period.january_first_through if period is not None else None


def _deadline(year: int) -> str:
    day = _last_day(year)
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


#: The columns of `contacts`: how to reach a renewal's household.
CONTACT_COLUMNS = ("household", "telephone", "email", "language", "county")
#: The calling list's own columns (casework/calling_list.py adds when, who and where).
CALLING_COLUMNS = (*CONTACT_COLUMNS, "coverage_year", "choose_by")


def contacts(renewals: list[Renewal]) -> list[tuple]:
    """How to reach each renewal's household: the applicant's name, the application's
    telephone and e-mail (else the account's), the language notices go out in (en, es) and
    the county's name. Read by this queue's calling list and the renewal calls' queue."""
    applications = [renewal.application for renewal in renewals]
    applicants = Member.objects.filter(
        application__in=applications, relationship=Relationship.SELF
    ).only("application_id", "first_name", "last_name")
    names = {member.application_id: member.name for member in applicants}
    counties = county_names({application.countyfips for application in applications})
    return [
        (
            names.get(application.pk, ""),
            application.phone,
            application.contact_email or application.owner.email,
            application.owner.preferred_language,
            counties.get(application.countyfips, application.countyfips),
        )
        for application in applications
    ]


def _calling_rows(renewals: list[Renewal]) -> list[tuple]:
    """Who to call about each renewal and by when: `contacts`, the new year and the last day
    a choice starts coverage on January 1."""
    last_days = {year: _last_day(year) for year in {renewal.to_year for renewal in renewals}}
    rows = []
    for renewal, contact in zip(renewals, contacts(renewals), strict=True):
        year = renewal.to_year
        rows.append((*contact, str(year), last_days[year].isoformat() if last_days[year] else ""))
    return rows


def _describe(renewal: Renewal) -> str:
    text = _("%(year)s: must choose a plan") % {"year": renewal.to_year}
    by = _deadline(renewal.to_year)
    if by:
        text += " " + _("(by %(day)s for coverage from January 1)") % {"day": by}
    return str(text)


def _plan(enrollment: Enrollment | None) -> str:
    if enrollment is None:
        return "—"
    return f"{enrollment.plan_name} ({enrollment.policy_id})"


#: The renewal's own reasons for a plan it could not renew into (renewals/crosswalk.py); any
#: other reason is the Plan ID Crosswalk PUF's own words (ReasonForCrosswalk), shown as read.
OWN_REASONS = {
    "plan_not_offered": _("the plan is not offered next year and the crosswalk names none"),
    "target_not_offered": _("the plan the crosswalk names is not offered where they live"),
}


def _what_changed(renewal: Renewal, language: str) -> str:
    """Why the plan changed or could not be renewed (the crosswalk's reason), then the
    offer's own lines of what changed, in the page's language."""
    lines = []
    if renewal.reason and renewal.outcome in (Outcome.CROSSWALKED, Outcome.NEEDS_ACTION):
        reason = OWN_REASONS.get(renewal.reason, renewal.reason)
        lines.append(str(_("Plan ID crosswalk: %(reason)s") % {"reason": reason}))
    lines += explanation(renewal.detail, language)["changes"]
    return "; ".join(lines) or "—"


def _rows(owner, user) -> list[tuple]:
    renewals = list(
        Renewal.objects.filter(application__owner=owner)
        .select_related("enrollment")
        .order_by("-to_year", "-created_at", "-id")[:20]
    )
    in_force = {
        (e.application_id, e.coverage_year): e
        for e in Enrollment.objects.filter(
            owner=owner,
            coverage_year__in={r.to_year for r in renewals},
            status__in=states.ACTIVE,
        ).order_by("id")
    }
    language = page_language()
    calls = _calls_made(renewals)
    rows = []
    for renewal in renewals:
        offered = renewal.enrollment
        rows.append(
            (
                f"{renewal.from_year} → {renewal.to_year}",
                renewal.get_outcome_display(),
                _plan(offered),
                money(offered.premium_after_credit) if offered else "—",
                _what_changed(renewal, language),
                _plan(in_force.get((renewal.application_id, renewal.to_year))),
                household.Link(
                    str(_("Call sheet (%(count)s call(s))") % {"count": calls.get(renewal.pk, 0)}),
                    reverse("casework:renewal_call", args=[renewal.public_id]),
                ),
            )
        )
    return rows


def _calls_made(renewals: list[Renewal]) -> dict[int, int]:
    """{renewal's key: the calls recorded about it} (casework/renewal_calls.py)."""
    counted = (
        RenewalCall.objects.filter(renewal__in=renewals)
        .order_by()
        .values("renewal")
        .annotate(n=Count("pk"))
    )
    return {row["renewal"]: row["n"] for row in counted}


def register() -> None:
    queues.register_queue(
        queues.Queue(
            key="renewals",
            title=_("Renewals: must choose a plan"),
            overdue_days=SERVICE_DAYS,
            open_items=needing_a_choice,
            opened="created_at",
            link=lambda row: reverse("casework:household", args=[row.application.owner_id]),
            describe=_describe,
            county="application__countyfips",
            calling_list=queues.CallingList(columns=CALLING_COLUMNS, rows=_calling_rows),
        )
    )
    household.register_section(
        household.Section(
            key="renewals",
            title=_("Renewals"),
            columns=(
                _("Years"),
                _("Outcome"),
                _("Renewed into"),
                _("Renewed plan's premium a month, after savings"),
                _("What changed"),
                _("Plan in force now for the new year"),
                _("Calls"),
            ),
            rows=_rows,
        )
    )
