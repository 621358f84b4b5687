"""The 834 outbox, the files it went out in, inbound files, exceptions and id sequences.

`OutboundTransaction` rows are written in the same database transaction as the enrollment
change they report (a transactional outbox, docs/architecture.md); `payload` is the
`x12.EnrollmentTransaction` as it was at that moment, so regenerating a file after a crash
gives the same bytes. A row is `sent` only in the transaction that records its
`OutboundFile` (edi/export.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Counter(models.Model):
    """A named sequence (ISA13, GS06, ST02, exchange-assigned ids): never repeats (CG §3.1)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


class Kind(models.TextChoices):
    ADDITION = "addition", "Addition (021)"
    CHANGE = "change", "Change (001)"
    CANCELLATION = "cancellation", "Cancellation (024)"
    TERMINATION = "termination", "Termination (024)"
    REMOVAL = "removal", "Member removal (024)"  # one member off a continuing policy
    REINSTATEMENT = "reinstatement", "Reinstatement (025)"  # after a non-payment termination


class OutboundFile(models.Model):
    """One interchange written for one issuer: its control numbers and what went in it."""

    issuer = models.ForeignKey("catalog.Issuer", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120, unique=True)
    interchange_control = models.PositiveIntegerField(unique=True)  # ISA13
    group_control = models.PositiveIntegerField(unique=True)  # GS06
    first_set_control = models.PositiveIntegerField()  # ST02 of the first set
    set_count = models.PositiveIntegerField()
    transaction_count = models.PositiveIntegerField()
    member_count = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField()  # ISA09/10, GS04/05
    validation = models.CharField(max_length=20)  # pyx12 | companion | fast
    sent_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.name


class OutboundTransaction(models.Model):
    """`pending` until a file carries it (`sent`); `held` when it cannot be written or the
    file checks refuse it: it waits on the exceptions list (EdiException.outbound) with the
    later transactions of its enrollment, while everyone else's go out (edi/export.py)."""

    PENDING, SENT, HELD = "pending", "sent", "held"

    enrollment = models.ForeignKey(
        "enrollment.Enrollment", on_delete=models.PROTECT, related_name="outbound"
    )
    issuer = models.ForeignKey("catalog.Issuer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=13, choices=Kind.choices)
    maintenance_type = models.CharField(max_length=3)  # INS03
    maintenance_reason = models.CharField(max_length=2, blank=True)  # INS04
    additional_reason = models.CharField(max_length=50, blank=True)  # AMRC
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, default=PENDING)
    file = models.ForeignKey(
        OutboundFile, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    # The stored determination the policy rested on when this change was queued: Form 1095-A
    # reads each month's benchmark (SLCSP) premium from it (26 CFR 1.36B-3(f)), never from
    # today's rules.
    determination = models.ForeignKey(
        "determinations.Determination",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The policy's own benchmark (SLCSP) premium when only some of the household enrolled
    # (Enrollment.benchmark_premium, 26 CFR 1.36B-3(f)): Form 1095-A reads it before the
    # determination's. Not sent to the issuer.
    benchmark_premium = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "issuer", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.enrollment_id} ({self.status})"


class InboundFile(models.Model):
    """An issuer's 834 we read (effectuations, cancellations, terminations)."""

    issuer_hios = models.CharField(max_length=5, blank=True)
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)  # the same file twice is read once
    received_at = models.DateTimeField(default=timezone.now)
    transaction_count = models.PositiveIntegerField(default=0)
    applied_count = models.PositiveIntegerField(default=0)
    exception_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ExceptionKind(models.TextChoices):
    INVALID_FILE = "invalid_file", "File failed validation"
    UNKNOWN_POLICY = "unknown_policy", "Unknown policy or subscriber"
    CONFLICT = "conflict", "Conflicts with our record"
    NOT_ALLOWED = "not_allowed", "Not allowed in the policy's status"
    UNSUPPORTED = "unsupported", "Maintenance we do not process"
    # Outbound: one of our transactions held back while the others went out.
    UNWRITABLE = "unwritable", "Cannot be written for the insurer"
    REFUSED = "refused", "Refused by the file checks"


class EdiException(models.Model):
    """An inbound record we could not apply, or an outbound transaction held back
    (`outbound`): kept for a person to work, never dropped. `message` and `detail` name
    fields and problems, never a person's name, address or other personal data."""

    inbound_file = models.ForeignKey(
        InboundFile, null=True, blank=True, on_delete=models.PROTECT, related_name="exceptions"
    )
    file_name = models.CharField(max_length=200, blank=True)
    issuer_hios = models.CharField(max_length=5, blank=True)
    kind = models.CharField(max_length=20, choices=ExceptionKind.choices)
    policy_id = models.CharField(max_length=50, blank=True, db_index=True)
    subscriber_id = models.CharField(max_length=50, blank=True)
    message = models.TextField()
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)
    outbound = models.ForeignKey(
        OutboundTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["resolved_at", "-created_at", "-id"]
        indexes = [
            # The 834 exception queue (casework): the unresolved ones by age, either way.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(resolved_at=None),
                name="edi_exception_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.policy_id or self.file_name}"
