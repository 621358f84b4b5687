"""Renewals that end coverage: a queue of calls (ADR 1011, 1012).

The annual renewal (45 CFR 155.335; renewals/household.py) re-enrolls nobody in a household
its new determination finds no longer eligible for a Marketplace plan (outcome "No longer
eligible": residency, incarceration, lawful presence, 155.305(a)) or assessed eligible for
Medicaid or CHIP (outcome "Referred to Medicaid or CHIP": the account transfer to the state
Medicaid agency, 155.302(b), 155.345(a)); and a household it does renew may leave out some
of the people the old policy covered (a child assessed for CHIP, a member no longer
eligible: `Renewal.dropped`). Their notice tells them that those people's Marketplace
coverage ends on December 31. These are the people with nothing on January 1 unless somebody
acts: the Medicaid agency (which needs the household to answer it), or the household itself
(facts that were wrong corrected, an appeal within 90 days of the notice, 155.520(b)). An
exchange calls them first, within a week.

An item leaves the queue as the others of casework/renewal_calls.py do: a call that reached
the household or found no working number; a newer determination on the application (facts
corrected, an appeal decided: the only way the people left out could have a plan for the
new year, as the renewal's own determination offers them none); the year's open enrollment
closed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from marketplace.casework import renewal_calls
from marketplace.casework.renewals import years_still_open
from marketplace.renewals.models import ENDS_EVERYONES_COVERAGE, Outcome, Renewal

KEY = "renewal-coverage-ends"
#: The exchange's own service standard: a week, half the other renewal queues' two weeks,
#: because these households have no coverage at all on January 1.
SERVICE_DAYS = 7

#: Why a member of the household is left out of the new year's plan, in words (the renewal's
#: stored `detail["left"]`, renewals/explain.py; the reasons of enrollment/selection.py).
LEFT_OUT = {
    "medicaid": _("assessed eligible for Medicaid: referred to the state Medicaid agency"),
    "chip": _("assessed eligible for CHIP: referred to the state Medicaid agency"),
    "not_eligible": _("not eligible for a Marketplace plan"),
    "not_seeking": _("not asking for coverage"),
}


def _ending():
    """Coverage ended by the renewal, for the household or some of it, the year still open
    to a choice."""
    return Renewal.objects.filter(
        Q(outcome__in=ENDS_EVERYONES_COVERAGE) | Q(dropped__gt=0),
        to_year__in=years_still_open(),
    )


def ends(renewal: Renewal) -> bool:
    """Whether the renewal ends the coverage of anyone the old policy covered."""
    return renewal.outcome in ENDS_EVERYONES_COVERAGE or renewal.dropped > 0


def _people(renewal: Renewal) -> list[dict]:
    """The people the renewal left out of the new year's plan: those the old policy covered
    (`detail["dropped"]`), or, for a renewal recorded before that was kept, everyone left
    out (`detail["left"]`)."""
    detail = renewal.detail or {}
    return detail["dropped"] if "dropped" in detail else detail.get("left", [])


def left_out(renewal: Renewal) -> list[tuple[str, str]]:
    """[(member's name, why left out, in words)], as the renewal recorded them."""
    return [
        (row.get("name", ""), str(LEFT_OUT.get(row.get("why"), row.get("why", ""))))
        for row in _people(renewal)
    ]


def referred(renewal: Renewal) -> int:
    """How many of those left out the renewal referred to Medicaid or CHIP."""
    return sum(row.get("why") in ("medicaid", "chip") for row in _people(renewal))


def _describe(renewal: Renewal) -> str:
    if renewal.outcome == Outcome.MEDICAID_CHIP:
        what = _("%(count)s referred to Medicaid or CHIP") % {"count": referred(renewal)}
    elif renewal.outcome == Outcome.LOST_ELIGIBILITY:
        what = _("no longer eligible for a Marketplace plan")
    else:
        what = _(
            "renewed, %(count)s left out of the plan (%(referred)s referred to Medicaid or CHIP)"
        ) % {
            "count": renewal.dropped,
            "referred": referred(renewal),
        }
    ends = _("coverage ends %(day)s") % {
        "day": date_format(covered_until(renewal), "SHORT_DATE_FORMAT")
    }
    return f"{renewal.to_year}: {what}; {ends}" + renewal_calls.calls_so_far(renewal)


def covered_until(renewal: Renewal) -> date:
    """The last day of the coverage the renewal does not carry on: the old policy's end, or
    December 31 of its year (a policy runs to the end of its year unless ended)."""
    return renewal.previous.coverage_end or date(renewal.from_year, 12, 31)


def _calling_rows(renewals: list[Renewal]) -> list[tuple]:
    """The outcome, the last day of coverage (ISO), how many are left out of the new year's
    plan and how many of them were referred."""
    return [
        (
            renewal.outcome,
            covered_until(renewal).isoformat(),
            str(len(_people(renewal))),
            str(referred(renewal)),
        )
        for renewal in renewals
    ]


COVERAGE_ENDS = renewal_calls.CallQueue(
    key=KEY,
    title=_("Renewals: coverage ends"),
    overdue_days=SERVICE_DAYS,
    about=_ending,
    covers=ends,
    describe=_describe,
    columns=("outcome", "covered_until", "left_out", "referred_to_medicaid_chip"),
    rows=_calling_rows,
)
