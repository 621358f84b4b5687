"""A reported change and the special enrollment periods a household has.

`ReportedChange`: one change in a household's circumstances, dated (`event_date`), as
reported on `reported_on` by the person or a caseworker for them (45 CFR 155.330(b)). What
was reported about people (names, dates of birth, income, coverage, status) is stored only
encrypted (`details`, core/crypto.py). It points at the determination it started from and
the one it produced, so the earlier determination is kept and the two can be compared; the
effects on each policy (`effects`) and anything left for casework (`followups`) are kept
with it.

`SpecialEnrollmentPeriod`: a window (45 CFR 155.420(c)) the household may enroll or change
plans in, opened by a reported change (its qualifying event, aca_rules/sep/events.yaml) or
granted by a caseworker for exceptional circumstances (155.420(d)(9)) with a reason.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from marketplace.changes.kinds import KINDS, OWN_PAGE
from marketplace.core import crypto


class ReportedChange(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="reported_changes"
    )
    kind = models.CharField(max_length=24, choices=[*KINDS.items(), *OWN_PAGE.items()])
    event_date = models.DateField()
    reported_on = models.DateField()
    details_encrypted = models.TextField(blank=True)
    before = models.ForeignKey(
        "determinations.Determination", on_delete=models.PROTECT, null=True, related_name="+"
    )
    after = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    effects = models.JSONField(default=list, blank=True)  # per policy, for the page/notice
    followups = models.TextField(blank=True)  # for casework (English, staff-only)
    # Periods the event would open but that were not granted: [{"event", "reason"}] (45 CFR
    # 155.420(a)(5) prior coverage not shown; changes/prior_coverage.py).
    periods_refused = models.JSONField(default=list, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    by_caseworker = models.BooleanField(default=False)
    # Casework did what `followups` asked (`actions.close_followups`): the change leaves the
    # casework "change reports" queue.
    followups_done_at = models.DateTimeField(null=True, blank=True)
    followups_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token = models.UUIDField(unique=True)  # one change per form: a double submit is one
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Casework's queue of changes with follow-ups not done yet, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=~models.Q(followups="") & models.Q(followups_done_at=None),
                name="changes_followups_open",
            )
        ]

    def __str__(self) -> str:
        return f"change {self.public_id} ({self.kind})"

    @property
    def details(self) -> dict:
        return json.loads(crypto.decrypt(self.details_encrypted) or "{}")

    @details.setter
    def details(self, value: dict) -> None:
        self.details_encrypted = crypto.encrypt(json.dumps(value, sort_keys=True, default=str))


class SpecialEnrollmentPeriod(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="special_periods",
        db_index=False,  # served by sep_one_per_event (ADR 0827)
    )
    event = models.CharField(max_length=40)  # aca_rules/sep/events.yaml code
    event_date = models.DateField()
    opens = models.DateField()
    closes = models.DateField()
    change = models.ForeignKey(
        ReportedChange, on_delete=models.PROTECT, null=True, blank=True, related_name="periods"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)  # a caseworker's reason (exceptional circumstances)
    # 45 CFR 155.420(c)(5): the date the person learned of the event, having had no timely
    # notice of it, when later than the event: the window's 60 days count from it.
    learned_on = models.DateField(null=True, blank=True)
    late_notice_reason = models.TextField(blank=True)
    # The application members (public ids) the period is for; empty: the whole household.
    # 45 CFR 155.420(a)(5): a period that needs prior coverage is for those who show it.
    members = models.JSONField(default=list, blank=True)
    used_by = models.ForeignKey(
        "enrollment.Enrollment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-event_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "event", "event_date"], name="sep_one_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"special enrollment period {self.event} {self.event_date}"
