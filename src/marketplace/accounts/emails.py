"""E-mail to account holders, through Django's e-mail backend, in the person's language.

Templates: accounts/email/<name>_subject.txt and <name>.txt, written with {% translate %}
and rendered inside translation.override(language), so one template serves both languages.

A message the mail server refuses or cannot take (a bad address, the server down) never
turns the person's page into an error: it goes on the exceptions list (jobs/worklist.py)
naming the account by its number, never the address, and the log line says the same.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.jobs import worklist
from marketplace.jobs.models import Source

log = logging.getLogger(__name__)
FAILURES = (smtplib.SMTPException, OSError)


def send(name: str, to: str, language: str, context: dict) -> bool:
    """Send one message; False (and an exceptions-list item) when it could not be sent."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"accounts/email/{name}_subject.txt", context).split())
        body = render_to_string(f"accounts/email/{name}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except FAILURES as exc:
        _not_sent(name, to, exc)
        return False
    return True


def _not_sent(name: str, to: str, exc: Exception) -> None:
    from marketplace.accounts.models import User

    account = User.objects.filter(email__iexact=to).values_list("pk", flat=True).first()
    refused = isinstance(exc, smtplib.SMTPRecipientsRefused)
    log.warning("E-mail %s to account %s not sent: %s", name, account, type(exc).__name__)
    worklist.report(
        Source.EMAIL,
        "refused" if refused else "unreachable",
        f"The e-mail '{name}' to account {account} was not sent: "
        + (
            "the mail server refused the address. Ask the person for an address that works "
            "and have them change it in their account settings."
            if refused
            else "the mail server could not be reached. If many of these appear, check the SMTP "
            "settings (MARKETPLACE_SMTP_*)."
        )
        + " The person can ask for the e-mail again from the page that sends it.",
        object_type="User",
        object_id=str(account or ""),
    )
