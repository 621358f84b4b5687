"""People who sign in, their second factors, sign-in throttles and identity proofing."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import PERMISSIONS, Role, is_staff_role
from marketplace.core import crypto


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


class NoticePreference(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic (e-mail and your account)")
    PAPER = "paper", _("Paper (by mail)")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):  # the whole address, not only the domain
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email(username))

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the sign-in name (no username)."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    notice_preference = models.CharField(
        _("notices"),
        max_length=10,
        choices=NoticePreference.choices,
        default=NoticePreference.ELECTRONIC,
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONSUMER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # Django admin site access only
    date_joined = models.DateTimeField(default=timezone.now, db_index=True)  # reports by day
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # RFC 6238 TOTP: the base32 secret, set once the person confirms a first code; stored
    # only encrypted (core/crypto.py), read and written through `totp_secret`.
    totp_secret_encrypted = models.CharField(max_length=255, blank=True)
    totp_last_step = models.BigIntegerField(default=0)  # refuses a replayed code
    mfa_enabled_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci")]
        permissions = list(PERMISSIONS.items())

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    @property
    def is_staff_role(self) -> bool:
        return is_staff_role(self.role)

    @property
    def totp_secret(self) -> str:
        return crypto.decrypt(self.totp_secret_encrypted)

    @totp_secret.setter
    def totp_secret(self, value: str) -> None:
        self.totp_secret_encrypted = crypto.encrypt(value or "")

    @property
    def mfa_enabled(self) -> bool:
        # The token's presence is enough: no decryption on every request.
        return self.mfa_enabled_at is not None and bool(self.totp_secret_encrypted)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class RecoveryCode(models.Model):
    """A single-use MFA recovery code, stored only as a keyed hash."""

    # No index of its own: the (user, code_hash) index below serves it (ADR 0827).
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recovery_codes", db_index=False
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.user_id}"


class SignInThrottle(models.Model):
    """Counted attempts for one key, in the database so every app server sees the same count
    (throttle.py): failed sign-ins ("account:<digest>", "address:<ip>") and registrations
    from one address ("register:<ip>", counted in a fixed window from `window_started_at`)."""

    key = models.CharField(max_length=100, unique=True)
    failures = models.PositiveIntegerField(default=0)  # for "register:" keys, registrations
    last_failure_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    window_started_at = models.DateTimeField(null=True, blank=True)  # "register:" keys only

    def __str__(self) -> str:
        return f"{self.key}: {self.failures} failures"


class IdentityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    QUESTIONS = "questions", _("Waiting for your answers")
    VERIFIED = "verified", _("Verified")
    FAILED = "failed", _("Not verified online")
    UNAVAILABLE = "unavailable", _("Service unavailable, try again later")
    IN_REVIEW = "in_review", _("Document under review")
    DENIED = "denied", _("Document not accepted")


class IdentityVerification(models.Model):
    """Where a person stands in remote identity proofing (one row per person).

    The facts typed in are kept (never the SSN) so nothing is lost when the service is down.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="identity")
    status = models.CharField(
        max_length=20, choices=IdentityStatus.choices, default=IdentityStatus.NOT_STARTED
    )
    method = models.CharField(max_length=10, blank=True)  # "remote" or "manual"
    provider = models.CharField(max_length=50, blank=True)
    reference = models.CharField(max_length=100, blank=True)  # the provider's session id
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"identity of user {self.user_id}: {self.status}"


def _document_path(instance, filename: str) -> str:
    # A random name: never the person's own file name, never guessable; the suffix comes
    # from the type read from the file's bytes (core/uploads.py), never from the name the
    # browser sent (a 200-character extension would not fit the column).
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"identity-documents/{uuid.uuid4().hex}.{suffix}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class IdentityDocument(models.Model):
    """An identity document uploaded for staff review (the manual proofing path)."""

    class Kind(models.TextChoices):
        DRIVERS_LICENSE = "drivers_license", _("Driver's license or state ID")
        PASSPORT = "passport", _("U.S. passport")
        OTHER = "other", _("Other government-issued photo ID")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identity_documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_document_path)
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["uploaded_at"]
        indexes = [
            # The identity queue (casework): the pending documents, oldest first; only the
            # open ones are indexed, so the index stays the size of the queue.
            models.Index(
                fields=["uploaded_at", "id"],
                condition=models.Q(status="pending"),
                name="accounts_iddoc_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of user {self.user_id} ({self.status})"
