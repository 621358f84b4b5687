"""The one staff gate: every casework page checks who may see it here, and nowhere else.

Roles and the permissions each carries are defined once, in `marketplace.accounts.roles`
(`ROLE_PERMISSIONS`). A page names the permission it needs; the gate answers:

- anyone not signed in: sent to sign in (and back afterwards);
- signed in without the permission (consumers, assisters, staff whose role lacks it): 404,
  never 403, so a page's existence tells nobody anything;
- staff without two-step sign-in: the MFA middleware sends them to set it up first.

`refuse_own_case` is the second half: nobody works on their own case (ADR 0300).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.views.decorators.cache import never_cache

from marketplace.accounts.roles import PERMISSIONS


class Can:
    """The permissions casework pages ask for (codenames in accounts/roles.py)."""

    VIEW = "accounts.view_casework"
    REVIEW_IDENTITY = "accounts.review_identity_documents"
    EXTEND_DEADLINES = "accounts.extend_verification_deadlines"
    MAINTAIN_ENROLLMENTS = "accounts.maintain_enrollments"
    ENTER_PAPER = "accounts.process_paper_applications"
    OVERRIDE = "accounts.override_determinations"
    APPROVE_OVERRIDES = "accounts.approve_overrides"
    ASSIGN_WORK = "accounts.assign_work"
    VIEW_AUDIT = "accounts.view_audit_log"
    MANAGE_STAFF = "accounts.manage_staff"


def _known(permission: str) -> str:
    app, _, codename = permission.partition(".")
    if app != "accounts" or codename not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}: add it to accounts/roles.py")
    return permission


def allowed(user, permission: str = Can.VIEW) -> bool:
    return bool(user.is_authenticated and user.has_perm(_known(permission)))


def staff_page(permission: str = Can.VIEW) -> Callable:
    """Decorate a casework view: sign-in first, then the permission, else 404; never cached."""
    _known(permission)

    def decorate(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        gated.staff_permission = permission  # read by the test that checks every staff URL
        return never_cache(gated)

    return decorate


def refuse_own_case(user, owner_id) -> None:
    """Nobody reviews, changes or overrides their own case: 404 as for anyone else."""
    if owner_id is not None and owner_id == user.pk:
        raise Http404
