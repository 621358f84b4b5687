"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits) and
recovery codes.

NIST SP 800-63B 5.1.4.2 (single-factor OTP device) and 5.1.5.2: accept each code once
(`totp_last_step` refuses a replay), allow one step of clock drift either way.
Recovery codes (10, 10 characters of base32 each, about 50 bits) are look-up secrets
(5.1.2): stored only as an HMAC keyed by the server's secret, each usable once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode()


def code_at(secret: str, step: int) -> str:
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, after_step: int = 0, now: float | None = None):
    """The step whose code equals `code` (within the drift window, later than `after_step`)."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != DIGITS or not secret:
        return None
    step = current_step(now)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if candidate > after_step and hmac.compare_digest(code_at(secret, candidate), code):
            return candidate
    return None


def verify_for_user(user, code: str) -> bool:
    """Checks a TOTP code and records its step so the same code cannot be used twice."""
    from marketplace.accounts.models import User

    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        step = matching_step(fresh.totp_secret, code, after_step=fresh.totp_last_step)
        if step is None:
            return False
        User.objects.filter(pk=user.pk).update(totp_last_step=step)
    user.totp_last_step = step
    return True


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    label = quote(f"{issuer}:{email}")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": DIGITS, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def _hash_code(code: str) -> str:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


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
    with transaction.atomic():
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
