"""The one document check behind identity and verification uploads (core/uploads.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.core.uploads import checked_document


def _upload(content: bytes, name: str = "letter.pdf", content_type: str = "text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_passes_and_gets_its_type_from_its_bytes_not_the_browser():
    upload = checked_document(_upload(b"%PDF-1.7\n...", content_type="image/gif"))
    assert upload.content_type == "application/pdf"
    assert upload.read(4) == b"%PDF"  # read from the start again


def test_a_renamed_text_file_is_refused_in_the_persons_language():
    with pytest.raises(forms.ValidationError) as english:
        checked_document(_upload(b"just text", name="passport.pdf"))
    assert "Upload a PDF, JPEG or PNG file." in english.value.messages
    with translation.override("es"), pytest.raises(forms.ValidationError) as spanish:
        checked_document(_upload(b"just text", name="passport.pdf"))
    assert "PDF" in spanish.value.messages[0] and "Upload" not in spanish.value.messages[0]


def test_a_file_over_the_configured_limit_is_refused(settings):
    settings.VERIFICATION_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    too_big = b"%PDF" + b"x" * (2 * 1024 * 1024)
    with pytest.raises(forms.ValidationError) as error:
        checked_document(_upload(too_big))
    assert error.value.messages == ["The file is larger than 2.0\xa0MB."]
    with translation.override("es"), pytest.raises(forms.ValidationError) as spanish:
        checked_document(_upload(too_big))
    # Numbers read the same in both languages (formats/es/formats.py, ADR 0601).
    assert spanish.value.messages == ["El archivo pesa más de 2.0\xa0MB."]
    settings.VERIFICATION_UPLOAD_MAX_BYTES = 16
    assert checked_document(_upload(b"%PDF" + b"x" * 12)).content_type == "application/pdf"


def test_every_upload_field_names_the_configured_limit_in_the_pages_language(settings):
    from marketplace.accounts.forms import DocumentForm
    from marketplace.casework.forms import PaperApplicationForm
    from marketplace.verifications.forms import UploadForm

    settings.VERIFICATION_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    helps = [
        DocumentForm().fields["file"].help_text,
        UploadForm().fields["file"].help_text,
        PaperApplicationForm.base_fields["scan"].help_text,
    ]
    assert [str(h) for h in helps[:2]] == ["A PDF, JPEG or PNG file, 2.0\xa0MB at most."] * 2
    assert str(helps[2]).endswith("2.0\xa0MB at most. Required for a paper application.")
    with translation.override("es"):
        assert str(helps[0]) == "Un archivo PDF, JPEG o PNG de 2.0\xa0MB como máximo."
        assert str(helps[2]).endswith("Obligatorio para una solicitud en papel.")
