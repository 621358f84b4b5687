"""A premium tax credit restored at a verification deadline, because the IRS now reports that
the tax filer filed and reconciled (45 CFR 155.305(f)(4), 155.315(f)(5); ADR 0110), rests on an
income nobody checked: submission checks income against tax data only for a household that
gets financial help. The redetermination checks it as submission would (155.320(c)(1),
(c)(3)) and opens an income item when the attestation is not reasonably compatible
(155.320(c)(3)(vi), 155.315(f); ADR 0111).

The Garcias (Boston, 2026) file jointly and attest $52,000. At submission the IRS reports
every counted year as not reconciled for Jose (SSN ending 4444): no APTC, so no income check.
The SSA cannot confirm Sofia's citizenship (ending 0001), and nobody sends proof by the
deadline; by then the IRS says the couple filed. For Maria (ending 2222) the IRS reports
$90,000 for 2024: $38,000 above the attestation, beyond the larger of 25% and $6,000. The IRS
is the simulated adapter of `dataservices`; its newer answer on reconciling is given by
replacing the adapter's method, the boundary where a real Hub's answer would differ.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.applications.models import Member
from marketplace.jobs.models import Job
from marketplace.notices.models import Notice
from marketplace.verifications.models import ItemStatus
from tests.irs_support import irs_now_says_filed
from tests.verifications.expiry_support import (  # noqa: F401 - fixtures
    DEADLINE_RUN,
    _clock,
    demo_catalog,
    garcias,
    items_of,
    latest,
    run_deadline,
    submitted,
)

pytestmark = pytest.mark.django_db


def _sofia_unconfirmed(application):
    sofia = Member.objects.get(application=application, first_name="Sofia")
    sofia.ssn = "123450001"
    sofia.save()


def _deadline_passes_after_they_filed(monkeypatch, settings, maria_ssn: str):
    owner, application, first = submitted(
        garcias(maria=maria_ssn, jose="123454444"), before_submit=_sofia_unconfirmed
    )
    assert float(first.result["aptc"]) == 0 and first.input_snapshot["ftr_tax_years"]
    (citizenship,) = items_of(application)  # no help: income not checked at submission
    assert citizenship.type == "citizenship"
    irs_now_says_filed(monkeypatch)
    settings.MARKETPLACE_TODAY = DEADLINE_RUN

    run_deadline(citizenship)

    new = latest(application)
    assert new.cause == "verification_expired" and float(new.result["aptc"]) > 0
    return owner, application, new


def test_a_credit_restored_at_the_deadline_has_its_income_checked_against_tax_data(
    monkeypatch, settings
):
    owner, application, new = _deadline_passes_after_they_filed(monkeypatch, settings, "123452222")

    income = [i for i in items_of(application) if i.type == "income"]
    assert len(income) == 1
    (item,) = income
    assert item.status == ItemStatus.OPEN and item.needs_action
    assert item.determination_id == new.pk and item.member.first_name == "Maria"
    assert item.data_income == Decimal("90000.00")
    assert item.requested_on == DEADLINE_RUN
    assert item.due_date == DEADLINE_RUN + timedelta(days=95)  # 155.315(f)(2)(ii) + mail
    kinds = sorted(j.kind for j in Job.objects.filter(payload__item=str(item.public_id)))
    assert kinds == ["verifications.expire"] + ["verifications.remind"] * 3
    (request,) = Notice.objects.filter(user=owner, kind="verification_request").exclude(
        context__items__0__type="citizenship"
    )
    assert [i["public_id"] for i in request.context["items"]] == [str(item.public_id)]
    assert Decimal(str(new.input_snapshot["income"])) == 52000  # the attestation stands


def test_a_restored_credit_whose_income_the_tax_data_confirms_opens_nothing(monkeypatch, settings):
    _owner, application, _new = _deadline_passes_after_they_filed(
        monkeypatch, settings, "123450011"
    )

    assert [i.type for i in items_of(application)] == ["citizenship"]
