"""The person's renewal offer (45 CFR 155.335(h)-(j)): next year's plan, what they will
pay after every subsidy, what changed and why with the arithmetic, and the ways to act
during open enrollment, each through the existing pages and actions: choose another plan
(enrollment plan list of the renewal's determination; the choice replaces the automatic
re-enrollment), report a change (the application), end the new coverage (My coverage)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from marketplace.renewals.models import Outcome, Renewal
from marketplace.renewals.notice import WORDS, explanation, page_language


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
        context.update(
            words=words,
            intro=words[renewal.outcome].format(year=renewal.to_year)
            if renewal.outcome in words
            else "",
            b2s=words["bronze_to_silver"] if renewal.bronze_to_silver else "",
            changes_heading=words["changes_heading"].format(before=renewal.from_year),
            current=current if active else None,
            can_choose=renewal.determination is not None
            and renewal.determination.offers_a_plan
            and renewal.outcome != Outcome.ALREADY_CHOSE,
            # the link to the attestation speaks of "a tax filer in my household" when the
            # failure to file and reconcile is another tax filer's (docs/adr/0108)
            ftr_other_filer=any(
                (renewal.detail.get(key) or {}).get("other_filer") for key in ("ftr", "ftr_warning")
            ),
            **explanation(renewal.detail, language),
        )
    return render(request, "renewals/mine.html", context)
