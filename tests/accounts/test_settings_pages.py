"""Account settings: language, notices, e-mail, password; the session timeout."""

from __future__ import annotations

import re
import time

from django.core import mail
from django.test import Client

from marketplace.accounts.middleware import SEEN_KEY
from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD


def test_ana_switches_to_spanish_and_paper_notices(ana_client, ana):
    response = ana_client.post(
        "/account/settings/", {"preferred_language": "es", "notice_preference": "paper"}
    )
    assert response.cookies["marketplace_language"].value == "es"
    ana.refresh_from_db()
    assert (ana.preferred_language, ana.notice_preference) == ("es", "paper")
    page = ana_client.get("/account/")
    assert "Su configuración está guardada.".encode() in page.content
    assert b"En papel (por correo postal)" in page.content


def test_ana_changes_her_email_through_a_link_sent_to_the_new_address(ana_client, ana):
    ana_client.post(
        "/account/settings/email/", {"email": "ana.new@example.org", "current_password": PASSWORD}
    )
    to_new = next(m for m in mail.outbox if m.to == ["ana.new@example.org"])
    assert any(m.to == ["ana@example.org"] for m in mail.outbox)  # the old address is told
    link = re.search(r"http://testserver(/account/\S+)", to_new.body)[1]
    ana_client.get(link)
    ana.refresh_from_db()
    assert ana.email == "ana.new@example.org"


def test_changing_email_needs_the_password(ana_client, ana):
    response = ana_client.post(
        "/account/settings/email/", {"email": "ana.new@example.org", "current_password": "wrong"}
    )
    assert b"That is not your current password." in response.content
    assert mail.outbox == []


def test_email_change_to_a_taken_address_reveals_nothing(ana_client, ana, ben):
    response = ana_client.post(
        "/account/settings/email/", {"email": ben.email, "current_password": PASSWORD}
    )
    assert response.status_code == 302
    assert all(m.to != [ben.email] for m in mail.outbox)


def test_ana_changes_her_password_and_other_sessions_end(ana_client, ana):
    elsewhere = Client()
    elsewhere.force_login(ana)
    ana_client.post(
        "/account/settings/password/",
        {"current_password": PASSWORD, "password": "an entirely new passphrase"},
    )
    assert ana_client.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password_changed").exists()
    assert User.objects.get(pk=ana.pk).check_password("an entirely new passphrase")


def test_pages_show_when_the_session_ends(ana_client):
    page = ana_client.get("/account/").content.decode()
    assert "If you do nothing, you will be signed out at" in page
    assert 'id="session-expiry" data-expires-at="' in page
    assert "accounts/js/session-timeout.js" in page


def test_the_session_ends_after_30_minutes_without_activity(ana_client, settings):
    session = ana_client.session
    session[SEEN_KEY] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session.save()
    response = ana_client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert AuditEvent.objects.filter(action="accounts.session_expired").exists()


def test_stay_signed_in_renews_the_session(ana_client, settings):
    session = ana_client.session
    session[SEEN_KEY] = time.time() - settings.SESSION_COOKIE_AGE + 60
    session.save()
    response = ana_client.post("/account/session/extend/", {"next": "/account/settings/"})
    assert response["Location"] == "/account/settings/"
    assert time.time() - ana_client.session[SEEN_KEY] < 5


def test_roles_carry_their_permissions(db):
    from tests.accounts.conftest import make_user

    worker = make_user("w@example.org", "a long staff passphrase", role="caseworker")
    admin = make_user("a@example.org", "a long staff passphrase", role="administrator")
    consumer = make_user("c@example.org")
    assert worker.has_perm("accounts.review_identity_documents")
    assert not worker.has_perm("accounts.manage_staff")
    assert admin.has_perm("accounts.manage_staff")
    assert not consumer.has_perm("accounts.view_casework")
    assert worker.is_staff_role and not consumer.is_staff_role


def test_hasher_parameters_meet_owasp_minimum():
    from marketplace.accounts.hashers import OWASPArgon2idHasher

    hasher = OWASPArgon2idHasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    encoded = hasher.encode("purple monkey dishwasher", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("purple monkey dishwasher", encoded)


def test_email_is_unique_whatever_the_case(db):
    import pytest
    from django.db import IntegrityError

    User.objects.create_user("Eve@Example.org", "purple monkey dishwasher")
    with pytest.raises(IntegrityError):
        User.objects.create(email="EVE@example.org")
