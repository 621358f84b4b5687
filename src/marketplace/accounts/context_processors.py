"""What every page knows about the session: when it ends if the person does nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings


def session_expiry(request):
    expires = getattr(request, "session_expires_at", None)
    if expires is None:
        return {}
    return {
        "session_expires_at": datetime.fromtimestamp(expires, tz=UTC),
        "session_warning_seconds": getattr(
            settings, "ACCOUNTS_SESSION_WARNING_SECONDS", min(300, settings.SESSION_COOKIE_AGE // 6)
        ),
    }
