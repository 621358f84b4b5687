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

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from marketplace import env


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
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        raw = path.read_text().strip()
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in raw.split(",") if key])
    except ValueError as exc:  # the message never holds the key
        raise env.SettingError("MARKETPLACE_FIELD_KEY is not a valid Fernet key") from exc


def encrypt(plaintext: str) -> str:
    """The token to store; an empty value stays empty."""
    if not plaintext:
        return ""
    return _fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a stored token; an empty value stays empty."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise ValueError(
            "an encrypted field could not be decrypted with the current keys"
        ) from None
