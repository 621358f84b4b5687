"""Verification items, the documents that answer them, and Medicaid/CHIP account transfers.

An item is what data matching could not confirm for one member (or the household, for
income). While it is open the determination stands (conditional eligibility, 45 CFR
155.315(f)(4)); the person has until `due_date` to send documents (155.315(f)(2)(ii)).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core import clock


class ItemType(models.TextChoices):
    SSN = "ssn", _("Social Security number")
    CITIZENSHIP = "citizenship", _("U.S. citizenship")
    IMMIGRATION = "immigration", _("Immigration status")
    INCOME = "income", _("Household income")
    MEC = "mec", _("Other health coverage")
    # 45 CFR 155.420(g): the event of a special enrollment period, checked before the
    # coverage it gives starts (the enrollment is held until then: Enrollment.pended).
    SEP = "sep", _("Special enrollment period")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Documents needed")
    DOCUMENT_SUBMITTED = "document_submitted", _("Document received, being reviewed")
    VERIFIED = "verified", _("Verified")
    RESOLVED_BY_RETRY = "resolved_by_retry", _("Verified electronically")
    EXPIRED = "expired", _("Deadline passed")
    # A later submission of the application closed it: its facts now need no documents, or
    # the person is no longer on the application (docs/adr/0710).
    SUPERSEDED = "superseded", _("Closed by a newer application")


class CloseReason(models.TextChoices):
    """Why a superseded item was closed (shown to the person and to staff)."""

    RESUBMITTED = "resubmitted", _("The new application needs no documents for this")
    MEMBER_REMOVED = "member_removed", _("The person is no longer on the application")
    DUPLICATE = "duplicate", _("Replaced by another request for the same information")
    CHANGE_REPORTED = "change_reported", _("The reported change needs no documents for this")


CLOSED = {
    ItemStatus.VERIFIED,
    ItemStatus.RESOLVED_BY_RETRY,
    ItemStatus.EXPIRED,
    ItemStatus.SUPERSEDED,
}

# The state machine (docs/architecture.md: explicit transition tables).
TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.OPEN: {
        ItemStatus.DOCUMENT_SUBMITTED,
        ItemStatus.VERIFIED,
        ItemStatus.RESOLVED_BY_RETRY,
        ItemStatus.EXPIRED,
        ItemStatus.SUPERSEDED,
    },
    # A rejected document sends the item back to open (the person may send another).
    ItemStatus.DOCUMENT_SUBMITTED: {
        ItemStatus.VERIFIED,
        ItemStatus.OPEN,
        ItemStatus.RESOLVED_BY_RETRY,
        ItemStatus.SUPERSEDED,
    },
    ItemStatus.VERIFIED: set(),
    ItemStatus.RESOLVED_BY_RETRY: set(),
    ItemStatus.EXPIRED: set(),
    ItemStatus.SUPERSEDED: set(),
}


class TransitionError(ValueError):
    pass


class VerificationItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="verification_items"
    )
    determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        related_name="verification_items",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        "applications.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member_name = models.CharField(max_length=200, blank=True)  # as it was when opened
    type = models.CharField(max_length=12, choices=ItemType.choices)
    # No index of its own: verif_status_due and verif_status_closed lead with it (ADR 0827).
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    # The service did not answer: a job asks again; the item closes itself if it verifies.
    awaiting_service = models.BooleanField(default=False)
    service_attempts = models.PositiveSmallIntegerField(default=1)
    detail = models.CharField(max_length=300, blank=True)  # the service's plain answer
    service_reference = models.CharField(max_length=100, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    # The date of the notice that asked for documents, from which the 90 days (+5 for the
    # mail) run (45 CFR 155.315(f)(2)(ii)); None while the item waits for a data service and
    # nobody has been asked yet. `due_date` = requested_on + 95 once asked.
    requested_on = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    # The last reminder day (30, 60, 85) sent for the current request: a reminder job that
    # runs twice, or one scheduled for an earlier request, sends nothing.
    reminded_day = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    # Income items: the annual income the data source reported (None when it holds none);
    # used if the deadline passes (45 CFR 155.320(c)(3)(vi)(F)-(G), verifications/expiry.py).
    data_income = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # After expiry: the determination made from the data sources, and what staff must still
    # do by hand (e.g. a dependent to take off a policy), shown on the review page.
    redetermination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expired_items",
    )
    followup = models.TextField(blank=True)
    # Superseded by a later submission: its determination and why (CloseReason).
    superseded_by = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_items",
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    # A caseworker gave more time for a good-faith effort (45 CFR 155.315(f)(3),
    # `actions.extend_deadline`): when (the latest extension) and why, shown to the person.
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # Items by status and due date, ties by id (the expiry job, the documents list).
            models.Index(fields=["status", "due_date", "id"], name="verif_status_due"),
            # Casework's lists: documents sent, oldest first (the work queue); items waiting
            # for a data service, oldest first; expired and replaced ones, newest first.
            models.Index(
                fields=["opened_at", "id"],
                condition=models.Q(status="document_submitted"),
                name="verif_submitted_opened",
            ),
            models.Index(
                fields=["opened_at", "id"],
                condition=models.Q(status="open", awaiting_service=True),
                name="verif_awaiting_service",
            ),
            models.Index(fields=["status", "closed_at", "id"], name="verif_status_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.type} verification {self.public_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == ItemStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def needs_action(self) -> bool:
        """True when the person must still send something."""
        return self.status == ItemStatus.OPEN and not self.awaiting_service

    @property
    def is_pending(self) -> bool:
        """Open or with a document under review: the person's period is still running."""
        return self.status in (ItemStatus.OPEN, ItemStatus.DOCUMENT_SUBMITTED)

    @property
    def waiting_for_service(self) -> bool:
        """Open, and the data service has not answered yet: nobody was asked for documents,
        so the item never expires while this lasts
        (docs/adr/0710-verification-resubmission-and-retries.md)."""
        return self.status == ItemStatus.OPEN and self.awaiting_service

    @property
    def status_label(self) -> str:
        """What the person and staff read: an open item still waiting for a data service
        says so instead of "Documents needed"."""
        if self.waiting_for_service:
            return str(_("Checking with a government data service"))
        return str(self.get_status_display())

    def move_to(self, status: str) -> None:
        if status not in TRANSITIONS[self.status]:
            raise TransitionError(f"A {self.status} item cannot become {status}.")
        self.status = status
        if status in CLOSED:
            self.closed_at = clock.now()


