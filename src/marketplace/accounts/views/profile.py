"""The signed-in person's own pages: overview, settings, recent sign-ins, session extension.

Every view here reads only `request.user`'s rows: there is no id in the address to tamper
with.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from marketplace.accounts import emails, identity, tokens, totp
from marketplace.accounts.forms import ChangeEmailForm, ChangePasswordForm, PreferencesForm
from marketplace.accounts.middleware import set_seen_now
from marketplace.accounts.models import User
from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.views.common import safe_next, set_language_cookie
from marketplace.audit import log
from marketplace.audit.models import AuditEvent

SIGN_IN_ACTIONS = {
    "accounts.signed_in": "ok",
    "accounts.sign_in_failed": "failed",
    "accounts.locked": "locked",
}


@never_cache
@login_required
def home(request):
    user = request.user
    return render(
        request,
        "accounts/home.html",
        {
            "verification": identity.verification_for(user),
            "identity_verified": identity.is_identity_verified(user),
            "recovery_codes_left": totp.recovery_codes_left(user) if user.mfa_enabled else None,
        },
    )


@never_cache
@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        log.record(
            "accounts.preferences_changed",
            actor=request.user,
            obj=request.user,
            ip_address=client_ip(request),
            fields=sorted(form.changed_data),
        )
        response = redirect("accounts:home")
        set_language_cookie(response, request.user.preferred_language)
        with translation.override(request.user.preferred_language):
            messages.success(request, _("Your settings are saved."))
        return response
    return render(request, "accounts/preferences.html", {"form": form})


@never_cache
@login_required
@sensitive_post_parameters("current_password")
def change_email(request):
    form = ChangeEmailForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = User.objects.normalize_email(form.cleaned_data["email"])
        user = request.user
        if not User.objects.filter(email__iexact=new).exists():
            token = tokens.make(user.pk, new, tokens.CHANGE_SALT)
            link = request.build_absolute_uri(
                reverse("accounts:confirm_email_change", args=[token])
            )
            emails.send("change_email", new, user.preferred_language, {"link": link})
        emails.send("email_change_requested", user.email, user.preferred_language, {})
        log.record(
            "accounts.email_change_requested", actor=user, obj=user, ip_address=client_ip(request)
        )
        messages.success(request, _("We sent a link to the new address. Open it to finish."))
        return redirect("accounts:home")
    return render(request, "accounts/change_email.html", {"form": form})


@never_cache
@login_required
def confirm_email_change(request, token):
    found = tokens.read(token, tokens.CHANGE_SALT, tokens.CHANGE_MAX_AGE)
    if not found or found[0] != request.user.pk:
        return render(request, "accounts/verify_failed.html", status=400)
    user = request.user
    if User.objects.filter(email__iexact=found[1]).exclude(pk=user.pk).exists():
        return render(request, "accounts/verify_failed.html", status=400)
    old = user.email
    user.email = found[1]
    user.save(update_fields=["email"])
    emails.send("email_changed", old, user.preferred_language, {"new": user.email})
    log.record("accounts.email_changed", actor=user, obj=user, ip_address=client_ip(request))
    messages.success(request, _("Your e-mail address is changed."))
    return redirect("accounts:home")


@never_cache
@login_required
@sensitive_post_parameters("password", "current_password")
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user.set_password(form.cleaned_data["password"])
        user.save()
        update_session_auth_hash(request, user)  # other sessions end, this one stays
        log.record("accounts.password_changed", actor=user, obj=user, ip_address=client_ip(request))
        emails.send("password_changed", user.email, user.preferred_language, {})
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:home")
    return render(request, "accounts/change_password.html", {"form": form})


@never_cache
@login_required
def sign_ins(request):
    events = AuditEvent.objects.filter(
        object_type="User", object_id=str(request.user.pk), action__in=SIGN_IN_ACTIONS
    ).only("at", "action", "ip_address", "detail")[:30]
    rows = [
        {
            "at": e.at,
            "kind": SIGN_IN_ACTIONS[e.action],
            "ip": e.ip_address,
            "method": e.detail.get("method", ""),
        }
        for e in events
    ]
    return render(request, "accounts/sign_ins.html", {"rows": rows})


@require_POST
def extend_session(request):
    """ "Stay signed in": any request from a signed-in person renews the session; this one
    only forces the write and goes back (works without JavaScript)."""
    if request.user.is_authenticated:
        set_seen_now(request)
    return HttpResponseRedirect(safe_next(request))
