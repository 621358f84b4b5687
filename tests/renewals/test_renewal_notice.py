"""The renewal notice renders to a PDF in English and Spanish with the plan, what the person
pays and the arithmetic behind it (notices registry kind "renewal")."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import document_text, render_document, render_html
from marketplace.renewals.models import Renewal
from tests.notices.support import pdf_as_weasyprint_parses_it
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, renew, single

pytestmark = pytest.mark.django_db

WORDS = {
    "en": ("Your health coverage for 2027", "How we figured your savings", "You pay each month"),
    "es": ("Su cobertura de salud para 2027", "Cómo calculamos sus ahorros", "Usted paga cada mes"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_renewal_notice_pdf(settings, language):
    user, before = enrolled(single("Sam", 30, 31800), by_name("Standard Silver"))
    before.language = language
    before.save(update_fields=["language"])
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    renewal = Renewal.objects.get(previous=before)
    notice = Notice.objects.get(user=user, kind="renewal")
    assert notice.language == language
    rendered = render_notice(notice)
    assert rendered.status == NoticeStatus.RENDERED and rendered.pdf[:4] == b"%PDF"
    text = document_text(
        render_document("renewal", language, notice.context, str(notice.public_id))
    )
    title, how, pays = WORDS[language]
    assert title in text and how in text and pays in text
    nxt = renewal.detail["next"]
    assert nxt["plan_name"] in text
    assert f"${nxt['premium']} - ${nxt['aptc']} = ${nxt['net']}" in text
    # Parsed as XML with the trimmed user-agent sheet: the same bytes (ADR 0826).
    html = render_html("renewal", language, notice.context, str(notice.public_id))
    assert rendered.pdf == pdf_as_weasyprint_parses_it(html)


def _tables(box):
    if type(box).__name__ == "TableBox":
        yield box
    for child in getattr(box, "children", ()) or ():
        yield from _tables(child)


def test_the_renewal_tables_have_declared_columns(settings):
    """Label and value, the same columns in both tables whatever their words (ADR 0821: the
    automatic table layout measured every cell's text again to size them, for every
    notice)."""
    user, _ = enrolled(single("Ana", 44, 52000), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    notice = Notice.objects.get(user=user, kind="renewal")
    document = render_document("renewal", "en", notice.context, str(notice.public_id))
    tables = [t for page in document.pages for t in _tables(page._page_box)]
    assert len(tables) == 2
    assert [table.style["table_layout"] for table in tables] == ["fixed", "fixed"]
    assert tables[0].column_widths == tables[1].column_widths


def _render_notices(*extra):
    out = StringIO()
    call_command("render-notices", *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_renewed_people_read_their_notice_the_moment_the_run_ends(client, settings):
    """Right after `renew`, before any PDF is rendered, the renewed person opens the notice
    in the message center; `render-notices --kind renewal` then renders the others, the
    bytes the per-notice job makes."""
    sam, _ = enrolled(single("Sam", 30, 31800), by_name("Standard Silver"))
    ana, _ = enrolled(single("Ana", 44, 52000), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    notice = Notice.objects.get(user=sam, kind="renewal")
    assert notice.status == NoticeStatus.QUEUED
    client.force_login(sam)
    link = f"/notices/{notice.public_id}/pdf/"
    assert link in client.get("/notices/").content.decode()
    opened = client.get(link)
    assert opened.status_code == 200 and opened.content[:4] == b"%PDF"
    report = _render_notices("--kind", "renewal")
    assert "Rendered 1 notice PDFs" in report and "0 left" in report
    other = Notice.objects.get(user=ana, kind="renewal")
    by_command = bytes(other.pdf)
    Notice.objects.filter(pk=other.pk).update(status=NoticeStatus.QUEUED, pdf=None)
    assert bytes(render_notice(Notice.objects.get(pk=other.pk)).pdf) == by_command
    assert bytes(Notice.objects.get(pk=notice.pk).pdf) == opened.content
