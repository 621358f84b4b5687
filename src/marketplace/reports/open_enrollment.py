"""The open-enrollment report, in the shape of CMS's public Marketplace open-enrollment
reports: plan selections by consumers (people, as CMS counts them, not policies) for a
date range, new and returning, with APTC and CSR shares, the metal mix, and the age and
household-income (FPL) distributions.

- A consumer is a person on a plan selection made in the range, counted under the policy
  that carries it now: the selection itself, or the last of the policies that continue it
  (`Enrollment.replaces`, a CIC pair when the subscriber leaves), with that policy's
  members, APTC and variant. A selection whose carrying policy is cancelled is not counted
  (CMS nets out cancellations), nor is a member whose coverage ended before the report's
  start or who was cancelled from the policy (coverage that ended on its first day).
- Returning: the person's account had a policy that was not cancelled for the coverage
  year before (CMS's "re-enrollees"; funnel.covered_the_year_before); new: everyone else.
- APTC: the policy applies advance payments of the premium tax credit (elected APTC above
  zero; 26 U.S.C. 36B, 45 CFR 155.310(d)).
- CSR: the policy is a cost-sharing-reduction variant (plan variant other than 01;
  45 CFR 155.305(g), 156.420).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.core import clock, plan_year
from marketplace.reports import funnel
from marketplace.reports.filters import METALS, Filters


def default_range() -> tuple[date, date]:
    """The open enrollment period of the plan year on offer, up to today."""
    today = clock.today()
    status = plan_year.enrollment_status(plan_year.on_offer())
    if status.period is None or today < status.period.opens:
        return today.replace(day=1), today
    return status.period.opens, min(today, status.period.closes)


def carriers(f: Filters):
    """The policies that carry the range's plan selections now: each selection that nothing
    continues, and the last policy of every chain that continues one (each policy is
    continued at most once, so a chain is followed one link per query)."""
    from marketplace.enrollment.models import Enrollment

    link = funnel.selections(f).values("pk")
    chain = Q(pk__in=link)
    while True:
        link = Enrollment.objects.filter(replaces__in=link).values("pk")
        if not link.exists():
            break
        chain |= Q(pk__in=link)
    return Enrollment.objects.filter(chain, replaced_by__isnull=True)


def consumers(f: Filters):
    """The people on the range's plan selections (the report's unit)."""
    from marketplace.enrollment.models import EnrollmentMember, Status

    still_covered = Q(coverage_end__isnull=True) | Q(
        coverage_end__gte=f.start, coverage_end__gt=F("enrollment__coverage_start")
    )
    policy_covered = Q(enrollment__coverage_end__isnull=True) | Q(
        enrollment__coverage_end__gte=f.start
    )
    return (
        EnrollmentMember.objects.filter(enrollment__in=carriers(f))
        .exclude(enrollment__status=Status.CANCELLED)
        .filter(still_covered, policy_covered)
        .annotate(
            returning=funnel.covered_the_year_before(
                "enrollment__owner", "enrollment__coverage_year"
            )
        )
    )


@dataclass(frozen=True)
class Report:
    filters: Filters
    total: int
    new: int
    returning: int
    aptc: int
    csr: int
    tables: list

    def share(self, count: int) -> str:
        return "—" if not self.total else f"{100 * count / self.total:.1f}%"

    @property
    def summary(self) -> list[tuple[str, int, str]]:
        return [
            (str(_("Plan selections (consumers)")), self.total, self.share(self.total)),
            (str(_("New consumers")), self.new, self.share(self.new)),
            (str(_("Returning consumers")), self.returning, self.share(self.returning)),
            (
                str(_("With advance payments of the tax credit (APTC)")),
                self.aptc,
                self.share(self.aptc),
            ),
            (str(_("With cost-sharing reductions (CSR)")), self.csr, self.share(self.csr)),
        ]

    def csv_rows(self):
        keys = ["total", "new", "returning", "aptc", "csr"]
        for key, (_label, count, share) in zip(keys, self.summary, strict=True):
            yield ["summary", key, "consumers", count]
            yield ["summary", key, "share", share]
        for table in self.tables:
            for label, count in table.rows:
                yield [table.key, label, "consumers", count]


def report(f: Filters) -> Report:
    people = consumers(f)
    figures = people.aggregate(
        total=Count("id"),
        aptc=Count("id", filter=Q(enrollment__elected_aptc__gt=0)),
        csr=Count("id", filter=~Q(enrollment__plan_id__endswith="01")),
    )
    # Counted on its own: PostgreSQL cannot filter an aggregate on the Exists annotation.
    figures["returning"] = people.filter(returning=True).count()
    fpl = funnel.with_fpl(people, "enrollment__determination__result")
    return Report(
        filters=f,
        total=figures["total"],
        new=figures["total"] - figures["returning"],
        returning=figures["returning"],
        aptc=figures["aptc"],
        csr=figures["csr"],
        tables=[
            funnel.Table(
                "metal",
                _("Consumers by metal level"),
                funnel.counted(people, "enrollment__metal_level", METALS),
            ),
            funnel.Table(
                "age",
                _("Consumers by age"),
                funnel.counted(
                    people.annotate(band=funnel.age_bands("age")),
                    "band",
                    [(key, label) for key, label, *_ in funnel.AGE_BANDS],
                ),
            ),
            funnel.Table(
                "fpl",
                _("Consumers by household income (FPL)"),
                funnel.counted(
                    fpl, "fpl_band", [(key, label) for key, label, *_ in funnel.FPL_BANDS]
                ),
            ),
        ],
    )
