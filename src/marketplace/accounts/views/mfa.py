"""Setting up, using and removing a second factor (TOTP app plus recovery codes).

Optional for consumers; required for staff roles (StaffMFARequiredMiddleware sends a staff
member here until it is set up, and they cannot turn it off).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from marketplace.accounts import emails, totp
from marketplace.accounts.forms import PasswordConfirmForm, TotpConfirmForm
from marketplace.accounts.netaddr import client_ip
from marketplace.audit import log
from marketplace.core import crypto

PENDING_SECRET = "_accounts_totp_pending"  # noqa: S105 (a session key name)
ISSUER = "Health Marketplace"


@never_cache
@login_required
def overview(request):
    user = request.user
    return render(
        request,
        "accounts/mfa.html",
        {
            "codes_left": totp.recovery_codes_left(user) if user.mfa_enabled else 0,
            "password_form": PasswordConfirmForm(),
        },
    )


@never_cache
@login_required
def setup(request):
    user = request.user
    if user.mfa_enabled:
        return redirect("accounts:mfa")
    # Sessions live in the database too: the key waiting for its first code is kept there
    # encrypted, like the confirmed one on the user row.
    try:
        secret = crypto.decrypt(request.session.get(PENDING_SECRET, ""))
    except ValueError:  # a session from before encryption, or an old key: start afresh
        secret = ""
    if not secret:
        secret = totp.new_secret()
        request.session[PENDING_SECRET] = crypto.encrypt(secret)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = totp.matching_step(secret, form.cleaned_data["code"])
        if step is None:
            form.add_error("code", _("That code is not right. Check the key and try again."))
        else:
            user.totp_secret = secret
            user.totp_last_step = step
            user.mfa_enabled_at = timezone.now()
            user.save(update_fields=["totp_secret_encrypted", "totp_last_step", "mfa_enabled_at"])
            del request.session[PENDING_SECRET]
            codes = totp.new_recovery_codes(user)
            log.record("accounts.mfa_enabled", actor=user, obj=user, ip_address=client_ip(request))
            emails.send("mfa_changed", user.email, user.preferred_language, {"enabled": True})
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "secret": grouped,
            "uri": totp.provisioning_uri(secret, user.email, ISSUER),
        },
    )


def _password_ok(request) -> bool:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid() and request.user.check_password(form.cleaned_data["password"]):
        return True
    messages.error(request, _("That is not your current password. Nothing was changed."))
    return False


@require_POST
@login_required
@sensitive_post_parameters("password")
def new_recovery_codes(request):
    user = request.user
    if not user.mfa_enabled or not _password_ok(request):
        return redirect("accounts:mfa")
    codes = totp.new_recovery_codes(user)
    log.record(
        "accounts.recovery_codes_replaced", actor=user, obj=user, ip_address=client_ip(request)
    )
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@login_required
@sensitive_post_parameters("password")
def disable(request):
    user = request.user
    if user.is_staff_role:
        messages.error(request, _("Staff accounts must keep two-step sign-in."))
        return redirect("accounts:mfa")
    if not user.mfa_enabled or not _password_ok(request):
        return redirect("accounts:mfa")
    user.totp_secret = ""
    user.mfa_enabled_at = None
    user.save(update_fields=["totp_secret_encrypted", "mfa_enabled_at"])
    user.recovery_codes.all().delete()
    log.record("accounts.mfa_disabled", actor=user, obj=user, ip_address=client_ip(request))
    emails.send("mfa_changed", user.email, user.preferred_language, {"enabled": False})
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("accounts:mfa")
