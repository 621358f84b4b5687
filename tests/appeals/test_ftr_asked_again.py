"""Carrying out an appeal decision (45 CFR 155.545(c)) asks the IRS again about a failure to
file and reconcile (155.305(f)(4)), as the verification deadline does (ADR 0110), rather than
re-running the appealed facts with the IRS's answer of then; and a credit it restores has its
income checked against tax data as at submission (155.320(c)(3); ADR 0111).

The Garcias (Boston, 2026) file jointly and attest $52,000; Sofia (10) and Mateo (7) have CHIP.
The IRS is the simulated adapter of `dataservices`: its answers since the appealed
determination are given by replacing the adapter's method, or by its own table of reported
incomes, the boundary where a real Hub's answer would differ.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from marketplace.appeals import actions
from marketplace.applications import actions as application_actions
from marketplace.applications.models import Member
from marketplace.dataservices import simulated
from marketplace.notices.models import Notice
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.applications.conftest import signed_and_submitted
from tests.irs_support import irs_now_says_filed
from tests.verifications.expiry_support import enroll, garcias, submitted

pytestmark = pytest.mark.django_db

IN_OPEN_ENROLLMENT = date(2025, 12, 1)
DECIDED_ON = date(2025, 12, 20)


@pytest.fixture(autouse=True)
def _clock(settings):
    settings.MARKETPLACE_TODAY = IN_OPEN_ENROLLMENT


def _irs_now_reports_a_failure_of(monkeypatch, ssn: str):
    """The IRS reports APTC paid and no Form 8962 for every counted year of `ssn`'s holder
    (the simulator's answer for an SSN ending 4444)."""

    def reconciled(self, person, *, tax_year):
        if person.ssn == ssn:
            person = replace(person, ssn="123454444")
        return simulated.simulated_reconciled(person, tax_year)

    monkeypatch.setattr(simulated.SimulatedIncome, "reconciled", reconciled)


def _ftr_codes(determination) -> list[str]:
    return [
        c["id"]
        for c in determination.result.get("explanation_codes") or ()
        if isinstance(c, dict) and c.get("id", "").startswith("tax.f")
    ]


def _appeal(owner, determination, *, keep=False):
    return actions.request_appeal(
        appellant=owner,
        determination=determination,
        reason="Jose filed his returns with Form 8962.",
        keep_eligibility=keep,
        token=uuid.uuid4(),
    )


def _carried_out(appeal, sue, carla, settings, *, outcome="changed", corrections=None):
    settings.MARKETPLACE_TODAY = DECIDED_ON
    actions.decide(
        appeal,
        outcome=outcome,
        text="Decided on the record.",
        corrections=corrections,
        actor=sue,
    )
    return actions.implement(appeal, actor=carla).implemented_determination


def _sofia_files_her_own_return(application):
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.tax_role = "filer"
    sofia.save()


def test_a_couple_who_filed_since_get_the_credit_back_when_the_decision_is_carried_out(
    monkeypatch, settings, sue, carla
):
    owner, application, first = submitted(garcias(jose="123454444"))
    years = first.input_snapshot["ftr_tax_years"]
    assert years and _ftr_codes(first) == ["tax.failed_to_reconcile"]
    assert float(first.result["aptc"]) == 0
    policy = enroll(owner, first)
    assert policy.max_aptc == 0
    appeal = _appeal(owner, first)
    irs_now_says_filed(monkeypatch)

    new = _carried_out(appeal, sue, carla, settings, corrections={"income": "50000"})

    assert new.cause == "appeal_decision" and new.input_snapshot["income"] == 50000
    assert "ftr_tax_years" not in new.input_snapshot and "ftr_filer" not in new.input_snapshot
    record = new.input_snapshot["redetermination"]
    assert record["cause"] == "appeal_decision" and record["appeal"] == str(appeal.public_id)
    assert record["based_on"] == str(first.public_id)
    assert record["ftr_tax_years"] == {"before": years, "after": []}
    assert _ftr_codes(new) == [] and float(new.result["aptc"]) > 0
    policy.refresh_from_db()
    assert policy.max_aptc == Decimal(str(new.result["aptc"])).quantize(Decimal("0.01"))
    # The income is the one the decision found: not asked of the tax data again.
    assert not VerificationItem.objects.filter(application=application).exists()


def test_a_failure_the_irs_reports_since_denies_the_credit_and_writes_to_the_tax_filer(
    monkeypatch, settings, sue, carla
):
    owner, _application, first = submitted(garcias(), before_submit=_sofia_files_her_own_return)
    assert "ftr_tax_years" not in first.input_snapshot and float(first.result["aptc"]) > 0
    appeal = _appeal(owner, first)
    _irs_now_reports_a_failure_of(monkeypatch, "123450033")  # Sofia

    new = _carried_out(appeal, sue, carla, settings, corrections={"income": "50000"})

    assert _ftr_codes(new) == ["tax.failed_to_reconcile"] and float(new.result["aptc"]) == 0
    assert new.input_snapshot["ftr_filer"]["account_holder"] is False
    change = new.input_snapshot["redetermination"]["ftr_tax_years"]
    assert change == {"before": [], "after": new.input_snapshot["ftr_tax_years"]}
    (letter,) = Notice.objects.filter(kind="ftr_tax_filer")
    assert letter.user is None and letter.household == owner
    assert letter.context["name"] == "Sofia Garcia"
    assert letter.context["determination_public_id"] == str(new.public_id)


def test_a_credit_restored_by_carrying_out_the_decision_has_its_income_checked(
    monkeypatch, settings, sue, carla
):
    owner, application, first = submitted(garcias())
    assert float(first.result["aptc"]) > 0 and not VerificationItem.objects.exists()
    # Since then the IRS reports Jose's failure; Maria reports a change and resubmits.
    _irs_now_reports_a_failure_of(monkeypatch, "123450022")
    application = application_actions.reopen_application(application, actor=owner)
    second = signed_and_submitted(application, owner)
    assert _ftr_codes(second) == ["tax.failed_to_reconcile"]
    assert float(second.result["aptc"]) == 0
    appeal = _appeal(owner, second, keep=True)
    assert appeal.pending_determination is not None  # the earlier credit, pending the appeal
    # Jose files; the IRS now holds the couple's 2024 return: $90,000 for Maria.
    irs_now_says_filed(monkeypatch)
    monkeypatch.setitem(simulated.REPORTED_INCOME, "0011", Decimal("90000"))

    new = _carried_out(appeal, sue, carla, settings, outcome="upheld")

    assert new.cause == "appeal_decision" and float(new.result["aptc"]) > 0
    assert new.input_snapshot["redetermination"]["ftr_tax_years"]["after"] == []
    (item,) = VerificationItem.objects.filter(application=application)
    assert (item.type, item.status, item.determination_id) == ("income", ItemStatus.OPEN, new.pk)
    assert item.data_income == Decimal("90000.00") and item.requested_on == DECIDED_ON
    assert item.needs_action and item.member.first_name == "Maria"
    (request,) = Notice.objects.filter(user=owner, kind="verification_request")
    assert [i["public_id"] for i in request.context["items"]] == [str(item.public_id)]
    assert Decimal(str(new.input_snapshot["income"])) == 52000  # the attestation stands
