"""Field encryption at rest (Fernet: AES-128-CBC with HMAC-SHA256), the one helper for every
secret stored in a column: Social Security numbers (applications.Member.ssn) and TOTP secrets
(accounts.User.totp_secret). Each model keeps the token in a `..._encrypted` column and offers
a property that decrypts on read and encrypts on write.

The key comes from MARKETPLACE_FIELD_KEY (a urlsafe base64 Fernet key). For local use a key
is generated once into var/field_key (mode 0600), like the SECRET_KEY in settings.py; a
production deployment must set the variable. Several keys separated by commas rotate: the
first encrypts, all decrypt (MultiFernet). Neither keys nor plaintext are ever logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from marketplace import env
from marketplace.core.files import write_private

KEY_VARIABLE = "MARKETPLACE_FIELD_KEY"


def keys_from(raw: str) -> MultiFernet:
    """The keys in `raw` (comma-separated urlsafe base64 Fernet keys, the first encrypts);
    SettingError naming the variable, never the key, when one is malformed."""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    if not keys:
        raise env.SettingError(f"{KEY_VARIABLE} holds no key")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:  # the message never holds the key
        raise env.SettingError(
            f"{KEY_VARIABLE} is not a valid Fernet key (32 bytes, urlsafe base64; make one "
            'with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())")'
        ) from exc


def check_setting(production: bool) -> None:
    """Start-up check (settings.py): production needs the key; a key given must be valid.
    Without it every staff MFA step and every SSN read would fail later, one request at a
    time."""
    raw = env.text(KEY_VARIABLE)
    if raw:
        keys_from(raw)
    elif production:
        raise env.SettingError(f"{KEY_VARIABLE} must be set when MARKETPLACE_ENV=production")


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    raw = env.text("MARKETPLACE_FIELD_KEY")
    if not raw:
        if getattr(settings, "PRODUCTION", False):
            raise env.SettingError(
                "MARKETPLACE_FIELD_KEY must be set when MARKETPLACE_ENV=production"
            )
        path = settings.VAR_DIR / "field_key"
        if not path.exists():
            write_private(path, Fernet.generate_key())
        raw = path.read_text().strip()
    return keys_from(raw)


class UnreadableField(ValueError):
    """A stored token none of the current keys decrypts (a key was dropped from
    MARKETPLACE_FIELD_KEY, or the column was damaged)."""

    personal_data_free = True


#: Inside `remembering()`: token -> plaintext of the tokens made or read there.
_remembered: ContextVar[dict[str, str] | None] = ContextVar("remembered", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block, a token encrypted or decrypted there once is decrypted again from
    memory: a seeded batch reads each member's SSN two or three times (the data-matching
    checks, the tax-data check, the Medicaid/CHIP referral) right after encrypting it
    (docs/adr/0817). The plaintexts are forgotten when the block ends; nothing is kept
    on any instance."""
    memo: dict[str, str] = {}
    token = _remembered.set(memo)
    try:
        yield
    finally:
        _remembered.reset(token)
        memo.clear()


def encrypt(plaintext: str) -> str:
    """The token to store; an empty value stays empty."""
    if not plaintext:
        return ""
    token = _fernet().encrypt(plaintext.encode()).decode("ascii")
    memo = _remembered.get()
    if memo is not None:
        memo[token] = plaintext
    return token


def decrypt(token: str) -> str:
    """The plaintext of a stored token; an empty value stays empty."""
    if not token:
        return ""
    memo = _remembered.get()
    if memo is not None and token in memo:
        return memo[token]
    try:
        plaintext = _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise UnreadableField(
            "an encrypted field could not be decrypted with the current keys"
        ) from None
    if memo is not None:
        memo[token] = plaintext
    return plaintext
