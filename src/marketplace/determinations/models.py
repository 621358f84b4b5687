"""Stored eligibility determinations: immutable once written (docs/architecture.md).

Each row keeps exactly the rules-engine input that was determined (`input_snapshot`), the
rules and parameter version, and the engine's output (`result`, the `marketplace estimate`
shape) with per-member results and reasons; the law values it used that are not confirmed
(`unconfirmed_values`) are kept once per distinct list and named by the row (`law_values`,
docs/adr/0818): `full_result` is the engine's output whole. Notices, appeals and caseworker
screens read this record; they never re-run today's code on old facts (45 CFR 155.310(g)
notice of the determination; 45 CFR 155.1210 record retention).
"""

from __future__ import annotations

import copy
import uuid

from django.db import models
from django.utils import timezone

from marketplace.determinations import law_values as lv
from marketplace.determinations.law_values import LawValuesUsed

#: The result's key whose list is kept in `LawValuesUsed` (aca_rules.io.determination_to_dict).
UNCONFIRMED = "unconfirmed_values"


class ImmutableError(Exception):
    """A stored determination may not be changed or deleted."""


class Cause(models.TextChoices):
    """Why a determination was made."""

    # The person submitted (or re-submitted, reporting a change) the application.
    SUBMISSION = "submission", "Application submitted"
    # A verification item's deadline passed: redetermined from the data sources
    # (45 CFR 155.315(f)(5), 155.320(c)(3)(vi)(F)-(G)); see verifications/expiry.py.
    VERIFICATION_EXPIRED = "verification_expired", "Verification deadline passed"
    # The household reported a change (45 CFR 155.330(b), (e)); see changes/actions.py.
    CHANGE_REPORTED = "change_reported", "Change reported"

    # An appellant asked to keep the eligibility they had before the redetermination they
    # appeal while the appeal is decided (45 CFR 155.525); see appeals/actions.py.
    PENDING_APPEAL = "pending_appeal", "Eligibility kept pending an appeal"
    # An appeal decision carried out (45 CFR 155.545(c)).
    APPEAL_DECISION = "appeal_decision", "Appeal decision carried out"

    # The annual redetermination for the next plan year (45 CFR 155.335): the stored facts
    # determined with that year's rules by `marketplace renew` (renewals app).
    RENEWAL = "renewal", "Annual redetermination for renewal"

    # A caseworker's override of the household's income, approved by a supervisor (45 CFR
    # 155.315(f)(1)-(2), 155.320(c)(3)(vi)); see casework/overrides.py.
    OVERRIDE = "override", "Caseworker's override, approved"


class DeterminationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("determinations are never updated")

    def delete(self):
        raise ImmutableError("determinations are never deleted")


class Determination(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="determinations"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)  # reports by day
    rules_version = models.CharField(max_length=100)
    input_snapshot = models.JSONField()
    result = models.JSONField()
    cause = models.CharField(max_length=40, choices=Cause.choices, default=Cause.SUBMISSION)
    # The result's `unconfirmed_values`, kept once per distinct list (None: the result had
    # none). Nothing looks determinations up by it: no index.
    law_values = models.ForeignKey(
        LawValuesUsed, on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )

    objects = DeterminationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"determination {self.public_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ImmutableError("determinations are never updated")
        if isinstance(self.result, dict) and UNCONFIRMED in self.result:
            rest = {key: value for key, value in self.result.items() if key != UNCONFIRMED}
            self.law_values = lv.of_json(self.result[UNCONFIRMED], self.rules_version)
            self.result = rest
        if Determination.law_values.is_cached(self) and self.law_values is not None:
            lv.ensure([self.law_values])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("determinations are never deleted")

    @property
    def unconfirmed_values(self) -> list[dict] | None:
        """The law values used that are not confirmed, with their provenance (ADR 0103), as
        the engine gave them; None when the result had no such list."""
        if self.law_values_id is None:
            return None
        return copy.deepcopy(self.law_values.values)

    @property
    def full_result(self) -> dict:
        """The engine's output as determined (`marketplace estimate`'s shape, docs/contracts.md
        4.2): `result` with its `unconfirmed_values` put back."""
        values = self.unconfirmed_values
        return dict(self.result) if values is None else {**self.result, UNCONFIRMED: values}

    @property
    def members(self) -> list[dict]:
        return list(self.result.get("members", []))

    @property
    def year(self) -> int | None:
        return self.result.get("year") or self.input_snapshot.get("year")

    @property
    def offers_a_plan(self) -> bool:
        """Someone who asked for coverage can buy a Marketplace plan (a QHP, 45 CFR
        155.305(a)) rather than get Medicaid or CHIP: the result leads on to choosing one."""
        people = self.input_snapshot.get("people", [])
        for index, row in enumerate(self.members):
            seeking = people[index].get("seeking_coverage", True) if index < len(people) else True
            if seeking and row.get("qhp") and not (row.get("medicaid") or row.get("chip")):
                return True
        return False
