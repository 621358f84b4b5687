"""Signed, expiring links for e-mail verification and e-mail change.

Password-reset links use Django's PasswordResetTokenGenerator, which also dies as soon as
the password changes or the person signs in (OWASP Forgot Password Cheat Sheet: single use,
short-lived).
"""

from __future__ import annotations

from django.core import signing

VERIFY_SALT = "marketplace.accounts.verify-email"
CHANGE_SALT = "marketplace.accounts.change-email"
VERIFY_MAX_AGE = 3 * 24 * 3600
CHANGE_MAX_AGE = 24 * 3600


def make(user_id: int, email: str, salt: str) -> str:
    return signing.dumps({"u": user_id, "e": email}, salt=salt, compress=True)


def read(token: str, salt: str, max_age: int) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return int(data["u"]), str(data["e"])
