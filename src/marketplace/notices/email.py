"""The "you have a new notice" e-mail for people who chose electronic notices.

45 CFR 155.230(d)(1): an exchange that sends notices electronically meets 42 CFR 435.918,
whose paragraph (b)(4) requires an e-mail (or other electronic alert) that a notice was
posted to the person's account, with no confidential information in it. So the e-mail says
only that a notice is waiting and links to the message center, where the person reads it
after signing in. It is written in the person's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marketplace.core.states import state_name


def message_center_link() -> str:
    return settings.MARKETPLACE_SITE_URL + reverse("notices:message_center")


def send_new_notice(to: str, language: str) -> None:
    """One plain-text e-mail: a subject and a body, both without names, amounts or the
    kind of notice (a subject line can be read on a locked phone)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {"link": message_center_link(), "state": state_name(settings.MARKETPLACE_STATE)}
    with translation.override(language):
        subject = render_to_string("notices/email/new_notice_subject.txt", context)
        body = render_to_string("notices/email/new_notice.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
