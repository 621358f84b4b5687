"""Notices: the Garcias (four people at 161% FPL in Boston: parents with APTC and CSR 87,
children on CHIP) get their eligibility notice as a PDF, in English or Spanish, in their
message center, and by mail when they chose paper."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from django.db import transaction

from marketplace.audit.models import AuditEvent
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import (
    fonts,
    jobs,  # noqa: F401 - registers the handlers
    render,
)
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import ImmutableNoticeError, Notice, NoticeStatus
from marketplace.notices.text import TEXT, VERIFICATION_TEXT
from tests.notices.support import layout_text
from tests.pdfs import pdf_fonts, pdf_text
from tests.verifications.households import garcia_context, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"


def pdf_info(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    return subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_both_languages_have_every_phrase():
    assert set(TEXT["en"]) == set(TEXT["es"])
    assert set(VERIFICATION_TEXT["en"]) == set(VERIFICATION_TEXT["es"])


def test_the_english_eligibility_notice_shows_who_qualifies_and_the_arithmetic():
    text = layout_text("eligibility", "en", garcia_context())
    assert "Your eligibility results" in text
    assert "Maria Garcia 12 Elm Street Boston, MA 02108" in text  # the window block
    assert "November 2, 2026" in text
    assert "Lucia Garcia 10 Eligible for CHIP" in text
    assert "cost-sharing reduction, 87% level" in text
    for figure in ("$52,000", "161%", "$32,150", "4.72%", "$2,454.00", "$1,400.00", "$1,195.50"):
        assert figure in text
    assert "by January 31, 2027 (45 CFR 155.520(b))" in text  # 90 days to appeal
    assert "Page 1 of" in text


def test_the_spanish_eligibility_notice_is_in_spanish_with_the_same_figures():
    text = layout_text("eligibility", "es", garcia_context())
    assert "Sus resultados de elegibilidad" in text
    assert "2 de noviembre de 2026" in text
    assert "Elegible para CHIP" in text
    assert "Su derecho a apelar" in text
    assert "31 de enero de 2027" in text
    for figure in ("$52,000", "161%", "$32,150", "$1,195.50"):
        assert figure in text
    assert "Página 1 de" in text


def test_members_may_be_given_as_dicts_with_names():
    members = [{"name": "Ana Ruiz", "relationship": "self"}, "B", "C", "D"]
    text = layout_text("eligibility", "en", garcia_context(members=members))
    assert "Dear Ana Ruiz," in text


def test_notices_print_in_a_latin_cut_of_the_systems_dejavu_sans(settings, tmp_path):
    """The Garcias' notice embeds only the notices' cut (ADR 0823: a small font to subset for
    every PDF), made on this machine from its own DejaVu Sans; a name outside the cut still
    prints, in the system's DejaVu Sans."""
    pdf, _ = render.render_pdf("eligibility", "es", garcia_context(), "n-fonts")
    assert pdf_fonts(pdf) == ["Notice-Sans", "Notice-Sans-Bold"]
    cuts = list(fonts.folder().glob("*-latin-*.ttf"))
    assert sorted(cut.name.split("-latin-")[0] for cut in cuts) == ["DejaVuSans", "DejaVuSans-Bold"]
    assert all(cut.stat().st_size < 100_000 for cut in cuts)  # the system's: 740 KB
    members = [{"name": "Nguyễn Thị Ánh", "relationship": "self"}, "B", "C", "D"]
    pdf, _ = render.render_pdf("eligibility", "en", garcia_context(members=members), "n-viet")
    assert "DejaVu-Sans" in pdf_fonts(pdf)
    assert "Dear Nguyễn Thị Ánh," in pdf_text(pdf)


def test_without_the_system_font_no_cut_is_made_and_notices_print_in_sans_serif(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts, "FACES", (("normal", "-", "/nonexistent/DejaVuSans.ttf"),))
    assert fonts.font_face_rules() == ""


