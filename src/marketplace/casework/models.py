"""Casework's own tables: the household search keys and the applications staff entered."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
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
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["owner", "confirmed_at"], name="casework_returned_owner")]

    def __str__(self) -> str:
        return f"returned notice {self.notice_id}"
