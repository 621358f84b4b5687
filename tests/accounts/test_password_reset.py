"""Password reset by e-mail link."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from marketplace.accounts import throttle
from marketplace.audit.models import AuditEvent

NEW = "a brand new passphrase"


def _reset_link() -> str:
    return re.search(r"http://testserver(/account/password/reset/\S+)", mail.outbox[-1].body)[1]


def test_ana_resets_a_forgotten_password(client, ana):
    response = client.post("/account/password/reset/", {"email": "ANA@example.org"})
    assert response["Location"] == "/account/password/reset/sent/"
    link = _reset_link()
    response = client.get(link)
    assert response.status_code == 302  # the token moves out of the address bar
    form_url = response["Location"]
    assert "set-password" in form_url
    response = client.post(form_url, {"password": NEW})
    assert response["Location"] == "/account/login/"
    assert client.post("/account/login/", {"email": ana.email, "password": NEW}).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password_reset").exists()
    assert (
        "Your password was changed" in mail.outbox[-1].subject
        or "password" in mail.outbox[-1].subject.lower()
    )


def test_the_link_works_only_once(client, ana):
    client.post("/account/password/reset/", {"email": ana.email})
    link = _reset_link()
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password": NEW})
    other = type(client)()
    assert other.get(link).status_code == 400


def test_reset_clears_a_lock_so_the_real_person_gets_back_in(client, ana):
    for _ in range(throttle.ACCOUNT_FREE + 1):
        client.post("/account/login/", {"email": ana.email, "password": "guess guess"})
    assert throttle.current_lock([throttle.account_key(ana.email)])
    client.post("/account/password/reset/", {"email": ana.email})
    client.post(client.get(_reset_link())["Location"], {"password": NEW})
    assert throttle.current_lock([throttle.account_key(ana.email)]) is None


def test_reset_mail_is_in_the_persons_language(client, ben):
    client.post("/account/password/reset/", {"email": ben.email})
    assert mail.outbox[-1].subject == "Restablecer su contraseña"


@pytest.mark.django_db
def test_a_broken_link_is_refused(client):
    assert client.get("/account/password/reset/MQ/bad-token/").status_code == 400


def test_a_used_link_cannot_set_a_password_again_from_any_session(client, ana):
    client.post("/account/password/reset/", {"email": ana.email})
    link = _reset_link()
    form_url = client.get(link)["Location"]
    replay = type(client)()
    replay_form = replay.get(link)["Location"]  # opened before Ana used it
    client.post(form_url, {"password": NEW})
    assert client.post(form_url, {"password": "an attacker's passphrase"}).status_code == 400
    assert replay.post(replay_form, {"password": "an attacker's passphrase"}).status_code == 400
    assert client.post("/account/login/", {"email": ana.email, "password": NEW}).status_code == 302
