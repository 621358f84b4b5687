"""An e-mail the mail server refuses never turns Dana's page into an error: she is told to
check her e-mail as usual, the failure goes on the caseworkers' exceptions list naming her
account by number (never her address), and Ben's e-mail goes out."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from marketplace.accounts.models import User
from marketplace.jobs.models import Source, WorkException
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


class RefusesDana(EmailBackend):
    def send_messages(self, messages):
        if any("dana@" in to for m in messages for to in m.to):
            raise smtplib.SMTPRecipientsRefused({"dana@example.org": (550, b"no such user")})
        return super().send_messages(messages)


def test_a_refused_address_is_listed_and_the_others_are_sent(client, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesDana"
    for email in ("dana@example.org", "ben@example.org"):
        answer = client.post(
            "/account/register/", {"email": email, "password": PASSWORD, "preferred_language": "en"}
        )
        assert answer.status_code == 302 and answer["Location"] == "/account/register/check-email/"
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    item = WorkException.objects.get(source=Source.EMAIL)
    dana = User.objects.get(email="dana@example.org")
    assert item.reason == "refused" and item.object_id == str(dana.pk)
    assert "dana" not in item.message and "dana" not in caplog.text
