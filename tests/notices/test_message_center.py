"""The message center: Maria sees her notices and downloads their PDFs; Ben cannot."""

from __future__ import annotations

import pytest

from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # noqa: F401 - registers the handlers
from marketplace.notices.actions import issue_notice
from tests.verifications.households import garcia_context, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria():
    return user()


@pytest.fixture
def notice(maria):
    return issue_notice(user=maria, kind="eligibility", context=garcia_context(), language="en")


def test_the_message_center_needs_sign_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_notice_being_prepared_says_so(client, maria, notice):
    client.force_login(maria)
    response = client.get("/notices/")
    assert response.status_code == 200
    assert "Being prepared" in response.content.decode()
    assert client.get(f"/notices/{notice.public_id}/pdf/").status_code == 404


def test_the_owner_downloads_the_pdf_as_an_attachment(client, maria, notice):
    run_pending()
    client.force_login(maria)
    page = client.get("/notices/").content.decode()
    assert f"/notices/{notice.public_id}/pdf/" in page
    response = client.get(f"/notices/{notice.public_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def test_another_person_gets_404(client, notice):
    run_pending()
    ben = user("ben@example.org")
    client.force_login(ben)
    assert client.get(f"/notices/{notice.public_id}/pdf/").status_code == 404
    assert str(notice.public_id) not in client.get("/notices/").content.decode()


def test_every_notice_kind_has_a_human_name_in_english_and_spanish():
    from django.utils import translation

    from marketplace.notices.content import BUILDERS
    from marketplace.notices.models import Notice

    for kind in BUILDERS:
        notice = Notice(kind=kind)
        with translation.override("en"):
            english = notice.get_kind_display()
        with translation.override("es"):
            spanish = notice.get_kind_display()
        assert english != kind and "_" not in english, kind
        assert spanish != english, kind


def test_the_message_center_names_an_enrollment_confirmation(client, maria):
    issue_notice(user=maria, kind="enrollment_confirmation", context={}, language="en")
    client.force_login(maria)
    page = client.get("/notices/").content.decode()
    assert "enrollment_confirmation" not in page
    assert "Enrollment confirmation" in page
    client.cookies["marketplace_language"] = "es"
    assert "Confirmación de inscripción" in client.get("/notices/").content.decode()
