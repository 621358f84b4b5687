"""E-mail to account holders, through Django's e-mail backend, in the person's language.

Templates: accounts/email/<name>_subject.txt and <name>.txt, written with {% translate %}
and rendered inside translation.override(language), so one template serves both languages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send(name: str, to: str, language: str, context: dict) -> None:
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"accounts/email/{name}_subject.txt", context).split())
        body = render_to_string(f"accounts/email/{name}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
