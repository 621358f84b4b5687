"""Renewals and their outcomes on the officials' dashboard (reports/registry.py: the reports
offer the hook, this app fills it from its AppConfig.ready(); ADR 1607).

The renewals made in the dashboard's date range (the day the annual renewal decided each
household, `Renewal.created_at`, 45 CFR 155.335), one row per outcome, for the same filters
as the rest of the page: county, channel and language from the household's application,
metal level from the policy renewed.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from marketplace.renewals.chosen import has_a_plan
from marketplace.renewals.models import ENDS_EVERYONES_COVERAGE, Outcome, Renewal

#: Households renewed into a plan without help they had (45 CFR 155.305(f), (g)), and
#: households whose new plan leaves out someone the old one covered (their coverage ends,
#: ADR 1012), shown after the outcomes they are part of, so officials see them before the
#: real run too (the dry run prints the same counts).
LOST = (
    ("aptc", _("Renewed, premium tax credit lost"), ~Q(aptc_lost="")),
    (
        "ftr",
        _("Renewed, premium tax credit lost for failure to file and reconcile"),
        Q(aptc_lost="ftr"),
    ),
    ("csr", _("Renewed, cost-sharing reductions lost"), Q(csr_lost=True)),
    (
        "left_out",
        _("Someone left out of the new year's plan"),
        Q(dropped__gt=0) & ~Q(outcome__in=ENDS_EVERYONES_COVERAGE),
    ),
)
#: Of the households left to choose a plan, those that have one in force for the new year
#: now (chosen on line or with a caseworker, casework's "Renewals: must choose a plan"
#: queue): what outreach has achieved, and by difference who may lose coverage on December 31.
CHOSE_SINCE = _("Had to choose a plan, and has one now")


def outcomes(filters) -> list[tuple[str, int]]:
    """(outcome, households) for every outcome, in order, for the dashboard's filters."""
    query = Renewal.objects.filter(created_at__gte=filters.since, created_at__lt=filters.before)
    if filters.county:
        query = query.filter(application__countyfips=filters.county)
    if filters.channel:
        query = query.filter(application__channel=filters.channel)
    if filters.language:
        query = query.filter(application__owner__preferred_language=filters.language)
    if filters.metal:
        query = query.filter(previous__metal_level=filters.metal)
    found = dict(query.order_by().values_list("outcome").annotate(n=Count("id")))
    rows = [(str(label), found.get(value, 0)) for value, label in Outcome.choices]
    lost = query.order_by().aggregate(
        **{key: Count("id", filter=condition) for key, _label, condition in LOST},
        chose_since=Count("id", filter=Q(outcome=Outcome.NEEDS_ACTION) & Q(has_a_plan())),
    )
    rows += [(str(label), lost[key] or 0) for key, label, _condition in LOST]
    return [*rows, (str(CHOSE_SINCE), lost["chose_since"] or 0)]


def register() -> None:
    from marketplace.reports import registry

    registry.renewal_outcomes(outcomes)