def test_where_the_cut_cannot_be_written_notices_print_in_sans_serif(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "read-only"
    settings.VAR_DIR.mkdir(mode=0o500)
    if os.access(settings.VAR_DIR, os.W_OK):  # root writes anywhere
        settings.VAR_DIR.rmdir()
        settings.VAR_DIR.write_text("a file where the folder would be")
    assert fonts.font_face_rules() == ""


def test_issuing_a_notice_renders_a_letter_size_pdf_in_a_job():
    maria = user()
    with transaction.atomic():
        notice = issue_notice(
            user=maria, kind="eligibility", context=garcia_context(), language="en"
        )
    assert notice.status == NoticeStatus.QUEUED
    # The PDF, and the "you have a new notice" e-mail of someone who reads notices online.
    assert list(Job.objects.values_list("kind", flat=True)) == ["notices.render", "notices.email"]
    run_pending()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RENDERED
    pdf = bytes(notice.pdf)
    assert pdf.startswith(b"%PDF")
    assert notice.page_count >= 1
    assert "Maria Garcia" in pdf_text(pdf)
    assert "612 x 792 pts (letter)" in pdf_info(pdf)
    assert AuditEvent.objects.filter(action="notice.issued", object_id=str(notice.pk)).exists()


def test_a_rendered_notice_never_changes():
    notice = issue_notice(
        user=user(), kind="generic", context={"paragraphs": ["Hi"]}, language="en"
    )
    run_pending()
    notice.refresh_from_db()
    notice.context = {"paragraphs": ["Something else"]}
    with pytest.raises(ImmutableNoticeError):
        notice.save()


def test_paper_preference_queues_mail_and_the_simulated_mail_house_writes_files(settings):
    maria = user(notice_preference="paper", preferred_language="es")
    notice = issue_notice(
        user=maria, kind="eligibility", context=garcia_context(), language=maria.preferred_language
    )
    assert set(Job.objects.values_list("kind", flat=True)) == {"notices.render", "notices.mail"}
    run_pending()
    notice.refresh_from_db()
    assert notice.mailed_at is not None
    assert notice.mail_reference.startswith("SIM-MAIL-")
    pdf = settings.MAILHOUSE_DIR / f"{notice.public_id}.pdf"
    sheet = (settings.MAILHOUSE_DIR / f"{notice.public_id}.address.txt").read_text()
    assert pdf.read_bytes() == bytes(notice.pdf)
    assert "SIMULATED MAIL HOUSE" in sheet
    assert "12 Elm Street" in sheet and "Boston, MA 02108" in sheet


def test_electronic_preference_mails_nothing():
    issue_notice(user=user(), kind="eligibility", context=garcia_context(), language="en")
    assert not Job.objects.filter(kind="notices.mail").exists()


def test_a_notice_without_a_determination_fails_for_good_without_retrying():
    notice = issue_notice(user=user(), kind="eligibility", context={}, language="en")
    run_pending()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED
    assert Job.objects.get(kind="notices.render").status == "done"


def test_missing_system_libraries_leave_the_notice_being_prepared(monkeypatch):
    def unavailable(*args, **kwargs):
        raise render.RendererUnavailable("no pango here")

    monkeypatch.setattr("marketplace.notices.jobs.render_pdf", unavailable)
    notice = issue_notice(user=user(), kind="generic", context={}, language="en")
    run_pending()
    notice.refresh_from_db()
    job = Job.objects.get(kind="notices.render")
    assert notice.status == NoticeStatus.QUEUED
    assert job.status == "pending" and "no pango here" in job.last_error  # retried later


def test_verification_request_notice_lists_what_and_by_when():
    context = {
        "application": {"members": ["Maria Garcia"], "address": {"street": "12 Elm Street"}},
        "items": [{"type": "income", "member_name": "Maria Garcia", "due_date": "2027-02-05"}],
        "date": "2026-11-02",
    }
    text = layout_text("verification_request", "es", context)
    assert "Necesitamos documentos de usted" in text
    assert "Ingresos del hogar" in text and "5 de febrero de 2027" in text


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        issue_notice(user=user(), kind="love_letter", context={}, language="en")


def test_notice_is_an_eligibility_notice_in_the_owners_language_for_unknown_language():
    notice = issue_notice(user=user(), kind="generic", context={}, language="fr")
    assert notice.language == "en"


def test_a_notice_is_never_deleted():
    notice = issue_notice(user=user(), kind="generic", context={}, language="en")
    with pytest.raises(ImmutableNoticeError):
        notice.delete()
    assert Notice.objects.count() == 1
