"""Casework's own tables: the household search keys and the applications staff entered."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core import crypto
from marketplace.core.channel import channel_field


class KeyKind(models.TextChoices):
    NAME = "name", "name"  # key: the normalized last name; extra: the normalized first name
    BIRTH = "dob", "date of birth"  # key: YYYY-MM-DD
    SSN4 = "ssn4", "SSN last four"  # key: keyed hash, never the digits
    EMAIL = "email", "e-mail"  # key: lower case
    PHONE = "phone", "phone"  # key: the last ten digits


class SearchKey(models.Model):
    """One way to find a household (its owner's account): a lookup key for one field of one
    person or application, kept current as they are saved (casework/search_index.py)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which row the key came from ("m<pk>" a member, "a<pk>" an application): a save replaces
    # only that row's keys.
    source = models.CharField(max_length=24)
    kind = models.CharField(max_length=8, choices=KeyKind.choices)
    key = models.CharField(max_length=100)
    extra = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "owner"], name="casework_searchkey_lookup"),
            models.Index(fields=["source"], name="casework_searchkey_source"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} key of household {self.owner_id}"


class SignatureMethod(models.TextChoices):
    """45 CFR 155.405(c)(2)(ii)-(iii): the signature on a paper application, or a recorded
    telephonic signature."""

    INK = "ink", _("Signed in ink on the paper application")
    TELEPHONIC = "telephonic", _("Telephonic signature, recorded on the call")


def _scan_path(instance, filename: str) -> str:
    # A random name; the suffix from the type read from the bytes (core/uploads.py).
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"paper-applications/{uuid.uuid4().hex}.{suffix}"


class PaperApplication(models.Model):
    """An application a caseworker entered from paper or a telephone call: who entered it,
    on which channel, how it was signed, and the scanned paper."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    channel = channel_field()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signature_method = models.CharField(max_length=12, choices=SignatureMethod.choices)
    signed_on = models.DateField()
    scan = models.FileField(upload_to=_scan_path, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    entered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.channel} application {self.public_id}"


class Assignment(models.Model):
    """Who is working one open item of a work queue (casework/queues.py). The items
    themselves stay where they live (an identity document, a verification item, an 834
    exception, a reported change, an appeal); this row only says whose it is."""

    queue = models.CharField(max_length=30)
    item = models.BigIntegerField()  # the item's primary key in its own table
    assigned_to = models.ForeignKey(  # served by casework_assigned_to (ADR 0827)
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "item"], name="casework_one_assignment")
        ]
        indexes = [models.Index(fields=["assigned_to", "queue"], name="casework_assigned_to")]

    def __str__(self) -> str:
        return f"{self.queue} item {self.item} to {self.assigned_to_id}"


class ReturnedMail(models.Model):
    """A paper notice the post office sent back: the person's address is in doubt, their
    mail waits (notices.holds) until a caseworker confirms or corrects it."""

    notice = models.OneToOneField("notices.Notice", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(  # served by casework_returned_owner (ADR 0827)
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    returned_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["owner", "confirmed_at"], name="casework_returned_owner"),
            models.Index(
                fields=["returned_at", "id"],
                condition=models.Q(confirmed_at=None),
                name="casework_returned_open",
            ),
        ]

    def __str__(self) -> str:
        return f"returned notice {self.notice_id}"


class OverrideKind(models.TextChoices):
    """What an override changes (casework/overrides.py)."""

    # A verification's result: the attestation is taken as verified, whatever the data
    # source said (the item closes as verified).
    VERIFIED = "verified", _("The attested fact is verified")
    # A data source's income, or the attested one: the household's yearly income is set to
    # the amount the caseworker found; eligibility is determined again with it.
    INCOME = "income", _("The household's yearly income is corrected")


class OverrideReason(models.TextChoices):
    """Why a caseworker overrides (a code, so overrides can be counted and audited)."""

    DATA_SOURCE_WRONG = "data_source_wrong", _("The data source's record is wrong or out of date")
    DOCUMENT_SEEN = "document_seen", _("A document was seen on paper, by fax or in person")
    EXPLANATION = "explanation", _("A reasonable explanation of the difference was given")
    CIRCUMSTANCES = "circumstances", _("Circumstances changed since the data source's year")
    EXCHANGE_ERROR = "exchange_error", _("The exchange made an error")


class OverrideStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a supervisor's approval")
    APPLIED = "applied", _("In effect")
    REJECTED = "rejected", _("Not approved")


class EncryptedNote(models.Model):
    """A caseworker's words about a case, kept encrypted at rest (they may be personal):
    `note` reads and writes them."""

    note_encrypted = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def note(self) -> str:
        return crypto.decrypt(self.note_encrypted) or ""

    @note.setter
    def note(self, value: str) -> None:
        self.note_encrypted = crypto.encrypt(value)


class Override(EncryptedNote):
    """A caseworker's override of a data source's result or of a verification, with a
    reason code. Where money changes (income decides the tax credit and cost-sharing
    reductions) it waits for a supervisor's approval before it takes effect."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(  # served by casework_override_owner (ADR 0827)
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "verifications.VerificationItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=OverrideKind.choices)
    reason_code = models.CharField(max_length=20, choices=OverrideReason.choices)
    income = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    needs_approval = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=OverrideStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # The determination it started from and, for an income override, the one it made.
    based_on = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    determination = models.ForeignKey(
        "determinations.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    followups = models.TextField(blank=True)  # what casework must still do by hand (English)

    class Meta:
        indexes = [
            models.Index(fields=["status", "requested_at"], name="casework_override_status"),
            # The queue of overrides waiting for a supervisor, oldest first.
            models.Index(
                fields=["requested_at", "id"],
                condition=models.Q(status="pending"),
                name="casework_override_pending",
            ),
            models.Index(fields=["owner", "requested_at"], name="casework_override_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} override {self.public_id} ({self.status})"


class PlanChoice(models.Model):
    """A plan a caseworker chose for a household on the telephone or from a paper form,
    through the person's own checkout action (casework/plan_choice.py): who entered it and on
    which channel. The enrollment itself is the one the person's own checkout makes."""

    enrollment = models.OneToOneField(
        "enrollment.Enrollment", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = channel_field()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.channel} plan choice for enrollment {self.enrollment_id}"


class CallResult(models.TextChoices):
    """What came of a call to a household about its renewal (casework/renewal_calls.py).
    `CLOSING` results take the household off the queue; the others leave it for another try."""

    REACHED = "reached", _("Reached the household and explained the change")
    MESSAGE = "message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong or disconnected number: the notice stands")


CLOSING = (CallResult.REACHED, CallResult.WRONG_NUMBER)


class RenewalCall(EncryptedNote):
    """One call a caseworker made to a household a renewal left without the financial help it
    had (casework/renewal_calls.py): what came of it, who called, when, and the caseworker's
    note (encrypted: it may hold personal details)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    renewal = models.ForeignKey(  # indexed by casework_call_renewal (ADR 0827)
        "renewals.Renewal", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    result = models.CharField(max_length=12, choices=CallResult.choices)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(default=timezone.now)
    #: The day the caseworker plans to call again (a message left, no answer): the household
    #: waits off the queue until then (the state's date).
    call_back_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["renewal", "called_at"], name="casework_call_renewal")]

    def __str__(self) -> str:
        return f"{self.result} call about renewal {self.renewal_id}"
