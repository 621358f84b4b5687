"""A failure to file and reconcile (45 CFR 155.305(f)(4)) of a tax filer who is not the
account holder, found or carried by a redetermination after the household applied
(docs/adr/0108, 0109). The Garcias (Boston, 2026): Sofia files her own return, and the IRS
(its simulator: every year for SSNs ending 4444) reports APTC paid for her for 2023 and 2024
with no Form 8962.

- A reported change redetermines from the stored facts and asks the IRS: when it finds
  Sofia's failure, her notice is queued with Maria's eligibility notice, once, and belongs to
  Maria's household (its returned-mail holds, casework's page).
- An appeal that keeps the earlier eligibility determines an older snapshot again: after
  Sofia moved out, the member now at her place in the household (Mateo) must not be written
  to about her tax years.
"""

from __future__ import annotations

import uuid

import pytest

from marketplace.appeals import actions as appeals
from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.applications.models import Member
from marketplace.notices.models import Notice
from tests.applications.conftest import garcias, make_user
from tests.changes.conftest import SPRING, member, report

pytestmark = pytest.mark.django_db


def _sofia_files_her_own_return(application, ssn="123454444"):
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn, sofia.tax_role = ssn, "filer"
    sofia.save()


def _letters():
    return list(Notice.objects.filter(kind="ftr_tax_filer").order_by("id"))


def test_a_reported_change_that_finds_the_failure_writes_to_the_tax_filer_once(garcia, settings):
    maria, application, _policy = garcia
    assert _letters() == []  # Sofia was a dependent when Maria applied
    _sofia_files_her_own_return(application)  # since then: she files, and did not reconcile

    change = report(
        application,
        "income",
        member=str(member(application, "Maria").public_id),
        annual_income="31000",
    )

    assert change.after.input_snapshot["ftr_filer"]["account_holder"] is False
    (letter,) = _letters()
    assert letter.user is None and letter.household == maria and letter.paper is True
    assert letter.context["name"] == "Sofia Garcia"
    assert letter.context["ftr"]["years"] == [2023, 2024]
    assert letter.context["determination_public_id"] == str(change.after.public_id)

    report(
        application,
        "income",
        member=str(member(application, "Maria").public_id),
        annual_income="32000",
    )
    assert len(_letters()) == 1  # the same years, the same way: told already


def test_an_appeal_keeping_eligibility_from_before_a_move_writes_to_nobody_else(settings):
    maria = make_user("maria@example.org")
    application = application_actions.start_application(maria)
    seeding.fill_application(application, garcias(), actor=maria)
    _sofia_files_her_own_return(application)
    application.refresh_from_db()
    application_actions.submit_application(application, maria, None)
    assert [n.context["name"] for n in _letters()] == ["Sofia Garcia"]
    settings.MARKETPLACE_TODAY = SPRING

    moved = report(application, "move_out", member=str(member(application, "Sofia").public_id))
    assert "ftr_filer" not in moved.after.input_snapshot  # nobody left who failed

    appeal = appeals.request_appeal(
        appellant=maria,
        determination=moved.after,
        reason="Sofia still lives with us.",
        keep_eligibility=True,
        token=uuid.uuid4(),
    )

    kept = appeal.pending_determination
    assert kept is not None and kept.input_snapshot["people"][2]["name"] == "Sofia Garcia"
    assert kept.input_snapshot["ftr_filer"]["people"] == [2]  # Sofia's place: Mateo's now
    assert [m.first_name for m in application.members.order_by("position")][2:] == ["Mateo"]
    assert [n.context["name"] for n in _letters()] == ["Sofia Garcia"]  # Mateo: nothing
