"""The address a request came from, for throttling and the audit log."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the X-Forwarded-For entry the outermost trusted proxy wrote when
    MARKETPLACE_TRUSTED_PROXIES (ACCOUNTS_TRUSTED_PROXY_COUNT) says how many proxies sit in
    front of the app. The header is never trusted otherwise (a client can write anything)."""
    proxies = settings.ACCOUNTS_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
