"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits) and
recovery codes.

The codes are pyotp's (ADR 0002, ADR 0302); what we add is the policy. NIST SP 800-63B
5.1.4.2 (single-factor OTP device) and 5.1.5.2: accept each code once (`totp_last_step`
refuses a replay), allow one step of clock drift either way.
Recovery codes (10, 10 characters of base32 each, about 50 bits) are look-up secrets
(5.1.2): stored only as an HMAC keyed by the server's secret, each usable once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
from django.conf import settings
from django.utils import timezone
from pyotp.exceptions import OTPVerificationError

from marketplace.core.transactions import atomic_action

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def new_secret() -> str:
    """A new shared secret: 160 bits, base32 (RFC 4226 section 4 recommends 160)."""
    return pyotp.random_base32(32)


def code_at(secret: str, step: int) -> str:
    return _totp(secret).generate_otp(step)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, after_step: int = 0, now: float | None = None):
    """The step whose code equals `code` (within the drift window), when it is later than
    `after_step` (the step of the last code accepted); else None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != DIGITS or not secret:
        return None
    try:
        step = _totp(secret).verify_and_get_timecode(
            code, for_time=time.time() if now is None else now, valid_window=DRIFT_STEPS
        )
    except OTPVerificationError:
        return None
    return step if step > after_step else None


@atomic_action
def verify_for_user(user, code: str) -> bool:
    """Checks a TOTP code and records its step so the same code cannot be used twice."""
    from marketplace.accounts.models import User

    fresh = User.objects.select_for_update().get(pk=user.pk)
    step = matching_step(fresh.totp_secret, code, after_step=fresh.totp_last_step)
    if step is None:
        return False
    User.objects.filter(pk=user.pk).update(totp_last_step=step)
    user.totp_last_step = step
    return True


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=email, issuer_name=issuer)


def _hash_code(code: str) -> str:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


@atomic_action
def new_recovery_codes(user) -> list[str]:
    """Replaces the person's recovery codes; returns the new ones (shown once)."""
    from marketplace.accounts.models import RecoveryCode

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = [
        "".join(secrets.choice(alphabet) for _ in range(5))
        + "-"
        + "".join(secrets.choice(alphabet) for _ in range(5))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_hash_code(code)) for code in codes
    )
    return codes


def use_recovery_code(user, code: str) -> bool:
    from marketplace.accounts.models import RecoveryCode

    updated = RecoveryCode.objects.filter(
        user=user, code_hash=_hash_code(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return updated == 1


def recovery_codes_left(user) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()
