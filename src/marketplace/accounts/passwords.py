"""Password rules from NIST SP 800-63B section 5.1.1.2 (memorized secrets).

- at least 8 characters (15 for staff: CISA and OWASP's advice for privileged accounts when
  the password is the knowledge factor of a multi-factor login);
- compared against a list of commonly used, expected or compromised values, shipped with the
  project so the check needs no network: Django's list of 20,000 common passwords plus
  `data/breached-passwords.txt` (our additions: exchange- and state-specific guesses);
- no composition rules (no "one upper-case letter, one digit") and no forced expiry;
- at least 64 characters allowed (we accept up to 256).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts.roles import is_staff_role

CONSUMER_MIN_LENGTH = 8
STAFF_MIN_LENGTH = 15
MAX_LENGTH = 256
OUR_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords.txt"


def minimum_length(role: str | None) -> int:
    return STAFF_MIN_LENGTH if role and is_staff_role(role) else CONSUMER_MIN_LENGTH


class LengthValidator:
    """8 characters for consumers and assisters, 15 for staff roles; at most 256."""

    def validate(self, password, user=None):
        needed = minimum_length(getattr(user, "role", None))
        if len(password) < needed:
            raise ValidationError(
                ngettext(
                    "Use at least %(n)d character.",
                    "Use at least %(n)d characters.",
                    needed,
                )
                % {"n": needed},
                code="password_too_short",
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                _("Use at most %(n)d characters.") % {"n": MAX_LENGTH}, code="password_too_long"
            )

    def get_help_text(self):
        return _("Use at least 8 characters (15 for staff accounts). Spaces are fine.")


@cache
def _breached() -> frozenset[str]:
    words = set(CommonPasswordValidator().passwords)  # Django's 20,000, lower-cased
    with OUR_LIST.open(encoding="utf-8") as handle:
        words.update(
            line.strip().lower() for line in handle if line.strip() and not line.startswith("#")
        )
    return frozenset(words)


class BreachedPasswordValidator:
    """Refuses passwords found in the shipped list of common and breached passwords."""

    def validate(self, password, user=None):
        if password.strip().lower() in _breached():
            raise ValidationError(
                _(
                    "This password is on a list of passwords that attackers try first. "
                    "Choose another."
                ),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Do not use a password that is common or that appeared in a data breach.")
