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
