"""The person's renewal offer (45 CFR 155.335(h)-(j)): next year's plan, what they will
pay after every subsidy, what changed and why with the arithmetic, and the ways to act
during open enrollment, each through the existing pages and actions: choose another plan
(enrollment plan list of the renewal's determination; the choice replaces the automatic
re-enrollment), report a change (the application), end the new coverage (My coverage)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from marketplace.notices.text import long_date
from marketplace.renewals.models import Outcome, Renewal
from marketplace.renewals.notice import WORDS, explanation, page_language
from marketplace.verifications.models import AgencyDecision, MedicaidReferral


@never_cache
@login_required
def mine(request):
    renewal = (
        Renewal.objects.filter(application__owner=request.user)
        .select_related("enrollment", "determination", "application", "previous")
        .order_by("-to_year", "-created_at")
        .first()
    )
    context = {"renewal": renewal}
    if renewal is not None:
        language = page_language()
        words = WORDS[language]
        current = renewal.enrollment
        active = current is not None and current.is_active
        choose_from = _latest_for_the_year(renewal)
        context.update(
            words=words,
            intro=words[renewal.outcome].format(year=renewal.to_year)
            if renewal.outcome in words
            else "",
            b2s=words["bronze_to_silver"] if renewal.bronze_to_silver else "",
            changes_heading=words["changes_heading"].format(before=renewal.from_year),
            current=current if active else None,
            choose_from=choose_from,
            can_choose=choose_from is not None
            and choose_from.offers_a_plan
            and renewal.outcome != Outcome.ALREADY_CHOSE,
            agency_decisions=_agency_decisions(renewal, words, language),
            # the link to the attestation speaks of "a tax filer in my household" when the
            # failure to file and reconcile is another tax filer's (docs/adr/0108)
            ftr_other_filer=any(
                (renewal.detail.get(key) or {}).get("other_filer") for key in ("ftr", "ftr_warning")
            ),
            **explanation(renewal.detail, language),
        )
    return render(request, "renewals/mine.html", context)


def _latest_for_the_year(renewal: Renewal):
    """The determination to choose a plan from: the household's latest for the renewal's
    year (a change reported since, or the Medicaid/CHIP agency's finding, docs/adr/0713),
    else the renewal's own."""
    latest = renewal.application.determinations.first()
    if latest is not None and latest.year == renewal.to_year:
        return latest
    return renewal.determination


_PROGRAMS = {"medicaid": "Medicaid", "chip": "CHIP"}


def _agency_decisions(renewal: Renewal, words: dict, language: str) -> list[str]:
    """What the state Medicaid/CHIP agency decided about the people the renewal referred
    (changes/medicaid_decisions.py): one line each, in the page's language."""
    if renewal.determination_id is None:
        return []
    decided = (
        MedicaidReferral.objects.filter(determination_id=renewal.determination_id)
        .exclude(decision="")
        .order_by("member_index")
    )
    names = {i: m.get("name") for i, m in enumerate(renewal.determination.result["members"])}
    covered = _covered_now(renewal)
    return [
        words[_agency_key(referral, covered)].format(
            date=long_date(referral.decided_on, language),
            name=names.get(referral.member_index) or "",
            program=_PROGRAMS[referral.program],
        )
        for referral in decided
    ]


def _covered_now(renewal: Renewal) -> set[int]:
    """The application members the renewed policy covers now (someone the agency's finding
    put back on it among them, changes/actions.py `_rejoining`)."""
    current = renewal.enrollment
    if current is None or not current.is_active:
        return set()
    return {m.person_id for m in current.covered_members()}


def _agency_key(referral: MedicaidReferral, covered: set[int]) -> str:
    if referral.decision == AgencyDecision.NOT_ELIGIBLE and referral.member_id in covered:
        return "agency_not_eligible_back"
    return f"agency_{referral.decision}"
