"""The redetermination at a verification deadline asks the IRS again about a failure to file
and reconcile (45 CFR 155.315(f)(5): "the information available from the data sources";
155.305(f)(4)) rather than carrying over its answer at submission.

The Garcias (Boston, 2026) file jointly. The IRS reports every counted year as not reconciled
for Jose (SSN ending 4444): no APTC at submission. The SSA cannot confirm Sofia's citizenship
(ending 0001), and by the deadline nobody has sent proof of it; the IRS's answer on reconciling
is then either unchanged or says the couple filed. In the last case, the household had APTC at
submission (the IRS reports $90,000 for Maria, ending 2222, so her income is asked for) and the
IRS reports a failure only by the deadline. The IRS is the simulated
adapter of `dataservices`; its newer answer is given by replacing the adapter's method, the
boundary where a real Hub answer would differ.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marketplace.applications.models import Member
from marketplace.dataservices import simulated
from tests.irs_support import irs_now_says_filed
from tests.verifications.expiry_support import (  # noqa: F401 - fixtures
    _clock,
    demo_catalog,
    garcias,
    items_of,
    latest,
    run_deadline,
    submitted,
)

pytestmark = pytest.mark.django_db


def _deadline_passes(application, kind: str):
    (item,) = items_of(application)
    assert item.type == kind
    run_deadline(item)
    return latest(application)


def _sofia_unconfirmed(application):
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn = "123450001"
    sofia.save()


def _ftr_household():
    return submitted(garcias(jose="123454444"), before_submit=_sofia_unconfirmed)


def _ftr_codes(determination) -> list[str]:
    return [
        c["id"]
        for c in determination.result.get("explanation_codes") or ()
        if isinstance(c, dict) and c.get("id", "").startswith("tax.f")
    ]


def test_a_couple_who_filed_since_gets_the_credit_back_at_the_deadline(monkeypatch):
    _owner, application, first = _ftr_household()
    years = first.input_snapshot["ftr_tax_years"]
    assert years and _ftr_codes(first) == ["tax.failed_to_reconcile"]
    assert float(first.result["aptc"]) == 0
    irs_now_says_filed(monkeypatch)

    new = _deadline_passes(application, "citizenship")

    assert new.cause == "verification_expired"
    assert "ftr_tax_years" not in new.input_snapshot and "ftr_filer" not in new.input_snapshot
    assert new.input_snapshot["redetermination"]["ftr_tax_years"] == {
        "before": years,
        "after": [],
    }
    assert _ftr_codes(new) == [] and float(new.result["aptc"]) > 0


def test_an_unchanged_answer_is_carried_and_not_recorded_as_a_change():
    _owner, application, first = _ftr_household()

    new = _deadline_passes(application, "citizenship")

    assert new.input_snapshot["ftr_tax_years"] == first.input_snapshot["ftr_tax_years"]
    assert new.input_snapshot["ftr_filer"] == first.input_snapshot["ftr_filer"]
    assert "ftr_tax_years" not in new.input_snapshot["redetermination"]
    assert _ftr_codes(new) == ["tax.failed_to_reconcile"] and float(new.result["aptc"]) == 0


def test_a_failure_the_irs_reports_after_submission_counts_at_the_deadline(monkeypatch):
    _owner, application, first = submitted(garcias(maria="123452222"))
    assert "ftr_tax_years" not in first.input_snapshot and float(first.result["aptc"]) > 0

    def reconciled(self, person, *, tax_year):
        return simulated.simulated_reconciled(replace(person, ssn="123454444"), tax_year)

    monkeypatch.setattr(simulated.SimulatedIncome, "reconciled", reconciled)

    new = _deadline_passes(application, "income")

    after = new.input_snapshot["redetermination"]["ftr_tax_years"]
    assert after["before"] == [] and after["after"] == new.input_snapshot["ftr_tax_years"]
    assert new.input_snapshot["ftr_filer"]["account_holder"] is True
    assert _ftr_codes(new) == ["tax.failed_to_reconcile"] and float(new.result["aptc"]) == 0
