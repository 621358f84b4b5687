"""Registration and e-mail verification, in English and Spanish."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from marketplace.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _register(client, email="dana@example.org", password=PASSWORD, language="en"):
    return client.post(
        "/account/register/", {"email": email, "password": password, "preferred_language": language}
    )


def _link(message) -> str:
    return re.search(r"http://testserver(/account/\S+)", message.body).group(1)


def test_dana_registers_and_gets_a_verification_link(client):
    response = _register(client)
    assert response.status_code == 302
    assert response["Location"] == "/account/register/check-email/"
    user = User.objects.get(email="dana@example.org")
    assert not user.email_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "Confirm your e-mail address" in mail.outbox[0].subject


def test_the_password_is_stored_with_argon2id_at_owasp_parameters(client):
    _register(client)
    assert User.objects.get().password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_link_confirms_the_address_and_then_dana_can_sign_in(client):
    _register(client, email="Dana@Example.org")
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302
    assert User.objects.get().email_verified
    response = client.post("/account/login/", {"email": "DANA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_an_unverified_person_cannot_sign_in_and_gets_a_new_link(client):
    _register(client)
    response = client.post("/account/login/", {"email": "dana@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert b"Confirm your e-mail address first" in response.content
    assert len(mail.outbox) == 2
    assert "_auth_user_id" not in client.session


def test_a_forged_link_is_refused(client):
    _register(client)
    response = client.get("/account/verify/not-a-real-token/")
    assert response.status_code == 400
    assert not User.objects.get().email_verified


def test_a_common_password_is_refused(client):
    response = _register(client, password="password123")
    assert response.status_code == 200
    assert b"attackers try first" in response.content
    assert not User.objects.exists()


def test_a_project_specific_breached_password_is_refused(client):
    response = _register(client, password="Obamacare1")
    assert b"attackers try first" in response.content


def test_a_short_password_is_refused(client):
    response = _register(client, password="x7#kQ")
    assert b"Use at least 8 characters" in response.content


def test_no_composition_rules_a_long_lowercase_passphrase_is_fine(client):
    assert _register(client, password="purple monkey dishwasher").status_code == 302


def test_luis_registers_in_spanish_and_gets_spanish_pages_and_mail(client):
    client.cookies["marketplace_language"] = "es"
    page = client.get("/account/register/")
    assert b"Crear una cuenta" in page.content
    _register(client, email="luis@example.org", language="es")
    assert User.objects.get().preferred_language == "es"
    assert mail.outbox[0].subject == "Confirme su correo electrónico"
    assert "Abra este enlace" in mail.outbox[0].body
    done = client.get("/account/register/check-email/")
    assert "Revise su correo electrónico".encode() in done.content


# --- registrations per address ---------------------------------------------------------------


@pytest.fixture
def three_an_hour(settings):
    settings.ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 3


def _from(client, email, address="198.51.100.7", language="en"):
    return client.post(
        "/account/register/",
        {"email": email, "password": PASSWORD, "preferred_language": language},
        REMOTE_ADDR=address,
    )


def test_the_default_limit_is_twenty_an_hour(settings):
    assert settings.ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR == 20


def test_one_address_cannot_register_more_than_the_limit_in_an_hour(client, three_an_hour):
    from marketplace.audit.models import AuditEvent

    for n in range(3):
        assert _from(client, f"person{n}@example.org").status_code == 302
    response = _from(client, "fourth@example.org")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many accounts were created from your internet connection" in text
    assert "Wait 60 minute(s) and try again" in text
    assert 'value="fourth@example.org"' in text  # what was typed is kept
    assert not User.objects.filter(email="fourth@example.org").exists()
    assert len(mail.outbox) == 3
    event = AuditEvent.objects.get(action="accounts.register_throttled")
    assert event.ip_address == "198.51.100.7"


def test_the_refusal_reads_the_same_for_a_registered_address(client, three_an_hour, ana):
    from django.test import Client

    # Registered addresses count too: otherwise the limit would show which ones exist.
    _from(client, ana.email)
    for n in range(2):
        _from(client, f"person{n}@example.org")
    known = _from(client, ana.email)
    unknown = _from(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 429
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*@example.org"')
    assert strip.sub(b"", known.content) == strip.sub(b"", unknown.content)


def test_another_address_is_not_affected(client, three_an_hour):
    for n in range(3):
        _from(client, f"person{n}@example.org")
    assert _from(client, "other@example.org", address="203.0.113.9").status_code == 302


def test_the_limit_is_lifted_when_the_hour_is_over(client, three_an_hour):
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.accounts.models import SignInThrottle

    for n in range(3):
        _from(client, f"person{n}@example.org")
    assert _from(client, "late@example.org").status_code == 429
    an_hour_ago = timezone.now() - timedelta(hours=1, seconds=1)
    SignInThrottle.objects.filter(key="register:198.51.100.7").update(
        window_started_at=an_hour_ago, locked_until=timezone.now()
    )
    assert _from(client, "late@example.org").status_code == 302
    row = SignInThrottle.objects.get(key="register:198.51.100.7")
    assert row.failures == 1 and row.locked_until is None


def test_the_refusal_is_in_spanish_for_a_spanish_speaker(client, three_an_hour):
    client.cookies["marketplace_language"] = "es"
    for n in range(3):
        _from(client, f"persona{n}@example.org", language="es")
    response = _from(client, "cuarta@example.org", language="es")
    assert response.status_code == 429
    assert "Se crearon demasiadas cuentas desde su conexión a internet" in (
        response.content.decode()
    )


def test_zero_turns_the_limit_off(client, settings):
    settings.ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 0
    for n in range(4):
        assert _from(client, f"person{n}@example.org").status_code == 302


def test_the_registration_limit_says_when_to_come_back(client, three_an_hour):
    for n in range(3):
        _from(client, f"person{n}@example.org")
    response = _from(client, "fourth@example.org")
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
