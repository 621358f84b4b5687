"""The message center: Maria sees her notices and downloads their PDFs; Ben cannot."""

from __future__ import annotations

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # also registers the handlers
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import NoticeStatus
from marketplace.notices.render import RendererUnavailable, render_pdf
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


def test_a_notice_not_yet_rendered_is_rendered_when_asked_for(client, maria, notice):
    """Readable the moment it is issued: the PDF is made on demand, the bytes the render
    job would store, and stored once (the job then finds it rendered)."""
    client.force_login(maria)
    page = client.get("/notices/").content.decode()
    assert f"/notices/{notice.public_id}/pdf/" in page
    response = client.get(f"/notices/{notice.public_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected, _ = render_pdf(notice.kind, "en", notice.context, str(notice.public_id))
    assert response.content == expected
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RENDERED and bytes(notice.pdf) == expected
    run_pending()  # the queued render job changes nothing
    assert AuditEvent.objects.filter(action="notice.rendered").count() == 1


def test_without_a_renderer_the_notice_is_shown_as_a_web_page(client, maria, notice, monkeypatch):
    def unavailable(*args):
        raise RendererUnavailable("no Pango here")

    monkeypatch.setattr(jobs, "render_pdf", unavailable)
    client.force_login(maria)
    response = client.get(f"/notices/{notice.public_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert str(notice.public_id) in page and "Maria Garcia" in page and "<style>" in page
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.QUEUED  # the job renders it once the renderer is back


def test_a_notice_that_cannot_be_prepared_leads_back_to_the_message_center(client, maria):
    broken = issue_notice(user=maria, kind="eligibility", context={}, language="en")
    client.force_login(maria)
    response = client.get(f"/notices/{broken.public_id}/pdf/")
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert "could not prepare" in client.get("/notices/").content.decode()


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
