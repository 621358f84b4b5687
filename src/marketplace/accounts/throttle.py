"""Throttling of failed sign-ins, per account and per address, stored in the database.

NIST SP 800-63B 5.2.2 (rate limiting): limit consecutive failed attempts on one account
(to at most 100) and prefer measures that slow an attacker without locking out the real
person for good. OWASP Authentication Cheat Sheet: exponential back-off rather than
permanent lockout. So:

- an account key (a digest of the e-mail as typed, registered or not, so the answer is the
  same for unregistered addresses) gets ACCOUNT_FREE failures, then each further failure
  locks it for 2, 4, 8 ... seconds, never more than MAX_LOCK_SECONDS;
- an address key gets ADDRESS_FREE failures (a family or a library shares one address),
  then the same doubling with the same cap;
- counts are forgotten FORGET_AFTER after the last failure; a successful sign-in clears the
  account's count; a password reset clears the account's lock (the real person's way out).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import SignInThrottle

ACCOUNT_FREE = 5
ADDRESS_FREE = 20
MAX_LOCK_SECONDS = 15 * 60
FORGET_AFTER = timedelta(hours=24)


def account_key(email: str) -> str:
    normalized = (email or "").strip().lower().encode()
    digest = hashlib.sha256(settings.SECRET_KEY.encode() + b"|" + normalized).hexdigest()
    return f"account:{digest[:40]}"


def address_key(ip: str | None) -> str | None:
    return f"address:{ip}" if ip else None


@dataclass(frozen=True)
class Lock:
    until: datetime

    @property
    def seconds_left(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))


def lock_seconds(failures: int, free: int) -> int:
    """0 while failures <= free; then 2, 4, 8 ... seconds, capped at MAX_LOCK_SECONDS."""
    over = failures - free
    if over <= 0:
        return 0
    return min(MAX_LOCK_SECONDS, 2 ** min(over, 20))


def current_lock(keys: list[str | None]) -> Lock | None:
    """The latest lock in force on any of the keys, or None."""
    now = timezone.now()
    wanted = [k for k in keys if k]
    until = (
        SignInThrottle.objects.filter(key__in=wanted, locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return Lock(until) if until else None


def _free(key: str) -> int:
    return ACCOUNT_FREE if key.startswith("account:") else ADDRESS_FREE


def record_failure(keys: list[str | None]) -> list[tuple[str, int]]:
    """Count one failure on each key. Returns (key, lock seconds) for each key newly locked."""
    now = timezone.now()
    locked: list[tuple[str, int]] = []
    for key in (k for k in keys if k):
        with transaction.atomic():
            row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key)
            if now - row.last_failure_at > FORGET_AFTER:
                row.failures = 0
            row.failures += 1
            row.last_failure_at = now
            seconds = lock_seconds(row.failures, _free(key))
            if seconds:
                row.locked_until = now + timedelta(seconds=seconds)
                locked.append((key, seconds))
            row.save()
    return locked


def clear(key: str | None) -> None:
    # Read first: most sign-ins have nothing to clear, and a read takes no write lock.
    if key and SignInThrottle.objects.filter(key=key).exists():
        SignInThrottle.objects.filter(key=key).delete()
