"""An uploaded file's name is the browser's to choose: a very long extension is stored under
a name of our own with the suffix of the type read from the bytes (issue 12)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "suffix", ["p" * 200, "pdf" + "\u00e9" * 90, ""], ids=["long", "accented", "none"]
)
def test_a_document_with_any_file_name_is_received(ana_client, ana, suffix):
    upload = SimpleUploadedFile(
        f"licence.{suffix}", b"%PDF-1.4 licence", content_type="application/octet-stream"
    )
    response = ana_client.post("/account/identity/document/", {"kind": "passport", "file": upload})
    assert response.status_code == 302
    document = ana.identity_documents.get()
    assert document.file.name.endswith(".pdf") and len(document.file.name) < 100
