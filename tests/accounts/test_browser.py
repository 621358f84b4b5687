"""Account journeys in a real browser (Debian's Chromium through Playwright), with axe
checking WCAG 2.1 A and AA on every page, in English and Spanish."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from marketplace.accounts.identity import SimulatedIdentityProofing, is_identity_verified
from marketplace.accounts.models import User
from tests.accounts.conftest import PASSWORD, current_code, make_user
from tests.browser_support import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(tab, base, email, password=PASSWORD):
    tab.goto(base + "/account/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password", exact=True).fill(password)
    tab.get_by_role("button", name="Sign in", exact=True).click()


def test_register_verify_and_sign_in(page, live_server):
    base = live_server.url
    page.goto(base + "/account/register/")
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()  # empty: errors shown
    assert page.locator(".usa-error-message").count() >= 2
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("dana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    assert_accessible(page)
    link = re.search(r"https?://[^/]+(/account/verify/\S+)", mail.outbox[-1].body)[1]
    page.goto(base + link)
    assert "Your e-mail address is confirmed" in page.content()
    assert_accessible(page)
    _sign_in(page, base, "dana@example.org")
    page.wait_for_url(base + "/account/")
    assert page.get_by_role("heading", name="My account").is_visible()
    assert_accessible(page)


def test_every_account_page_is_accessible_in_both_languages(page, live_server):
    base = live_server.url
    make_user("ana@example.org")
    _sign_in(page, base, "ana@example.org")
    page.wait_for_url(base + "/account/")
    pages = [
        "/account/",
        "/account/settings/",
        "/account/settings/email/",
        "/account/settings/password/",
        "/account/sign-ins/",
        "/account/mfa/",
        "/account/mfa/setup/",
        "/account/identity/",
        "/account/identity/document/",
    ]
    for language in ("en", "es"):
        if language == "es":
            page.get_by_role("button", name="Español").click()
            page.wait_for_load_state()
            assert page.locator("html").get_attribute("lang") == "es"
        for path in pages:
            page.goto(base + path)
            assert_accessible(page)
    assert "Mi cuenta" in page.content()
    page.get_by_role("button", name="Cerrar sesión").click()
    for path in ["/account/login/", "/account/password/reset/", "/account/register/"]:
        page.goto(base + path)
        assert_accessible(page)


def test_sign_in_with_a_code_and_password_reset(page, live_server):
    base = live_server.url
    from django.utils import timezone

    from marketplace.accounts import totp

    ana = make_user("ana@example.org")
    ana.totp_secret = totp.new_secret()
    ana.mfa_enabled_at = timezone.now()
    ana.save()
    _sign_in(page, base, ana.email)
    page.wait_for_url(base + "/account/login/code/")
    assert_accessible(page)
    page.get_by_label(re.compile("Code from your authenticator app")).fill(current_code(ana))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/account/")
    page.get_by_role("button", name="Sign out").click()

    page.goto(base + "/account/password/reset/")
    page.get_by_label("E-mail address").fill(ana.email)
    page.get_by_role("button", name="Send the link").click()
    assert_accessible(page)
    link = re.search(r"https?://[^/]+(/account/password/reset/\S+)", mail.outbox[-1].body)[1]
    page.goto(base + link)
    assert_accessible(page)
    page.get_by_label("New password").fill("a fresh passphrase for ana")
    page.get_by_role("button", name="Save the new password").click()
    page.wait_for_url(base + "/account/login/")
    assert User.objects.get(pk=ana.pk).check_password("a fresh passphrase for ana")


def test_turning_on_two_step_sign_in(page, live_server):
    base = live_server.url
    make_user("ana@example.org")
    _sign_in(page, base, "ana@example.org")
    page.goto(base + "/account/mfa/setup/")
    from marketplace.accounts import totp

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label(re.compile("6-digit code")).fill(totp.code_at(secret, totp.current_step()))
    page.get_by_role("button", name="Turn on").click()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)


def test_identity_outage_then_manual_path_in_spanish(page, live_server, tmp_path):
    base = live_server.url
    make_user("luis@example.org", preferred_language="es")
    _sign_in(page, base, "luis@example.org")
    page.wait_for_url(base + "/account/")
    page.goto(base + "/account/identity/")
    page.get_by_label("Nombre").fill("Luis")
    page.get_by_label("Apellido").fill("Unavailable")
    page.get_by_label("Fecha de nacimiento").fill("1980-01-31")
    page.get_by_label(re.compile("Últimos 4 dígitos")).fill("4321")
    page.get_by_role("button", name="Continuar").click()
    assert page.get_by_text("El servicio de identidad no responde en este momento").is_visible()
    assert page.get_by_label("Nombre").input_value() == "Luis"  # nothing lost
    assert_accessible(page)
    page.get_by_role("link", name="Subir un documento").click()
    document = tmp_path / "licencia.pdf"
    document.write_bytes(b"%PDF-1.4 licencia")
    page.get_by_text("Pasaporte de EE. UU.").click()  # USWDS radios: the label is the target
    page.get_by_label("Archivo del documento").set_input_files(str(document))
    page.get_by_role("button", name="Subir", exact=True).click()
    assert page.get_by_text("Recibimos su documento").is_visible()
    assert_accessible(page)


def test_identity_passes_with_the_right_answers(page, live_server):
    base = live_server.url
    ana = make_user("ana@example.org")
    _sign_in(page, base, ana.email)
    page.wait_for_url(base + "/account/")
    page.goto(base + "/account/identity/")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Garcia")
    page.get_by_label("Date of birth").fill("1985-04-28")
    page.get_by_label(re.compile("Last 4 digits")).fill("1234")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/account/identity/questions/")
    assert_accessible(page)
    for value in SimulatedIdentityProofing.ANSWERS.values():
        page.get_by_text(value, exact=True).click()
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("Your identity is verified").is_visible()
    assert is_identity_verified(ana)


def test_the_session_warning_appears_and_stay_signed_in_works(page, live_server, settings):
    settings.SESSION_COOKIE_AGE = 600
    settings.ACCOUNTS_SESSION_WARNING_SECONDS = 600  # warn at once
    base = live_server.url
    make_user("ana@example.org")
    _sign_in(page, base, "ana@example.org")
    page.wait_for_url(base + "/account/")
    warning = page.locator("#session-warning")
    warning.wait_for(state="visible")
    assert "You will be signed out in 10 minute(s)" in warning.inner_text()
    assert page.evaluate("document.activeElement.textContent").strip() == "Stay signed in"
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    page.wait_for_url(base + "/account/")
    assert page.console_errors == []
