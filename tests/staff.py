"""Staff people for tests: a caseworker signed in with her second factor (staff need MFA,
docs/adr/0300-accounts.md). Any test module may use it."""

from __future__ import annotations

from django.utils import timezone

from marketplace.accounts import totp
from tests.verifications.households import PASSWORD, user


def caseworker(client):
    """Carla, a caseworker signed in with her second factor (staff need MFA)."""
    carla = user("carla@example.org", role="caseworker")
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    client.logout()
    client.post("/account/login/", {"email": carla.email, "password": PASSWORD})
    code = totp.code_at(carla.totp_secret, totp.current_step())
    assert client.post("/account/login/code/", {"code": code}).status_code == 302
    return carla
