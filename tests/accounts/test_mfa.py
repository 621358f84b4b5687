"""Two-step sign-in: set-up, sign-in with a code or a recovery code, staff requirement."""

from __future__ import annotations

import re

from marketplace.accounts import totp
from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, STAFF_PASSWORD, current_code, make_user, sign_in


def _turn_on(client) -> tuple[str, list[str]]:
    page = client.get("/account/mfa/setup/")
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.content.decode())[1]
    secret = secret.replace(" ", "")
    response = client.post(
        "/account/mfa/setup/", {"code": totp.code_at(secret, totp.current_step())}
    )
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", response.content.decode())
    return secret, codes


def test_ana_turns_on_two_step_sign_in_and_gets_ten_recovery_codes(ana_client, ana):
    secret, codes = _turn_on(ana_client)
    ana.refresh_from_db()
    assert ana.mfa_enabled and ana.totp_secret == secret
    assert len(codes) == 10
    assert AuditEvent.objects.filter(action="accounts.mfa_enabled").exists()


def test_a_wrong_code_does_not_turn_it_on(ana_client, ana):
    ana_client.get("/account/mfa/setup/")
    response = ana_client.post("/account/mfa/setup/", {"code": "000000"})
    assert b"That code is not right" in response.content
    ana.refresh_from_db()
    assert not ana.mfa_enabled


def test_with_mfa_the_password_alone_does_not_sign_in(client, ana):
    _turn_on_for(ana)
    response = client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert response["Location"] == "/account/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_the_code_completes_sign_in(client, ana):
    _turn_on_for(ana)
    client.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    response = client.post("/account/login/code/", {"code": current_code(ana)})
    assert response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(ana.pk)
    assert AuditEvent.objects.get(action="accounts.signed_in").detail["method"] == "password+totp"


def test_a_code_cannot_be_replayed(client, ana):
    _turn_on_for(ana)
    code = current_code(ana)
    sign_in_with(client, ana, code)
    other = type(client)()
    other.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    response = other.post("/account/login/code/", {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_recovery_code_works_once(client, ana):
    _turn_on_for(ana)
    code = totp.new_recovery_codes(ana)[0]
    sign_in_with(client, ana, code.lower())
    assert client.session["_auth_user_id"] == str(ana.pk)
    other = type(client)()
    other.post("/account/login/", {"email": ana.email, "password": PASSWORD})
    assert other.post("/account/login/code/", {"code": code}).status_code == 200
    assert totp.recovery_codes_left(ana) == 9


def test_the_code_step_without_the_password_step_goes_back_to_sign_in(client, db):
    assert client.get("/account/login/code/")["Location"] == "/account/login/"


def test_ana_can_turn_it_off_with_her_password(client, ana):
    _turn_on_for(ana)
    sign_in(client, ana)
    client.post("/account/mfa/disable/", {"password": PASSWORD})
    ana.refresh_from_db()
    assert not ana.mfa_enabled
    assert AuditEvent.objects.filter(action="accounts.mfa_disabled").exists()


def test_staff_without_mfa_are_sent_to_set_it_up(client, db):
    dev = make_user("dev@example.org", STAFF_PASSWORD, role="supervisor")
    sign_in(client, dev, STAFF_PASSWORD)
    response = client.get("/account/")
    assert response["Location"] == "/account/mfa/setup/"
    assert client.get("/casework/identity/")["Location"] == "/account/mfa/setup/"
    _turn_on(client)
    assert client.get("/account/").status_code == 200


def test_staff_cannot_turn_mfa_off(client, carla):
    sign_in(client, carla, STAFF_PASSWORD)
    client.post("/account/mfa/disable/", {"password": STAFF_PASSWORD})
    carla.refresh_from_db()
    assert carla.mfa_enabled


def test_staff_passwords_need_15_characters(client, carla):
    sign_in(client, carla, STAFF_PASSWORD)
    response = client.post(
        "/account/settings/password/",
        {"current_password": STAFF_PASSWORD, "password": "twelve chars"},
    )
    assert b"Use at least 15 characters" in response.content


def _turn_on_for(user: User) -> None:
    from django.utils import timezone

    user.totp_secret = totp.new_secret()
    user.mfa_enabled_at = timezone.now()
    user.save()


def sign_in_with(client, user, code):
    client.post("/account/login/", {"email": user.email, "password": PASSWORD})
    return client.post("/account/login/code/", {"code": code})


def test_rfc_6238_reference_vector():
    # RFC 6238 appendix B, SHA-1, T=59 -> 94287082 (8 digits); our 6 digits are the last 6.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp.code_at(secret, 59 // 30) == "287082"


# --- secrets at rest -------------------------------------------------------------------------


def _raw_user_column(user, column: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [user.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_totp_secret_is_stored_only_encrypted(ana_client, ana):
    secret, _ = _turn_on(ana_client)
    raw = _raw_user_column(ana, "totp_secret_encrypted")
    assert raw and secret not in raw and secret.lower() not in raw
    assert raw.startswith("gA")  # a Fernet token
    ana.refresh_from_db()
    assert ana.totp_secret == secret


def test_the_key_waiting_for_its_first_code_is_encrypted_in_the_session(ana_client):
    page = ana_client.get("/account/mfa/setup/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)[1].replace(" ", "")
    stored = ana_client.session["_accounts_totp_pending"]
    assert secret not in stored
    # The page shows the same key on the next visit (it is read back, not replaced).
    again = ana_client.get("/account/mfa/setup/").content.decode()
    assert re.search(r'id="totp-secret">([A-Z2-7 ]+)<', again)[1].replace(" ", "") == secret


def test_carla_signs_in_with_a_code_from_her_encrypted_secret(client, carla):
    assert carla.totp_secret not in _raw_user_column(carla, "totp_secret_encrypted")
    sign_in(client, carla, STAFF_PASSWORD)
    assert client.session["_auth_user_id"] == str(carla.pk)


def test_recovery_codes_are_stored_only_as_keyed_hashes(ana):
    from marketplace.accounts.models import RecoveryCode

    codes = totp.new_recovery_codes(ana)
    stored = list(RecoveryCode.objects.filter(user=ana).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        bare = code.replace("-", "")
        assert all(code not in row and bare not in row for row in stored)
    assert all(re.fullmatch(r"[0-9a-f]{64}", row) for row in stored)


def test_the_migration_encrypts_plaintext_secrets_and_reverses(ana):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "marketplace.accounts.migrations.0002_totp_secret_encrypted"
    )
    secret = totp.new_secret()
    User.objects.filter(pk=ana.pk).update(totp_secret_encrypted=secret)  # as before 0002
    migration.encrypt_secrets(apps, None)
    raw = _raw_user_column(ana, "totp_secret_encrypted")
    assert secret not in raw
    ana.refresh_from_db()
    assert ana.totp_secret == secret
    migration.encrypt_secrets(apps, None)  # running twice does not encrypt twice
    ana.refresh_from_db()
    assert ana.totp_secret == secret
    migration.decrypt_secrets(apps, None)
    assert _raw_user_column(ana, "totp_secret_encrypted") == secret


def test_a_key_left_in_clear_in_an_older_session_is_replaced_not_an_error(ana_client):
    session = ana_client.session
    session["_accounts_totp_pending"] = totp.new_secret()  # as stored before encryption
    session.save()
    response = ana_client.get("/account/mfa/setup/")
    assert response.status_code == 200
    assert re.search(r'id="totp-secret">([A-Z2-7 ]+)<', response.content.decode())
