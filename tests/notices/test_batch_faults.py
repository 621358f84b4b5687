"""One bad notice stops nobody else's: a notice whose stored content cannot be laid out fails
for good (no eight retries) and a paper notice the mail house cannot take is not mailed; both
go on the caseworkers' exceptions list without the person's name or address, and the Garcias'
and the Okafors' notices are prepared and mailed."""

from __future__ import annotations

import pytest

from marketplace.jobs.models import Job, JobStatus, Source, WorkException
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # noqa: F401 - registers the handlers
from marketplace.notices.actions import issue_notice
from marketplace.notices.mailhouse import MailPieceRefused, SimulatedMailHouse
from marketplace.notices.models import Notice, NoticeStatus
from tests.verifications.households import garcia_context, user

pytestmark = pytest.mark.django_db


def _no_personal_data(text: str) -> None:
    for value in ("Maria", "Garcia", "Elm Street", "maria@example.org", "02108"):
        assert value not in text


def test_notices_whose_content_cannot_be_laid_out_fail_alone_onto_the_list():
    maria, sam = user(), user("sam@example.org")
    missing = garcia_context()
    del missing["determination"]  # an eligibility notice needs the stored result
    broken = dict(garcia_context(), application="not an application")
    bad = [
        issue_notice(user=maria, kind="eligibility", context=c, language="en")
        for c in (missing, broken)
    ]
    good = issue_notice(user=sam, kind="eligibility", context=garcia_context(), language="es")
    run_pending()
    good.refresh_from_db()
    assert good.status == NoticeStatus.RENDERED
    for notice in bad:
        notice.refresh_from_db()
        assert notice.status == NoticeStatus.FAILED  # at once: no retries of a bad content
    assert not Job.objects.exclude(status=JobStatus.DONE).exists()
    items = WorkException.objects.filter(source=Source.NOTICE_RENDER).order_by("id")
    assert [i.reason for i in items] == ["bad_content", "cannot_lay_out"]
    assert [i.object_id for i in items] == [str(n.public_id) for n in bad]
    for item in items:
        _no_personal_data(item.message)
    assert "needs the stored determination result" in items[0].message


def test_a_caseworker_retry_renders_a_failed_notice_again_once_it_can_be(monkeypatch):
    from marketplace.notices import jobs as notice_jobs

    real = notice_jobs.render_pdf
    monkeypatch.setattr(notice_jobs, "render_pdf", lambda *a: 1 / 0)
    notice = issue_notice(user=user(), kind="eligibility", context=garcia_context(), language="en")
    run_pending()
    item = WorkException.objects.get(source=Source.NOTICE_RENDER)
    monkeypatch.setattr(notice_jobs, "render_pdf", real)  # the cause is fixed
    from marketplace.jobs import retries

    assert retries.try_again(item, actor=None)
    run_pending()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RENDERED


def test_a_paper_notice_without_an_address_is_not_mailed_and_the_others_are(settings):
    maria = user(notice_preference="paper")
    sam = user("sam@example.org", notice_preference="paper")
    no_address = garcia_context()
    del no_address["application"]["address"]
    unmailable = issue_notice(user=maria, kind="eligibility", context=no_address, language="en")
    mailed = issue_notice(user=sam, kind="eligibility", context=garcia_context(), language="en")
    run_pending()
    mailed.refresh_from_db()
    unmailable.refresh_from_db()
    assert mailed.mailed_at is not None
    assert unmailable.mailed_at is None and unmailable.status == NoticeStatus.RENDERED
    assert not Job.objects.exclude(status=JobStatus.DONE).exists()
    item = WorkException.objects.get(source=Source.NOTICE_MAIL)
    assert item.reason == "no_address" and item.object_id == str(unmailable.public_id)
    assert "message center" in item.message
    _no_personal_data(item.message)


class _RefusesOne(SimulatedMailHouse):
    refused: set[str] = set()

    def send(self, piece):
        if piece.reference in self.refused:
            raise MailPieceRefused("bad_address")
        return super().send(piece)


def test_a_piece_the_mail_house_refuses_goes_on_the_list_and_the_rest_are_mailed(settings):
    settings.MARKETPLACE_MAIL_HOUSE = f"{__name__}._RefusesOne"
    maria = user(notice_preference="paper")
    sam = user("sam@example.org", notice_preference="paper")
    refused = issue_notice(user=maria, kind="eligibility", context=garcia_context(), language="en")
    _RefusesOne.refused = {str(refused.public_id)}
    mailed = issue_notice(user=sam, kind="eligibility", context=garcia_context(), language="en")
    run_pending()
    assert Notice.objects.get(pk=mailed.pk).mailed_at is not None
    assert Notice.objects.get(pk=refused.pk).mailed_at is None
    item = WorkException.objects.get(source=Source.NOTICE_MAIL)
    assert item.reason == "bad_address" and "cannot be delivered" in item.message
