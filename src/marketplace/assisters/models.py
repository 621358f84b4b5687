"""Assisters and brokers: organisations, their people, and households' authorisations.

- Navigators (45 CFR 155.210) and certified application counsellors (45 CFR 155.225) work for
  an organisation the exchange designated; licensed agents and brokers (45 CFR 155.220) are
  known by their National Producer Number (NPN), which the 834 carries (docs/puf-and-834.md B.2,
  loop
  1000C).
- A household authorises one helper to act for it and may withdraw that at any time (155.210
  (e)(6), 155.225(f): the person's authorisation before a helper obtains their information;
  155.220(c)(3)(i)(F)). Only the authorisation's helper reaches the household's records, and
  only while it stands.
"""

from __future__ import annotations

import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: A National Producer Number (NIPR): digits only, at most 10.
NPN_RE = re.compile(r"^[0-9]{1,10}$")


def validate_npn(value: str) -> None:
    """An NPN is 1 to 10 digits (the national producer database's number, 45 CFR
    155.220(d): the agent or broker registers with the exchange under it)."""
    if not NPN_RE.fullmatch(value or ""):
        raise ValidationError(_("A National Producer Number is 1 to 10 digits."), code="npn")


class Kind(models.TextChoices):
    NAVIGATOR = "navigator", _("Navigator")
    COUNSELLOR = "counsellor", _("Certified application counsellor")
    BROKER = "broker", _("Licensed agent or broker")


def new_code() -> str:
    return "H" + "".join(secrets.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(7))


class Organisation(models.Model):
    """A navigator grantee, a certified application counsellor organisation or an agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Assister(models.Model):
    """A person who helps households: their own account (role `assister`), organisation,
    kind, and for agents and brokers their NPN. `code` is what a household types to
    authorise them (an NPN is accepted too)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assister"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    npn = models.CharField(max_length=10, blank=True, validators=[validate_npn])
    code = models.CharField(max_length=8, unique=True, default=new_code)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["npn"], condition=~Q(npn=""), name="assister_npn_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_broker(self) -> bool:
        return self.kind == Kind.BROKER

    @property
    def channel(self) -> str:
        """The audit channel of what they do: `broker` or `assister`."""
        return "broker" if self.is_broker else "assister"

    def clean(self):
        super().clean()
        if self.is_broker and not self.npn:
            raise ValidationError(
                {"npn": _("An agent or broker needs a National Producer Number.")}
            )
        if not self.is_broker and self.npn:
            raise ValidationError({"npn": _("Only agents and brokers have an NPN.")})


class Authorisation(models.Model):
    """A household's authorisation of one helper, from `granted_at` until `withdrawn_at`.
    A household has at most one standing authorisation: authorising another helper
    withdraws the earlier one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consumer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="helper_authorisations"
    )
    assister = models.ForeignKey(Assister, on_delete=models.PROTECT, related_name="authorisations")
    granted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.CharField(max_length=20, blank=True)  # "consumer" or "assister"

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consumer"],
                condition=Q(withdrawn_at__isnull=True),
                name="assisters_one_standing_authorisation",
            )
        ]

    def __str__(self) -> str:
        return f"authorisation {self.public_id}"

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None
