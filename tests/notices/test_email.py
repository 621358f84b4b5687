"""Notices by e-mail: Maria chose electronic notices, so each notice posted to her account
brings one e-mail (no personal data in it) in her language, with a link to the message
center; queued with the notice, sent once however often its job runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import transaction

from marketplace.audit.models import AuditEvent
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs  # the handlers register on import
from marketplace.notices.actions import EMAIL_JOB, issue_notice
from marketplace.notices.models import Notice
from tests.verifications.households import garcia_context, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MARKETPLACE_SITE_URL = "https://health.example.gov"


def post_eligibility_notice(person, language="en"):
    return issue_notice(
        user=person, kind="eligibility", context=garcia_context(), language=language
    )


def test_maria_gets_one_email_without_personal_data_linking_to_her_messages(mailoutbox):
    maria = user("maria@example.org")
    notice = post_eligibility_notice(maria)
    run_pending()
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["maria@example.org"]
    assert sent.subject == "You have a new notice from the Massachusetts Health Marketplace"
    assert "Sign in to read it" in sent.body
    assert "https://health.example.gov/notices/" in sent.body
    for private in (
        "Maria",
        "Garcia",
        "52,000",
        "52000",
        "Elm",
        "02108",
        "eligib",
        str(notice.public_id),
    ):
        assert private not in sent.subject + sent.body, private
    notice.refresh_from_db()
    assert notice.emailed_at is not None
    assert AuditEvent.objects.filter(action="notice.emailed").count() == 1


def test_the_email_is_in_spanish_for_someone_who_reads_spanish(mailoutbox):
    lucia = user("lucia@example.org", preferred_language="es")
    post_eligibility_notice(lucia, language="es")
    run_pending()
    assert len(mailoutbox) == 1
    assert (
        mailoutbox[0].subject
        == "Tiene un aviso nuevo del Mercado de Seguros de Salud de Massachusetts"
    )
    assert "Inicie sesión para leerlo" in mailoutbox[0].body


def test_the_email_is_sent_once_even_if_its_job_runs_twice(mailoutbox):
    maria = user("maria@example.org")
    notice = post_eligibility_notice(maria)
    run_pending()
    jobs.email_job({"notice": str(notice.public_id)})  # the same job, run again
    Job.objects.filter(kind=EMAIL_JOB).update(status="pending")  # or claimed again
    run_pending()
    assert len(mailoutbox) == 1


def test_the_email_is_queued_with_the_notice_and_rolls_back_with_it(mailoutbox):
    maria = user("maria@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        post_eligibility_notice(maria)
        raise RuntimeError("the submission failed after the notice was issued")
    assert not Notice.objects.exists()
    assert not Job.objects.filter(kind=EMAIL_JOB).exists()
    run_pending()
    assert mailoutbox == []


def test_someone_who_chose_paper_gets_the_letter_not_an_email(mailoutbox, settings, tmp_path):
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    jose = user("jose@example.org", notice_preference="paper")
    post_eligibility_notice(jose)
    assert not Job.objects.filter(kind=EMAIL_JOB).exists()
    run_pending()
    assert mailoutbox == []


def test_every_kind_of_notice_brings_the_email(mailoutbox):
    maria = user("maria@example.org")
    issue_notice(user=maria, kind="generic", context={"title": "Hello"}, language="en")
    issue_notice(user=maria, kind="enrollment_confirmation", context={}, language="en")
    run_pending()
    assert len(mailoutbox) == 2


def _site_url_setting(tmp_path, **env):
    """The setting as a fresh process reads it from the environment."""
    environment = {k: v for k, v in os.environ.items() if k != "MARKETPLACE_SITE_URL"}
    environment.update(MARKETPLACE_VAR_DIR=str(tmp_path), **env)
    code = "import marketplace.settings as s; print(s.MARKETPLACE_SITE_URL)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


def test_the_email_link_defaults_to_where_make_run_listens(tmp_path):
    done = _site_url_setting(tmp_path, MARKETPLACE_BIND="127.0.0.1:8105")
    assert done.stdout.strip() == "http://127.0.0.1:8105"


def test_a_bad_site_address_stops_start_up_naming_the_variable(tmp_path):
    done = _site_url_setting(tmp_path, MARKETPLACE_SITE_URL="health.example.gov")
    assert done.returncode != 0
    assert "MARKETPLACE_SITE_URL must be an address like https://" in done.stderr
