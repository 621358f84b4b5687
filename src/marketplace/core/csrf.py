"""The page shown when a form's CSRF check fails (settings.CSRF_FAILURE_VIEW).

Django's own page is an English technical note. This one says, in the person's language,
that the form expired (a form stops working after a sign-in or sign-out in another window
rotates the token, or when the browser dropped the cookie), that nothing was sent or saved,
and what to do: go back (the browser keeps what was typed), then reload for a fresh form.

It never echoes what was posted (a page that offered to resend a refused POST would undo the
protection) and never shows Django's reason; the reason goes to the server log only, as
Django already does (logger django.security.csrf).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


def _form_page(request) -> str:
    """The page the refused form was on (from the Referer, this site only), else the home
    page. Not the address the form was sent to: some of those answer POST only."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


@never_cache
def csrf_failure(request, reason: str = ""):
    return render(request, "errors/csrf.html", {"form_page": _form_page(request)}, status=403)
