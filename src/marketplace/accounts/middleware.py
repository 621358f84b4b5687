"""Session inactivity timeout and the staff MFA requirement.

Sessions expire after SESSION_COOKIE_AGE seconds without a request (NIST SP 800-63B 7.2:
reauthenticate after a period of inactivity; 30 minutes at AAL2). The last-activity time is
written at most once a minute, so a busy page costs no extra database write per request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.audit import log

SEEN_KEY = "_accounts_seen"
TOUCH_EVERY_SECONDS = 60


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.session_expires_at = None
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = time.time()
        age = settings.SESSION_COOKIE_AGE
        seen = request.session.get(SEEN_KEY)
        if seen is not None and now - seen > age:
            user = request.user
            logout(request)
            log.record("accounts.session_expired", obj=user, ip_address=client_ip(request))
            messages.info(request, _("You were signed out after a period without activity."))
            return
        if seen is None or now - seen >= TOUCH_EVERY_SECONDS:
            request.session[SEEN_KEY] = seen = now
        request.session_expires_at = seen + age


def set_seen_now(request) -> None:
    request.session[SEEN_KEY] = now = time.time()
    request.session_expires_at = now + settings.SESSION_COOKIE_AGE


# Paths a staff member without MFA may still reach: MFA set-up, sign-out, assets, language.
_STAFF_OPEN_PREFIXES = ("/account/mfa/", "/account/logout/", "/static/", "/i18n/", "/healthz")


class StaffMFARequiredMiddleware:
    """Staff roles must set up MFA before they can do anything else (NIST SP 800-63B AAL2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff_role
            and not user.mfa_enabled
            and not request.path.startswith(_STAFF_OPEN_PREFIXES)
        ):
            return redirect("accounts:mfa_setup")
        return self.get_response(request)