def _document_path(instance, filename: str) -> str:
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"verification-documents/{uuid.uuid4().hex}.{suffix}"


class VerificationDocument(models.Model):
    """A document sent to resolve an item; stored under MEDIA_ROOT with a random name and
    served only to the application's owner and to casework staff."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(VerificationItem, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_document_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"document {self.public_id} for item {self.item_id}"


class Program(models.TextChoices):
    MEDICAID = "medicaid", _("Medicaid")
    CHIP = "chip", _("CHIP")


class AgencyDecision(models.TextChoices):
    """What the state Medicaid/CHIP agency decided about a person the exchange referred."""

    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class MedicaidReferral(models.Model):
    """One member assessed eligible for Medicaid or CHIP, to be transferred to the state
    Medicaid agency (45 CFR 155.302(b)(3), 155.345(a): the account transfer)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="medicaid_referrals"
    )
    determination = models.ForeignKey(  # served by one_referral_per_member (ADR 0827)
        "determinations.Determination", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    member = models.ForeignKey(
        "applications.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member_index = models.PositiveSmallIntegerField()  # position in the determination
    program = models.CharField(max_length=10, choices=Program.choices)
    record = models.JSONField()  # the account-transfer record as of the referral (no SSN)
    created_at = models.DateTimeField(default=clock.now, db_index=True)  # the exchange's day
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    batch = models.CharField(max_length=100, blank=True)  # the file it went out in
    #: The agency's decision, read back from its file (changes/medicaid_decisions.py):
    #: eligible or not, the day it decided, its reason in its own words, the file.
    decision = models.CharField(max_length=12, choices=AgencyDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=200, blank=True)
    decision_file = models.CharField(max_length=100, blank=True)
    decision_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["determination", "member_index"], name="one_referral_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} referral {self.public_id}"
