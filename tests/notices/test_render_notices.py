"""`marketplace render-notices`: every pending notice PDF rendered in batches, the bytes the
per-notice render job makes, resumable after a real kill (PostgreSQL, forked workers)."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from marketplace.audit.models import AuditEvent
from marketplace.jobs.queue import run_pending
from marketplace.notices import (
    batch,
    jobs,  # noqa: F401 - registers the handlers
    render,
)
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import Notice, NoticeStatus
from tests.planner_support import rows_the_planner_knows
from tests.verifications.households import user

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="more than one worker needs PostgreSQL"
)


def _issue(count: int, kind: str = "generic") -> list[Notice]:
    person = user()
    return [
        issue_notice(
            user=person,
            kind=kind,
            context={"paragraphs": [f"Paragraph {n} of a notice."] * 3},
            language="es" if n % 2 else "en",
        )
        for n in range(count)
    ]


def _render(**options) -> str:
    out = StringIO()
    call_command("render-notices", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _stored() -> dict:
    return {n.public_id: bytes(n.pdf) for n in Notice.objects.filter(status="rendered")}


def _rendered_events() -> int:
    return AuditEvent.objects.filter(action="notice.rendered").count()


@pytest.mark.django_db
def test_the_command_renders_the_bytes_the_render_job_makes():
    notices = _issue(5)
    report = _render(batch=2)
    assert "Rendered 5 notice PDFs" in report and "0 left" in report
    assert "ms a notice" in report and "notices an hour of CPU" in report
    by_command = _stored()
    assert len(by_command) == 5 and _rendered_events() == 5
    for notice in Notice.objects.all():
        assert notice.pdf_sha256 == hashlib.sha256(bytes(notice.pdf)).hexdigest()
    # The same notices rendered again by their queued per-notice jobs.
    Notice.objects.update(status=NoticeStatus.QUEUED, pdf=None, pdf_sha256="", page_count=0)
    run_pending()
    assert _stored() == by_command
    assert {n.public_id for n in notices} == set(by_command)


@pytest.mark.django_db
def test_a_second_run_renders_nothing_and_the_jobs_find_them_done():
    _issue(2)
    _render()
    assert "Rendered 0 notice PDFs" in _render()
    run_pending()
    assert _rendered_events() == 2


@pytest.mark.django_db
def test_only_the_kind_asked_for():
    _issue(2)
    eligibility = issue_notice(
        user=user("ana@example.org"), kind="generic", context={}, language="en"
    )
    Notice.objects.filter(pk=eligibility.pk).update(kind="eligibility")  # an unrenderable one
    report = _render(kind="generic")
    assert "Rendered 2 notice PDFs" in report and "0 left" in report
    assert Notice.objects.get(pk=eligibility.pk).status == NoticeStatus.QUEUED
    report = _render()
    assert "1 could not be prepared" in report
    assert Notice.objects.get(pk=eligibility.pk).status == NoticeStatus.FAILED


@pytest.mark.django_db
def test_more_than_one_worker_needs_postgresql_and_sane_numbers():
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            _render(workers=2)
    with pytest.raises(CommandError, match="--batch"):
        _render(batch=0)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_killed_workers_leave_no_notice_half_written_and_a_rerun_finishes(monkeypatch):
    _issue(9)
    # Each of the two workers commits its first batch of 2 and is SIGKILLed in its second,
    # after writing it and before the commit.
    monkeypatch.setenv("MARKETPLACE_CRASH_AT", "notices.render.batch_written:2")
    with pytest.raises(CommandError, match="did not finish"):
        _render(workers=2, batch=2)
    assert Notice.objects.filter(status="rendered").count() == 4
    for notice in Notice.objects.all():
        assert (notice.pdf is None) == (notice.status == NoticeStatus.QUEUED)
        assert (notice.pdf_sha256 == "") == (notice.status == NoticeStatus.QUEUED)
    monkeypatch.delenv("MARKETPLACE_CRASH_AT")
    report = _render(workers=2, batch=2)
    assert "Rendered 5 notice PDFs" in report and "0 left" in report
    assert _rendered_events() == 9  # each notice rendered and audited once
    by_workers = _stored()
    Notice.objects.update(status=NoticeStatus.QUEUED, pdf=None, pdf_sha256="", page_count=0)
    run_pending()
    assert _stored() == by_workers


@pytest.mark.parametrize(
    "url", ["https://example.org/logo.png", "file:///etc/passwd", "ftp://example.org/x.css"]
)
def test_notices_fetch_nothing_but_their_own_static_files(url):
    with pytest.raises(render.ForbiddenResource):
        render.static_file(url)
    content, mime_type = render.static_file(render.STYLESHEET.as_uri())
    assert mime_type == "text/css" and b"@page" in content


def test_a_link_to_another_server_is_asked_of_our_fetcher_and_refused(monkeypatch):
    asked = []

    def static_file(url):
        asked.append(url)
        return own(url)

    own = render.static_file
    monkeypatch.setattr(render, "static_file", static_file)
    page = '<html><body><img src="https://example.org/x.png" alt="x"><p>Hi</p></body></html>'
    assert render.layout(page).write_pdf()[:4] == b"%PDF"
    assert asked == ["https://example.org/x.png"]


@postgres_only
@pytest.mark.django_db
def test_the_next_batch_is_read_from_the_index_of_queued_notices():
    """Where most notices are rendered, a batch's read walks the queued ones only (the
    partial index, ADR 0830), not every notice's status nor the whole table."""
    notices = _issue(400)
    queued = {n.pk for n in notices[::100]}
    Notice.objects.exclude(pk__in=queued).update(status=NoticeStatus.RENDERED)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Notice._meta.db_table}")

    for slots in (1, 2):
        read = batch.next_batch("generic", 0, 50, slot=0, slots=slots)
        assert "notices_queued" in read.explain()
    assert {n.pk for n in batch.next_batch("generic", 0, 50)} == queued


@pytest.mark.django_db
def test_the_command_refreshes_the_statistics_its_reads_are_planned_from():
    """Right after a renewal run the statistics of the notices knew none of its million
    notices: every batch's read was planned as a scan of them all (ADR 0830)."""
    _issue(3)
    table = Notice._meta.db_table
    assert rows_the_planner_knows(table) != Notice.objects.count()

    _render(kind="generic")

    assert rows_the_planner_knows(table) == Notice.objects.count()
