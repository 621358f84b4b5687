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

Registrations are limited per address with the same table and the same lock check
(OWASP Automated Threats OAT-019 "account creation"): a "register:<ip>" key counts the
registrations from one address in a fixed window of REGISTRATION_WINDOW that opens with the
first one; the one that reaches ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR locks the key
until the window closes. Every registration that passes the form's checks counts, whether
or not the e-mail address already had an account: counting only new accounts would let the
refusal tell an attacker which addresses are registered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from marketplace.accounts.models import SignInThrottle
from marketplace.core.transactions import atomic_action

ACCOUNT_FREE = 5
ADDRESS_FREE = 20
MAX_LOCK_SECONDS = 15 * 60
FORGET_AFTER = timedelta(hours=24)
REGISTRATION_WINDOW = timedelta(hours=1)


def account_key(email: str) -> str:
    normalized = (email or "").strip().lower().encode()
    digest = hashlib.sha256(settings.SECRET_KEY.encode() + b"|" + normalized).hexdigest()
    return f"account:{digest[:40]}"


def address_key(ip: str | None) -> str | None:
    return f"address:{ip}" if ip else None


def registration_key(ip: str | None) -> str | None:
    return f"register:{ip}" if ip else None


@dataclass(frozen=True)
class Lock:
    until: datetime

    @property
    def seconds_left(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))


def with_retry_after(response, lock: Lock):
    """A 429 says when to come back (RFC 9110 section 10.2.3; RFC 6585 section 4)."""
    response["Retry-After"] = str(max(1, lock.seconds_left))
    return response


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
        seconds = _count_failure(key, now)
        if seconds:
            locked.append((key, seconds))
    return locked


@atomic_action
def _count_failure(key: str, now: datetime) -> int:
    """One failure on `key` in its own transaction, run again after a deadlock (ADR 1704):
    the row is read afresh on each run. The lock seconds it starts, or 0."""
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key)
    if now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    seconds = lock_seconds(row.failures, _free(key))
    if seconds:
        row.locked_until = now + timedelta(seconds=seconds)
    row.save()
    return seconds


def clear(key: str | None) -> None:
    # Read first: most sign-ins have nothing to clear, and a read takes no write lock.
    if key and SignInThrottle.objects.filter(key=key).exists():
        SignInThrottle.objects.filter(key=key).delete()


@atomic_action
def record_registration(ip: str | None) -> Lock | None:
    """Counts one registration from `ip`. Returns the lock in force when the address has
    already used its registrations for this window (the attempt is then not counted), else
    None. No limit when the setting is 0 or the address is unknown."""
    limit = settings.ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR
    key = registration_key(ip)
    if not limit or not key:
        return None
    now = timezone.now()
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key)
    if row.locked_until and row.locked_until > now:
        return Lock(row.locked_until)
    if row.window_started_at is None or now - row.window_started_at >= REGISTRATION_WINDOW:
        row.window_started_at = now
        row.failures = 0
        row.locked_until = None
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= limit:  # this one is allowed; the next waits for the window
        row.locked_until = row.window_started_at + REGISTRATION_WINDOW
    row.save()
    return None
