"""The notice to a tax filer who is not the account holder (docs/adr/0108, 0109) is the
household's paper: Maria Garcia takes her notices on paper; Sofia, in her household, files
her own return and the IRS (its simulator) reports she did not reconcile: 2024 (SSN ending
4443, a warning), then 2023 and 2024 (4444, the denial). Sofia's notice is mailed to the
household's address, so:

- when mail to the household came back, Sofia's next notice is held like Maria's, and goes
  out when Carla confirms the address;
- when Sofia's own notice comes back, the household's address is flagged;
- Carla's household page lists it: to Sofia, its kind, when, its status and mailing, and
  nothing of what it says (the tax years are Sofia's federal tax information).
"""

from __future__ import annotations

import re

import pytest

from marketplace.applications import actions, seeding
from marketplace.applications.models import Member
from marketplace.audit.models import AuditEvent
from marketplace.casework.models import ReturnedMail
from marketplace.jobs.queue import run_pending
from marketplace.notices.models import Notice
from tests.applications.conftest import garcias, signed_and_submitted
from tests.conftest import without_ids

pytestmark = pytest.mark.django_db


def _sofia_files_her_own_return(application, ssn: str) -> None:
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn, sofia.tax_role = ssn, "filer"
    sofia.save()


@pytest.fixture
def told(maria):
    """Maria on paper, applied; Sofia warned (2024); everything mailed."""
    maria.notice_preference = "paper"
    maria.save()
    application = actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    _sofia_files_her_own_return(application, "123454443")
    application.refresh_from_db()
    actions.submit_application(application, maria, None)
    run_pending()
    letter = Notice.objects.get(kind="ftr_tax_filer")
    assert letter.mailed_at is not None and letter.household == maria
    return application, letter


def _denied_now(application, maria):
    """Sofia's failure now covers both years; Maria applies again: a second letter."""
    _sofia_files_her_own_return(application, "123454444")
    signed_and_submitted(actions.reopen_application(application, actor=maria), maria)
    return Notice.objects.filter(kind="ftr_tax_filer").latest("id")


def _held(notice) -> bool:
    notice.refresh_from_db()
    return (
        notice.mailed_at is None
        and AuditEvent.objects.filter(action="notice.mail_held", object_id=str(notice.pk)).exists()
    )


def test_after_returned_mail_the_tax_filers_notice_waits_with_the_households(
    carla_client, maria, told
):
    application, _letter = told
    household = f"/casework/households/{maria.pk}/"
    returned = Notice.objects.get(user=maria, kind="eligibility")
    carla_client.post(household + "returned-mail/", {"notice": str(returned.public_id)})

    denial = _denied_now(application, maria)
    run_pending()

    eligibility = Notice.objects.filter(user=maria, kind="eligibility").latest("id")
    assert _held(eligibility) and _held(denial)
    assert denial.context["ftr"]["denied"] is True

    carla_client.post(household + "address-confirmed/")
    run_pending()
    for notice in (eligibility, denial):
        notice.refresh_from_db()
        assert notice.mailed_at is not None


def test_the_tax_filers_notice_coming_back_flags_the_households_address(carla_client, maria, told):
    application, letter = told
    household = f"/casework/households/{maria.pk}/"
    assert str(letter.public_id) in carla_client.get(household).content.decode()

    done = carla_client.post(household + "returned-mail/", {"notice": str(letter.public_id)})

    assert done.status_code == 302
    flagged = ReturnedMail.objects.get()
    assert flagged.notice == letter and flagged.owner == maria
    assert "Mail came back: paper notices are held" in carla_client.get(household).content.decode()
    denial = _denied_now(application, maria)
    run_pending()
    assert _held(denial)
    assert _held(Notice.objects.filter(user=maria, kind="eligibility").latest("id"))


def _notice_rows(page: str) -> list[str]:
    table = page.split('id="notices"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>.*?</tr>", table, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def test_the_household_page_lists_the_tax_filers_notice_without_its_content(
    carla_client, maria, told
):
    application, _letter = told
    household = f"/casework/households/{maria.pk}/"
    denial = _denied_now(application, maria)  # queued, not yet mailed

    page = carla_client.get(household).content.decode()
    rows = _notice_rows(page)
    to_sofia = [r for r in rows if "Sofia Garcia" in r]
    assert len(to_sofia) == 2
    for row in to_sofia:
        assert "tax filer, no account: by mail to the household's address" in row
        assert "To a tax filer: file and reconcile the premium tax credit" in row
        assert "2023" not in without_ids(row) and "2024" not in without_ids(row)
    assert "to be mailed" in to_sofia[0] and "The mail came back" in to_sofia[1]
    assert any("Account holder" in r and "Eligibility notice" in r for r in rows)
    assert str(denial.public_id) not in page  # not mailed yet: nothing to report back

    carla_client.cookies["marketplace_language"] = "es"
    spanish = carla_client.get(household).content.decode()
    assert "Enviado a" in spanish and "Titular de la cuenta" in spanish
    assert "Sofia Garcia (declarante de impuestos sin cuenta" in spanish
