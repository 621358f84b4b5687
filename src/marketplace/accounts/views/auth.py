"""Registration, e-mail verification, sign-in (with the MFA step), sign-out, password reset.

The same answer is given whether or not an address is registered (OWASP Authentication
Cheat Sheet, "Authentication and Error Messages"): registration and reset always say
"check your e-mail" and the e-mail itself says what happened.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from marketplace.accounts import emails, throttle, tokens, totp
from marketplace.accounts.forms import (
    CodeForm,
    RegistrationForm,
    ResetRequestForm,
    SetPasswordForm,
    SignInForm,
)
from marketplace.accounts.models import User
from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.views.common import (
    PENDING_AT,
    PENDING_NEXT,
    PENDING_SECONDS,
    PENDING_USER,
    complete_sign_in,
    safe_next,
    set_language_cookie,
)
from marketplace.audit import log
from marketplace.core.transactions import atomic_action

#: Session key: where to go after signing in, kept from registration to e-mail confirmation.
AFTER_CONFIRMATION = "_accounts_after_confirmation"


def _link(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def send_verification(request, user) -> None:
    token = tokens.make(user.pk, user.email, tokens.VERIFY_SALT)
    emails.send(
        "verify_email",
        user.email,
        user.preferred_language,
        {"link": _link(request, "accounts:verify_email", token)},
    )


@never_cache
@sensitive_post_parameters("password")
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(
        request.POST or None, initial={"preferred_language": get_language()[:2]}
    )
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        # Before the e-mail address is looked up: the refusal reads the same for every
        # address, registered or not.
        lock = throttle.record_registration(ip)
        if lock:
            log.record("accounts.register_throttled", actor_label=f"ip:{ip}", ip_address=ip)
            form.add_error(None, _registration_limit_message(lock))
            response = render(request, "accounts/register.html", {"form": form}, status=429)
            return throttle.with_retry_after(response, lock)
        data = form.cleaned_data
        email = User.objects.normalize_email(data["email"])
        # Hash before the transaction: a write transaction must not hold the database
        # lock for the ~30 ms the hash takes. Both branches hash: no timing difference.
        encoded = make_password(data["password"])
        existing = User.objects.filter(email__iexact=email).first()
        user = None
        if existing is None:
            try:
                user = _create_user(email, encoded, data["preferred_language"])
            except IntegrityError:  # registered a moment ago by a concurrent request
                existing = User.objects.filter(email__iexact=email).first()
        if user is None:
            if existing:
                emails.send(
                    "already_registered",
                    existing.email,
                    existing.preferred_language,
                    {
                        "sign_in": _link(request, "accounts:login"),
                        "reset": _link(request, "accounts:password_reset"),
                    },
                )
            log.record("accounts.register_existing", obj=existing, ip_address=ip)
        else:
            send_verification(request, user)
            log.record("accounts.registered", obj=user, ip_address=ip)
        _keep_next(request)
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form, "next": _next_param(request)})


@atomic_action
def _create_user(email: str, encoded: str, language: str) -> User:
    """The new account, run again after a deadlock (ADR 1704); the e-mails go after it."""
    return User.objects.create(email=email, password=encoded, preferred_language=language)


def _next_param(request) -> str:
    """Where the person was going (e.g. the application) when sent to sign in, if on this
    site; "" otherwise."""
    return safe_next(request) if (request.POST.get("next") or request.GET.get("next")) else ""


def _keep_next(request) -> None:
    """Keep it through e-mail confirmation in this browser: the confirmation link leads to
    sign-in, which then goes on to it."""
    if target := _next_param(request):
        request.session[AFTER_CONFIRMATION] = target


def _registration_limit_message(lock) -> str:
    minutes = max(1, (lock.seconds_left + 59) // 60)
    return _(
        "Too many accounts were created from your internet connection in the last hour, so "
        "we cannot create another one right now. Nothing was created. Wait %(minutes)d "
        "minute(s) and try again. If you already have an account, sign in instead. If you "
        "share this connection (for example at a library or an office) and need an account "
        "today, call us."
    ) % {"minutes": minutes}


def register_done(request):
    return render(request, "accounts/register_done.html")


@never_cache
def verify_email(request, token):
    found = tokens.read(token, tokens.VERIFY_SALT, tokens.VERIFY_MAX_AGE)
    user = User.objects.filter(pk=found[0], email=found[1]).first() if found else None
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    if not user.email_verified:
        User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
        log.record("accounts.email_verified", actor=user, obj=user, ip_address=client_ip(request))
    messages.success(request, _("Your e-mail address is confirmed. You can sign in now."))
    target = request.session.pop(AFTER_CONFIRMATION, "")
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': target})}" if target else login_url)


def _locked_message(lock) -> str:
    minutes = max(1, (lock.seconds_left + 59) // 60)
    return _(
        "Too many unsuccessful tries. Wait %(minutes)d minute(s) and try again, "
        "or reset your password."
    ) % {"minutes": minutes}


@never_cache
@sensitive_post_parameters("password")
def sign_in(request):
    if request.user.is_authenticated:
        return HttpResponseRedirect(safe_next(request))
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {"form": form, "next": next_url}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/login.html", context)
    email = form.cleaned_data["email"]
    ip = client_ip(request)
    keys = [throttle.account_key(email), throttle.address_key(ip)]
    lock = throttle.current_lock(keys)
    if lock:
        log.record("accounts.sign_in_throttled", actor_label=f"ip:{ip}", ip_address=ip)
        form.add_error(None, _locked_message(lock))
        response = render(request, "accounts/login.html", context, status=429)
        return throttle.with_retry_after(response, lock)
    user = authenticate(request, username=email, password=form.cleaned_data["password"])
    if user is None:
        _record_failure(request, keys, email, step="password")
        form.add_error(None, _("The e-mail address or password is not right."))
        return render(request, "accounts/login.html", context)
    if not user.email_verified:
        send_verification(request, user)
        form.add_error(None, _("Confirm your e-mail address first: we sent you a new link."))
        return render(request, "accounts/login.html", context)
    if user.mfa_enabled:
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_NEXT] = safe_next(request)
        request.session[PENDING_AT] = time.time()
        return redirect("accounts:login_mfa")
    complete_sign_in(request, user, "password")
    response = HttpResponseRedirect(safe_next(request))
    set_language_cookie(response, user.preferred_language)
    return response


def _record_failure(request, keys, email, step):
    ip = client_ip(request)
    target = User.objects.filter(email__iexact=email.strip()).first()
    log.record(
        "accounts.sign_in_failed", obj=target, ip_address=ip, step=step, actor_label=f"ip:{ip}"
    )
    for key, seconds in throttle.record_failure(keys):
        log.record(
            "accounts.locked",
            obj=target if key.startswith("account:") else None,
            ip_address=ip,
            actor_label=f"ip:{ip}",
            key_kind=key.split(":")[0],
            seconds=seconds,
        )


@never_cache
def sign_in_mfa(request):
    pending = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    user = User.objects.filter(pk=pending, is_active=True).first() if pending else None
    if user is None or time.time() - started > PENDING_SECONDS:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        keys = [throttle.account_key(user.email), throttle.address_key(ip)]
        lock = throttle.current_lock(keys)
        code = form.cleaned_data["code"]
        if lock:
            form.add_error(None, _locked_message(lock))
        elif totp.verify_for_user(user, code) or _recovery(user, code, ip):
            next_url = request.session.get(PENDING_NEXT) or reverse("accounts:home")
            for key in (PENDING_USER, PENDING_NEXT, PENDING_AT):
                request.session.pop(key, None)
            complete_sign_in(request, user, "password+totp")
            response = HttpResponseRedirect(next_url)
            set_language_cookie(response, user.preferred_language)
            return response
        else:
            _record_failure(request, keys, user.email, step="mfa")
            form.add_error("code", _("That code is not right. Try the newest code."))
    return render(request, "accounts/login_mfa.html", {"form": form})


def _recovery(user, code, ip) -> bool:
    if totp.use_recovery_code(user, code):
        log.record(
            "accounts.recovery_code_used",
            actor=user,
            obj=user,
            ip_address=ip,
            left=totp.recovery_codes_left(user),
        )
        return True
    return False


@require_POST
def sign_out(request):
    user = request.user
    if user.is_authenticated:
        log.record("accounts.signed_out", actor=user, obj=user, ip_address=client_ip(request))
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("home")


@never_cache
def password_reset(request):
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        ip = client_ip(request)
        if user:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            emails.send(
                "password_reset",
                user.email,
                user.preferred_language,
                {"link": _link(request, "accounts:password_reset_confirm", uid, token)},
            )
        log.record(
            "accounts.password_reset_requested", obj=user, ip_address=ip, actor_label=f"ip:{ip}"
        )
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")


RESET_SESSION_TOKEN = "_accounts_reset_token"  # noqa: S105 (a session key name)
RESET_URL_TOKEN = "set-password"  # noqa: S105 (a placeholder in the URL)


@never_cache
@sensitive_post_parameters("password")
def password_reset_confirm(request, uidb64, token):
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    # Keep the token out of the address bar (and Referer) once read, as Django's view does.
    if token != RESET_URL_TOKEN:
        if user and default_token_generator.check_token(user, token):
            request.session[RESET_SESSION_TOKEN] = token
            return redirect("accounts:password_reset_confirm", uidb64, RESET_URL_TOKEN)
        return render(request, "accounts/password_reset_invalid.html", status=400)
    token = request.session.get(RESET_SESSION_TOKEN, "")
    if not user or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["password"])
        if not user.email_verified:
            user.email_verified_at = timezone.now()  # the link proved the address
        user.save()
        request.session.pop(RESET_SESSION_TOKEN, None)
        throttle.clear(throttle.account_key(user.email))
        log.record("accounts.password_reset", actor=user, obj=user, ip_address=client_ip(request))
        emails.send("password_changed", user.email, user.preferred_language, {})
        messages.success(request, _("Your password is changed. Sign in with the new one."))
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})
