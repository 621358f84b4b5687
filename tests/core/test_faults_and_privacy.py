"""Settings that fail loudly, logs without secrets or personal data, private files, and a
health check load balancers can reach over plain HTTP (issue 12)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.mail import send_mail

from marketplace.core.logging import RedactPersonalData
from marketplace.notices.mailhouse import MailPiece, SimulatedMailHouse

GOOD_KEY = "q8Zs0W8rYV1kH3w6qDq4n7gR3pYk9mWc2JqzR0vXnE8="  # a Fernet key made for this test


def _check(**extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_")}
    env |= {"DJANGO_SETTINGS_MODULE": "marketplace.settings", **extra}
    return subprocess.run(
        [sys.executable, "-m", "marketplace.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"MARKETPLACE_ENV": "production", "MARKETPLACE_SECRET_KEY": "x" * 60}


def test_production_without_a_field_key_stops_at_start_up_naming_it():
    answer = _check(**PRODUCTION)
    assert answer.returncode == 2
    assert "MARKETPLACE_FIELD_KEY must be set" in answer.stderr
    assert "Traceback" not in answer.stderr


@pytest.mark.parametrize("environment", [PRODUCTION, {}])
def test_a_malformed_field_key_stops_any_start_up_without_showing_it(environment):
    answer = _check(**environment, MARKETPLACE_FIELD_KEY="not-a-key-at-all-4242")
    assert answer.returncode == 2
    assert "MARKETPLACE_FIELD_KEY is not a valid Fernet key" in answer.stderr
    assert "4242" not in answer.stderr + answer.stdout


def test_production_with_a_good_field_key_starts():
    answer = _check(**PRODUCTION, MARKETPLACE_FIELD_KEY=f"{GOOD_KEY}, {GOOD_KEY}")
    assert answer.returncode == 0, answer.stderr


def test_healthz_answers_over_plain_http_when_everything_else_redirects(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True  # production's default (MARKETPLACE_HTTPS)
    assert client.get("/healthz").status_code == 200
    assert client.get("/shop/").status_code == 301


def _through_the_log_handler(logger: str, *args, **kwargs) -> str:
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalData) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        logging.getLogger(logger).error(*args, **kwargs)
    finally:
        handler.setStream(old)
    return stream.getvalue()


def test_app_log_lines_lose_tokens_e_mail_addresses_and_exception_messages():
    detail = "duplicate key: Key (name)=(Maria Garcia) already exists"
    try:
        raise ValueError(detail)
    except ValueError as exc:
        error = exc
    text = _through_the_log_handler(
        "django.request",
        "Internal Server Error: %s (for %s)",
        "/account/password/reset/MQ/cfr9k2-0123456789abcdef/",
        "maria@example.org",
        exc_info=(type(error), error, error.__traceback__),
    )
    assert "/account/password/reset/[redacted]/[redacted]/" in text
    assert "cfr9k2" not in text and "maria@example.org" not in text and "Maria" not in text
    assert "builtins.ValueError (message left out" in text
    assert "test_app_log_lines_lose_tokens" in text  # where it happened is kept


def test_mail_files_uploads_and_mail_house_output_are_private(settings, tmp_path):
    settings.EMAIL_BACKEND = "marketplace.core.mail.PrivateFileEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    send_mail(
        "Reset your password",
        "https://example.org/reset/x/",
        "a@example.org",
        ["maria@example.org"],
    )
    [message] = (tmp_path / "mail").iterdir()
    storage = FileSystemStorage(location=tmp_path / "media")
    saved = tmp_path / "media" / storage.save("identity/2026/passport.pdf", ContentFile(b"%PDF"))
    house = SimulatedMailHouse(tmp_path / "mailhouse")
    house.send(MailPiece("n-1", "Maria Garcia", ["12 Elm Street", "Boston, MA 02108"], b"%PDF", 1))
    files = [message, saved, *(tmp_path / "mailhouse").iterdir()]
    folders = [tmp_path / "mail", saved.parent, tmp_path / "mailhouse"]
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {"0o600"}
    assert {oct(p.stat().st_mode & 0o777) for p in folders} == {"0o700"}
