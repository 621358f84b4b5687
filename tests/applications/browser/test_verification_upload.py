"""An SSN the SSA cannot match (the simulator's SSN ending 0000, docs/adr/0700) opens a
verification item; the person signs in and resolves it by uploading a PDF in the browser,
and the item moves to "document submitted". axe checks the verification pages on the way."""

from __future__ import annotations

import pytest

from marketplace.verifications.actions import start_verifications
from marketplace.verifications.models import ItemStatus, ItemType, VerificationItem
from tests.applications.conftest import PASSWORD, make_user
from tests.browser_support import assert_accessible
from tests.verifications.households import garcia_application

PDF = b"%PDF-1.4\n% a Social Security card\n%%EOF\n"
SSA_MISMATCH = ["123450000", "123450022", "123450033", "123450044"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


@pytest.mark.browser
def test_an_ssn_mismatch_is_resolved_by_uploading_a_pdf(live_server, transactional_db, media, page):
    maria = make_user("maria@example.org")
    application, determination = garcia_application(maria, ssns=SSA_MISMATCH)
    start_verifications(application, determination)
    item = VerificationItem.objects.get(application=application, type=ItemType.SSN)
    assert item.status == ItemStatus.OPEN
    base = live_server.url

    page.goto(base + "/account/login/")
    page.fill("input[name=email]", "maria@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(base + "/verifications/")
    assert_accessible(page)
    page.locator(f"main a[href$='/{item.public_id}/upload/']").click()
    page.wait_for_url(f"**/{item.public_id}/upload/")
    assert_accessible(page)
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "ssn-card.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.locator("main form.usa-form button[type=submit]").click()
    page.wait_for_url(base + "/verifications/")
    assert "We received your document. A caseworker will review it." in page.content()

    item.refresh_from_db()
    assert item.status == ItemStatus.DOCUMENT_SUBMITTED
    document = item.documents.get()
    assert document.content_type == "application/pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
