"""Attacks: enumeration, brute force, CSRF, session fixation, open redirect, cross-user
access, security headers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from marketplace.accounts import throttle
from marketplace.accounts.models import SignInThrottle
from marketplace.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def _strip(content: bytes) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


# --- enumeration ---------------------------------------------------------------------------


def test_registration_answers_the_same_for_a_registered_address(client, ana):
    known = client.post(
        "/account/register/",
        {"email": ana.email, "password": "another good passphrase", "preferred_language": "en"},
    )
    unknown = Client().post(
        "/account/register/",
        {
            "email": "nobody@example.org",
            "password": "another good passphrase",
            "preferred_language": "en",
        },
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Ana's own mailbox learns someone tried; the page does not.
    assert "already" in mail.outbox[0].body or "ya tiene" in mail.outbox[0].body


def test_reset_answers_the_same_for_a_registered_address(client, ana):
    known = client.post("/account/password/reset/", {"email": ana.email})
    unknown = Client().post("/account/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = client.get(known["Location"])
    page_unknown = Client().get(unknown["Location"])
    assert _strip(page_known.content) == _strip(page_unknown.content)
    assert len(mail.outbox) == 1


def test_sign_in_failure_reads_the_same_for_a_registered_address(client, ana):
    known = client.post("/account/login/", {"email": ana.email, "password": "wrong one here"})
    unknown = Client().post("/account/login/", {"email": "x@example.org", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    assert b"The e-mail address or password is not right." in known.content
    assert b"The e-mail address or password is not right." in unknown.content


# --- brute force ---------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_for_a_while(client, ana):
    for _ in range(throttle.ACCOUNT_FREE):
        client.post("/account/login/", {"email": ana.email, "password": "guess guess"})
    assert throttle.current_lock([throttle.account_key(ana.email)]) is None
    client.post("/account/login/", {"email": ana.email, "password": "guess guess"})
    # Even the right password is refused while the lock lasts.
    response = client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many unsuccessful tries" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.locked").exists()


def test_the_lock_is_temporary_and_a_success_clears_the_count(client, ana):
    for _ in range(throttle.ACCOUNT_FREE + 1):
        client.post("/account/login/", {"email": ana.email, "password": "guess guess"})
    SignInThrottle.objects.update(locked_until=None)  # the lock ran out
    sign_in(client, ana)
    assert not SignInThrottle.objects.filter(key=throttle.account_key(ana.email)).exists()


def test_unregistered_addresses_are_throttled_the_same_way(client, db):
    for _ in range(throttle.ACCOUNT_FREE + 1):
        client.post("/account/login/", {"email": "ghost@example.org", "password": "guess"})
    response = client.post("/account/login/", {"email": "ghost@example.org", "password": "x"})
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_slowed(client, db):
    for n in range(throttle.ADDRESS_FREE + 1):
        client.post("/account/login/", {"email": f"p{n}@example.org", "password": "guess"})
    response = client.post("/account/login/", {"email": "fresh@example.org", "password": "x"})
    assert response.status_code == 429


def test_lock_grows_exponentially_and_is_capped():
    free = throttle.ACCOUNT_FREE
    assert throttle.lock_seconds(free, free) == 0
    assert [throttle.lock_seconds(free + n, free) for n in (1, 2, 3)] == [2, 4, 8]
    assert throttle.lock_seconds(free + 50, free) == throttle.MAX_LOCK_SECONDS


# --- CSRF, session fixation, open redirect ---------------------------------------------------


def test_csrf_is_enforced_on_sign_in(ana):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert response.status_code == 403
    client.get("/account/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/account/login/", {"email": ana.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_csrf_is_enforced_on_settings(ana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    response = client.post(
        "/account/settings/", {"preferred_language": "es", "notice_preference": "paper"}
    )
    assert response.status_code == 403
    ana.refresh_from_db()
    assert ana.preferred_language == "en"


def test_the_session_key_changes_at_sign_in(client, ana):
    client.get("/account/login/")
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    before = session.session_key
    sign_in(client, ana)
    assert client.session.session_key != before


def test_the_session_key_changes_at_the_mfa_step_too(client, carla):
    from tests.accounts.conftest import STAFF_PASSWORD, current_code

    client.get("/account/login/")
    client.session.save()
    first = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    client.post("/account/login/", {"email": carla.email, "password": STAFF_PASSWORD})
    middle = client.session.session_key
    client.post("/account/login/code/", {"code": current_code(carla)})
    assert client.session.session_key not in {first, middle}


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "http:/evil.example.com",
        "/\\evil.example.com",
        "javascript:alert(1)",
    ],
)
def test_an_open_redirect_is_refused(client, ana, target):
    response = client.post(
        "/account/login/", {"email": ana.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_stay_signed_in_refuses_an_open_redirect(ana_client):
    response = ana_client.post("/account/session/extend/", {"next": "https://evil.example.com"})
    assert response["Location"] == "/account/"


# --- cross-user access ---------------------------------------------------------------------


def _upload(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("id.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post("/account/identity/document/", {"kind": "passport", "file": pdf})


def test_ben_cannot_open_anas_document(client, ana, ben):
    sign_in(client, ana)
    _upload(client)
    document = ana.identity_documents.get()
    assert client.get(f"/account/identity/document/{document.public_id}/").status_code == 200
    other = Client()
    sign_in(other, ben)
    response = other.get(f"/account/identity/document/{document.public_id}/")
    assert response.status_code == 404
    assert b"%PDF" not in response.content and ana.email.encode() not in response.content


def test_a_consumer_cannot_reach_the_review_pages(client, ana, ben):
    sign_in(client, ana)
    _upload(client)
    document = ana.identity_documents.get()
    other = Client()
    sign_in(other, ben)
    for url in [
        "/casework/identity/",
        f"/casework/identity/{document.public_id}/",
        f"/casework/identity/{document.public_id}/file/",
    ]:
        response = other.get(url)
        assert response.status_code == 404, url
        assert ana.email.encode() not in response.content


def test_account_pages_show_only_the_signed_in_persons_data(client, ana, ben):
    sign_in(client, ana)
    for url in ["/account/", "/account/sign-ins/", "/account/settings/", "/account/identity/"]:
        assert ben.email.encode() not in client.get(url).content


# --- headers -------------------------------------------------------------------------------


def test_security_headers_are_set_on_account_pages(client):
    response = client.get("/account/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_hsts_is_sent_when_on_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/account/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_on_account_pages(ana_client):
    content = ana_client.get("/account/").content.decode()
    import re

    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", content))


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(rf, settings):
    from marketplace.accounts.netaddr import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"


def test_a_locked_sign_in_says_when_to_come_back(client, ana):
    for _ in range(throttle.ACCOUNT_FREE + 1):
        client.post("/account/login/", {"email": ana.email, "password": "guess guess"})
    response = client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert response.status_code == 429
    lock = throttle.current_lock([throttle.account_key(ana.email)])
    assert 0 < int(response["Retry-After"]) <= lock.seconds_left + 1
