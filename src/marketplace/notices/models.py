"""A notice: what was said to whom, in which language, and the PDF that said it.

The context is a snapshot taken when the notice is issued (the stored determination, never a
re-run), so the PDF can be rendered again identically. Once rendered, a notice's content and
PDF never change (45 CFR 155.230: the notice is a record of what the person was told).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    RENDERED = "rendered", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class NoticeKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Eligibility notice")
    VERIFICATION_REQUEST = "verification_request", _("Request for documents")
    VERIFICATION_REMINDER = "verification_reminder", _("Reminder: documents needed")
    GENERIC = "generic", _("Notice")
    ELIGIBILITY_CHANGE = "eligibility_change", _("Eligibility change notice")
    VERIFICATION_EXTENSION = "verification_extension", _("More time to send documents")
    ENROLLMENT_CONFIRMATION = "enrollment_confirmation", _("Enrollment confirmation")
    GRACE_PERIOD = "grace_period", _("Premium payment overdue")
    GRACE_PAID = "grace_paid", _("Premium payment received")
    NONPAYMENT_TERMINATION = "nonpayment_termination", _("Coverage ended for non-payment")
    COVERAGE_REINSTATED = "coverage_reinstated", _("Coverage reinstated")
    FORM_1095A = "form_1095a", _("Form 1095-A, Health Insurance Marketplace Statement")
    APPEAL = "appeal", _("Appeal")
    RENEWAL = "renewal", _("Renewal notice: your coverage for next year")
    FTR_TAX_FILER = "ftr_tax_filer", _("To a tax filer: file and reconcile the premium tax credit")


FROZEN_FIELDS = ("user_id", "kind", "language", "context", "pdf", "pdf_sha256")


class ImmutableNoticeError(ValueError):
    """A rendered notice's content cannot change."""


class Notice(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # None: a notice to a person with no account (a tax filer who is not the account holder,
    # applications/ftr_notice.py): paper only, in nobody's message center.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notices",
        null=True,
        blank=True,
        db_index=False,  # served by the (user, -created_at) index (ADR 0827)
    )
    # The account whose household a notice with no user was written for (the tax filer's
    # notice, docs/adr/0109): the household's returned-mail holds apply to it and casework's
    # household page lists it. Never a reader: the message center and the PDF go by `user`.
    household = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the partial index below: only notices with no user have one
    )
    kind = models.CharField(max_length=40, choices=NoticeKind.choices)
    language = models.CharField(max_length=2, default="en")
    context = models.JSONField(default=dict)
    # No index of its own: most notices are rendered within seconds of being issued, and
    # what reads by status looks for the few still queued (the partial index below).
    status = models.CharField(
        max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED
    )
    # The PDF lives in the database: any app server can serve it, no shared disk needed.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    paper = models.BooleanField(default=False)  # the person chose notices by mail
    mailed_at = models.DateTimeField(null=True, blank=True)
    mail_reference = models.CharField(max_length=100, blank=True)
    # When the "you have a new notice" e-mail went out (electronic notices only); it is
    # sent once, whatever the number of times its job runs.
    emailed_at = models.DateTimeField(null=True, blank=True)
    related_type = models.CharField(max_length=100, blank=True)
    related_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["household", "-created_at"],
                condition=models.Q(household__isnull=False),
                name="notices_household",
            ),
            # The notices still to render, in id order (notices/batch.py, ADR 0830).
            models.Index(
                fields=["id"],
                condition=models.Q(status=NoticeStatus.QUEUED),
                name="notices_queued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} notice {self.public_id} ({self.status})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Notice.objects.filter(pk=self.pk, status=NoticeStatus.RENDERED).first()
            if stored is not None:
                for name in FROZEN_FIELDS:
                    if _value(getattr(stored, name)) != _value(getattr(self, name)):
                        raise ImmutableNoticeError(f"A rendered notice's {name} cannot change.")
                if self.status != NoticeStatus.RENDERED:
                    raise ImmutableNoticeError("A rendered notice stays rendered.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableNoticeError("Notices are records; they are never deleted.")

    @property
    def is_ready(self) -> bool:
        return self.status == NoticeStatus.RENDERED and self.pdf is not None


def _value(value):
    return bytes(value) if isinstance(value, memoryview) else value
