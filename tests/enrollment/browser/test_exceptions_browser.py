"""Both exceptions lists in a real browser (Debian Chromium), axe on every page, in English
and Spanish: Carla, a caseworker, finds the 834 held back for a household whose name has no
letter the insurer's file can carry, submits the spelling form empty (the error), gives the
spelling, and closes a notice the mail house could not take on the other list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.accounts import totp
from marketplace.edi import export
from marketplace.jobs import worklist
from marketplace.jobs.models import Source, WorkException
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.edi.held_support import household
from tests.verifications.households import user as plain_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _carla():
    carla = plain_user("carla@example.org", role="caseworker")
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    return carla


def test_a_caseworker_works_both_exceptions_lists(live, page_factory, settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    held = household("nobody@example.org", "٣٣", "Ahmed")
    export.export_pending(tmp_path / "out")
    worklist.report(
        Source.NOTICE_MAIL,
        "no_address",
        "Paper notice 1 was not mailed: no mailing address.",
        object_id="n-1",
    )
    tab = page_factory(javascript=False)
    carla = _carla()
    sign_in(tab, live, carla.email, code_for=carla)
    tab.get_by_role("link", name="834 exceptions (enrollment files to and from insurers)").click()
    assert_accessible(tab)
    assert held.policy_id in main_text(tab)
    tab.locator("main table a").first.click()
    assert_accessible(tab)
    assert "Last name of Ahmed ٣٣ has no letter A to Z" in main_text(tab)
    tab.get_by_role("button", name="Send to the insurer again").click()
    assert_accessible(tab)
    assert "enter each name shown, in letters A to Z" in main_text(tab)
    tab.get_by_label("Last name for the insurer").fill("Salem")
    tab.get_by_role("button", name="Send to the insurer again").click()
    assert_accessible(tab)
    assert "1 transaction(s) will go to the insurer in the next file." in main_text(tab)
    tab.get_by_role("link", name="Other work that could not be done").click()
    assert_accessible(tab)
    tab.get_by_label("What was done").fill("Called the person; the address is on file now.")
    tab.get_by_role("button", name="Close this item").click()
    assert_accessible(tab)
    assert "The item was closed." in main_text(tab)
    assert not WorkException.objects.filter(resolved_at=None).exists()

    tab.context.add_cookies([{"name": "marketplace_language", "value": "es", "url": live}])
    worklist.report(Source.EMAIL, "unreachable", "An e-mail was not sent.", object_id="7")
    for path, heading in (
        ("/casework/834-exceptions/", "Excepciones 834"),
        ("/casework/work-exceptions/", "Trabajo que no se pudo hacer"),
    ):
        tab.goto(live + path)
        assert tab.locator("html").get_attribute("lang") == "es"
        assert heading in main_text(tab)
        assert_accessible(tab)
