"""Sign-in, sign-out, the recent sign-ins page, and the audit rows they write."""

from __future__ import annotations

import pytest

from marketplace.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in


def test_ana_signs_in_and_lands_on_her_account(client, ana):
    response = client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    page = client.get("/account/")
    assert b"Signed in as ana@example.org" in page.content
    event = AuditEvent.objects.get(action="accounts.signed_in")
    assert event.actor == ana
    assert event.ip_address == "127.0.0.1"


def test_a_wrong_password_is_refused_and_audited(client, ana):
    response = client.post("/account/login/", {"email": ana.email, "password": "wrong password"})
    assert response.status_code == 200
    assert b"The e-mail address or password is not right." in response.content
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert event.object_id == str(ana.pk) and event.ip_address == "127.0.0.1"


def test_next_on_this_site_is_followed(client, ana):
    response = client.post(
        "/account/login/?next=/account/settings/", {"email": ana.email, "password": PASSWORD}
    )
    assert response["Location"] == "/account/settings/"


def test_sign_out_needs_a_post_and_ends_the_session(ana_client):
    assert ana_client.get("/account/logout/").status_code == 405
    response = ana_client.post("/account/logout/")
    assert response.status_code == 302
    assert ana_client.get("/account/").status_code == 302  # back to sign-in
    assert AuditEvent.objects.filter(action="accounts.signed_out").count() == 1


def test_the_recent_sign_ins_page_lists_successes_and_failures(client, ana):
    client.post("/account/login/", {"email": ana.email, "password": "not it at all"})
    sign_in(client, ana)
    page = client.get("/account/sign-ins/")
    assert b"Signed in with password" in page.content
    assert b"Failed sign-in" in page.content
    assert b"127.0.0.1" in page.content


def test_sign_in_sets_the_persons_language(client, ben):
    response = client.post("/account/login/", {"email": ben.email, "password": PASSWORD})
    assert response.cookies["marketplace_language"].value == "es"
    page = client.get("/account/")
    assert b"Mi cuenta" in page.content


@pytest.mark.parametrize("language,text", [("en", "Sign in"), ("es", "Iniciar sesión")])
def test_the_sign_in_page_speaks_both_languages(client, db, language, text):
    client.cookies["marketplace_language"] = language
    assert text.encode() in client.get("/account/login/").content


def test_pages_need_sign_in(client, db):
    response = client.get("/account/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")
