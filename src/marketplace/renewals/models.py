"""Renewals: what the annual redetermination and re-enrollment did for one policy
(45 CFR 155.335). One row per policy of the old year, written in the same transaction as
everything the renewal changed, so a household is renewed exactly once however often the
run is killed and restarted (`previous` is unique)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SAME_PLAN = "same_plan", _("Renewed in the same plan")
    CROSSWALKED = "crosswalked", _("Renewed in another plan (the plan changed)")
    LOST_ELIGIBILITY = "lost_eligibility", _("No longer eligible")
    MEDICAID_CHIP = "medicaid_chip", _("Referred to Medicaid or CHIP")
    NEEDS_ACTION = "needs_action", _("Must choose a plan")
    ALREADY_CHOSE = "already_chose", _("Already chose a plan for next year")


#: The outcomes that end the coverage of everyone in the household: nobody is re-enrolled.
ENDS_EVERYONES_COVERAGE = (Outcome.LOST_ELIGIBILITY, Outcome.MEDICAID_CHIP)


class Renewal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="renewals"
    )
    previous = models.OneToOneField(
        "enrollment.Enrollment", on_delete=models.PROTECT, related_name="renewal"
    )
    enrollment = models.ForeignKey(
        "enrollment.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_from",
    )
    determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_year = models.PositiveSmallIntegerField()
    to_year = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    crosswalk_level = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    bronze_to_silver = models.BooleanField(default=False)
    #: Renewed into a plan without the premium tax credit the old policy had: "ftr" for a
    #: failure to file and reconcile (45 CFR 155.305(f)(4)), "other" for any other reason
    #: of the new determination (income, other coverage ...), "" when not lost; `csr_lost`:
    #: without the income-based cost-sharing reduction it had (155.305(g)). Counted in the
    #: run's report and on the officials' dashboard (renewals/explain.py `_lost`).
    aptc_lost = models.CharField(max_length=5, blank=True, default="")
    csr_lost = models.BooleanField(default=False)
    #: The people the old policy covered whom the new year's plan leaves out (assessed for
    #: Medicaid or CHIP, no longer eligible: renewals/explain.py `dropped`): their coverage
    #: ends with the old year even when the household is renewed. Casework calls them
    #: (casework/coverage_ends.py).
    dropped = models.PositiveSmallIntegerField(default=0)
    #: What changed and why, with the figures (renewals/explain.py): the offer page and the
    #: notice read it; nothing is recomputed.
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_year", "outcome"]),
            # The renewed households without the help they had: a few in a thousand,
            # casework's queue of calls to make reads them (casework/renewal_calls.py).
            models.Index(
                fields=["to_year", "created_at"],
                condition=~models.Q(aptc_lost="") | models.Q(csr_lost=True),
                name="renewal_help_lost",
            ),
            # The households whose coverage the renewal ends, in whole or for some of them:
            # casework's queue of calls reads them (casework/coverage_ends.py).
            models.Index(
                fields=["to_year", "created_at"],
                condition=models.Q(outcome__in=[o.value for o in ENDS_EVERYONES_COVERAGE])
                | models.Q(dropped__gt=0),
                name="renewal_coverage_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"renewal of {self.previous_id} for {self.to_year} ({self.outcome})"
