"""/api/v1/: the public JSON API (marketplace.api.endpoints)."""

from __future__ import annotations

import functools

from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.api import i18n
from marketplace.api.endpoints import api, problem


def _json_not_allowed(view):
    """ninja answers a method an operation does not take with a plain-text 405; the API
    answers every error with a CMS error object, the Allow header kept."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        with translation.override(i18n.request_language(request)):
            message = _("This address does not take %(method)s; it takes %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            replaced = problem(405, 1003, message, {"method": message})
        replaced["Allow"] = allowed
        return replaced

    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapper


def _patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_not_allowed(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [path("", _patterns())]
