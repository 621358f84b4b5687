"""An appeal of an eligibility determination (45 CFR 155.505-155.555).

One row per request, however it came (on line, on paper, by phone: 155.520(a)), with the
determination and notice it appeals, the date it was received (the 90-day window, 155.520
(b)), whether the person asked to keep their eligibility while it is decided (155.525), the
hearing (155.535), the decision (155.545) and the determinations it led to: the one that
keeps eligibility pending the appeal and the one that carries out the decision. The
reason the person gives, the reason an expedited appeal is denied and the outcome of informal
resolution may hold health or money details: they are stored only encrypted (core/crypto.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.appeals import states
from marketplace.core import crypto


class Status(models.TextChoices):
    RECEIVED = states.RECEIVED, _("Received")
    HEARING_SCHEDULED = states.HEARING_SCHEDULED, _("Hearing scheduled")
    DECIDED = states.DECIDED, _("Decided")
    IMPLEMENTED = states.IMPLEMENTED, _("Decision carried out")
    DISMISSED = states.DISMISSED, _("Dismissed")
    RESOLVED = states.RESOLVED, _("Resolved informally")


class Expedited(models.TextChoices):
    GRANTED = "granted", _("Expedited")
    DENIED = "denied", _("Expedited refused: standard timeframe")


class Channel(models.TextChoices):
    ONLINE = "online", _("On line")
    PAPER = "paper", _("On paper")
    PHONE = "phone", _("By phone")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("The determination stands")
    CHANGED = "changed", _("The determination is changed")


class HearingMode(models.TextChoices):
    PHONE = "phone", _("By telephone")
    VIDEO = "video", _("By video")
    IN_PERSON = "in_person", _("In person")


class Appeal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="appeals"
    )
    determination = models.ForeignKey(
        "determinations.Determination", on_delete=models.PROTECT, related_name="appeals"
    )
    notice_date = models.DateField()  # the date of the notice appealed (155.520(b))
    received_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(  # the caseworker who took a paper or phone request
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason_encrypted = models.TextField(blank=True)
    keep_eligibility = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    request_token = models.UUIDField(unique=True)  # one appeal per request form
    # 155.525: the determination that keeps the earlier eligibility while the appeal is open.
    pending_determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 155.540: asked for an expedited appeal; the appeals entity grants (with the date the
    # decision is due) or denies it (with its reason, and the appeal stays on the standard track).
    expedited_requested = models.BooleanField(default=False)
    expedited = models.CharField(max_length=10, choices=Expedited.choices, blank=True)
    expedited_due = models.DateField(null=True, blank=True)
    expedited_reason_encrypted = models.TextField(blank=True)  # may name a health condition
    # 155.535(a): informal resolution before the hearing, and whether the person accepted it.
    informal_outcome_encrypted = models.TextField(blank=True)  # may hold health or money details
    informal_on = models.DateField(null=True, blank=True)
    informal_accepted = models.BooleanField(null=True, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True)
    hearing_mode = models.CharField(max_length=10, choices=HearingMode.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decision_text = models.TextField(blank=True)
    # What the decision finds instead of the appealed facts, e.g. {"income": "31000"}.
    corrections = models.JSONField(default=dict, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    implemented_determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    implemented_on = models.DateField(null=True, blank=True)
    # 155.520(c): the day the person told us they appealed the decision to HHS.
    hhs_appeal_on = models.DateField(null=True, blank=True)
    followups = models.TextField(blank=True)  # what casework must still do (English, staff)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "received_on"]),
            # Casework's queue: the appeals not carried out or dismissed, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status__in=states.OPEN),
                name="appeals_open",
            ),
        ]

    def __str__(self) -> str:
        return f"appeal {self.number} ({self.status})"

    @property
    def number(self) -> str:
        return f"AP-{self.pk or 0:07d}"

    @property
    def reason(self) -> str:
        return crypto.decrypt(self.reason_encrypted)

    @reason.setter
    def reason(self, value: str) -> None:
        self.reason_encrypted = crypto.encrypt(value or "")

    @property
    def expedited_reason(self) -> str:
        return crypto.decrypt(self.expedited_reason_encrypted)

    @expedited_reason.setter
    def expedited_reason(self, value: str) -> None:
        self.expedited_reason_encrypted = crypto.encrypt(value or "")

    @property
    def informal_outcome(self) -> str:
        return crypto.decrypt(self.informal_outcome_encrypted)

    @informal_outcome.setter
    def informal_outcome(self, value: str) -> None:
        self.informal_outcome_encrypted = crypto.encrypt(value or "")

    @property
    def is_open(self) -> bool:
        return self.status in states.OPEN

    def allowed(self, event: str) -> bool:
        return event in states.allowed_events(self.status)
