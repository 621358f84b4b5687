"""Helpers the account views share."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from marketplace.accounts import throttle
from marketplace.accounts.netaddr import client_ip
from marketplace.audit import log

# Session keys while a person is between the password step and the MFA step.
PENDING_USER = "_accounts_mfa_user"
PENDING_NEXT = "_accounts_mfa_next"
PENDING_AT = "_accounts_mfa_at"
PENDING_SECONDS = 5 * 60


def safe_next(request, default="accounts:home") -> str:
    """The `next` target when it stays on this site (no open redirects), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
    )


def complete_sign_in(request, user, method: str) -> None:
    """Logs the person in (Django rotates the session key: no session fixation), clears the
    account's failure count and writes the audit row."""
    login(request, user, backend="marketplace.accounts.backends.RolePermissionBackend")
    throttle.clear(throttle.account_key(user.email))
    log.record(
        "accounts.signed_in",
        actor=user,
        obj=user,
        ip_address=client_ip(request),
        method=method,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
    )
