"""The eligibility notice names its stored determination instead of holding a copy of its
result (ADR 0813): the notice issued today stores the determination's public id and no copy,
and reads, in English and Spanish, exactly as a notice holding the copy (every notice issued
before) reads; a copy stored in an old notice is still what it shows; a notice naming no
stored determination cannot be laid out and goes to the exceptions list."""

from __future__ import annotations

import pytest

from aca_rules import determination_to_dict, determine, parse_household
from marketplace.applications.effects import issue_eligibility_notice
from marketplace.jobs.models import Job, JobStatus, Source, WorkException
from marketplace.jobs.queue import run_pending
from marketplace.notices import (
    jobs,  # noqa: F401 - registers the handlers
    render,
)
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import Notice, NoticeStatus
from tests.verifications.households import GARCIA_INPUT, garcia_application, user

pytestmark = pytest.mark.django_db


def _issued():
    """The Garcias' determination (with today's message codes) and its eligibility notice,
    issued by the application's own action."""
    result = determination_to_dict(determine(parse_household(GARCIA_INPUT)))
    application, determination = garcia_application(user(), result=result)
    return determination, issue_eligibility_notice(application, determination)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_notice_names_the_determination_and_reads_as_a_copy_would(language):
    determination, notice = _issued()
    notice.refresh_from_db()
    assert "determination" not in notice.context  # no copy of the 25 kB result
    assert notice.context["determination_public_id"] == str(determination.public_id)
    copied = {**notice.context, "determination": determination.result}  # as before ADR 0813
    public_id = str(notice.public_id)
    assert render.render_html("eligibility", language, notice.context, public_id) == (
        render.render_html("eligibility", language, copied, public_id)
    )
    assert render.html_page("eligibility", language, notice.context, public_id) == (
        render.html_page("eligibility", language, copied, public_id)
    )


def test_the_pdf_of_a_notice_naming_its_determination_is_rendered():
    _determination, notice = _issued()
    run_pending()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RENDERED


def test_an_old_notice_shows_the_copy_it_holds():
    determination, notice = _issued()
    old = dict(notice.context, determination={**determination.result, "year": 2031})
    html = render.render_html("eligibility", "en", old, str(notice.public_id))
    assert "2031" in html  # the copy, not the stored determination, is what it told


def test_a_notice_naming_no_stored_determination_fails_onto_the_list():
    _determination, notice = _issued()
    maria = notice.user
    for public_id in ("00000000-0000-0000-0000-000000000000", "not an id"):
        context = dict(notice.context, determination_public_id=public_id)
        issue_notice(user=maria, kind="eligibility", context=context, language="en")
    run_pending()
    assert Notice.objects.filter(status=NoticeStatus.FAILED).count() == 2
    assert Notice.objects.filter(status=NoticeStatus.RENDERED).count() == 1
    assert not Job.objects.exclude(status=JobStatus.DONE).exists()
    items = WorkException.objects.filter(source=Source.NOTICE_RENDER)
    assert [i.reason for i in items] == ["bad_content", "bad_content"]
