"""Every string has a Spanish translation; pages and e-mails follow the person's language;
the create-staff command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from marketplace.accounts.models import User
from tests.accounts.conftest import STAFF_PASSWORD, sign_in

PO = Path(__file__).resolve().parents[2] / "src/marketplace/accounts/locale/es/LC_MESSAGES"


def test_every_message_has_a_spanish_translation_and_the_catalogue_is_compiled():
    text = (PO / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    # An empty msgstr line with no continuation line after it ("..." wrapped lines).
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert (PO / "django.mo").stat().st_mtime >= (PO / "django.po").stat().st_mtime - 1


SPANISH_PAGES = {
    "/account/": "Mi cuenta",
    "/account/settings/": "Idioma y avisos",
    "/account/settings/email/": "Cambiar el correo electrónico",
    "/account/settings/password/": "Cambiar la contraseña",
    "/account/sign-ins/": "Inicios de sesión recientes",
    "/account/mfa/": "Inicio de sesión en dos pasos",
    "/account/mfa/setup/": "Agregue este sitio a su aplicación de autenticación",
    "/account/identity/": "Verifique su identidad",
    "/account/identity/document/": "Subir un documento de identidad",
}


@pytest.mark.parametrize("url,heading", SPANISH_PAGES.items())
def test_account_pages_in_spanish(client, ben, url, heading):
    sign_in(client, ben)
    content = client.get(url).content.decode()
    assert heading in content
    assert 'lang="es"' in content
    assert "Cerraremos su sesión" in content or "cerraremos su sesión" in content


def test_the_document_decision_is_mailed_in_the_persons_language(
    client, ben, carla, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, ben)
    pdf = SimpleUploadedFile("d.pdf", b"%PDF-1.4", content_type="application/pdf")
    client.post("/account/identity/document/", {"kind": "passport", "file": pdf})
    document = ben.identity_documents.get()
    staff = Client()
    sign_in(staff, carla, STAFF_PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            f"/casework/identity/{document.public_id}/",
            {"decision": "deny", "reason": "La foto no se lee."},
        )
    assert mail.outbox[-1].to == [ben.email]
    assert mail.outbox[-1].subject == "No pudimos aceptar su documento de identidad"
    assert "La foto no se lee." in mail.outbox[-1].body


@pytest.mark.django_db
def test_create_staff_makes_a_verified_caseworker_who_must_set_a_password():
    call_command("create-staff", "dee@example.org", "--role", "caseworker")
    user = User.objects.get(email="dee@example.org")
    assert user.role == "caseworker" and user.email_verified
    assert not user.has_usable_password()
    with pytest.raises(CommandError):
        call_command("create-staff", "DEE@example.org", "--role", "caseworker")
