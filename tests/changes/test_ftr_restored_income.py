"""A premium tax credit denied for a failure to file and reconcile (45 CFR 155.305(f)(4)) and
restored by a reported change, here the household's attestation that the tax filer filed
and reconciled (ADR 0106), rests on an income nobody checked: submission checks income
against tax data only for a household that gets financial help. The change checks it as
submission would (155.320(c)(1), (c)(3)) and opens an income item when the attestation is
not reasonably compatible (155.320(c)(3)(vi), 155.315(f); ADR 0111).

The Garcias (Boston, 2026) file jointly and attest $52,000. The IRS (its simulator) reports
every counted year as not reconciled for Jose (SSN ending 4444), and $90,000 for Maria
(ending 2222) for 2024: $38,000 above the attestation, beyond the larger of 25% and $6,000.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.changes import reconciled
from marketplace.notices.models import Notice
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.changes.conftest import IN_OPEN_ENROLLMENT
from tests.verifications.expiry_support import garcias, submitted

pytestmark = pytest.mark.django_db


def _attested(maria_ssn: str):
    owner, application, first = submitted(garcias(maria=maria_ssn, jose="123454444"))
    assert float(first.result["aptc"]) == 0 and first.input_snapshot["ftr_tax_years"]
    assert not VerificationItem.objects.filter(application=application).exists()

    change = reconciled.attest(
        application, signature="Maria Garcia", token=uuid.uuid4(), actor=owner
    )

    assert float(change.after.result["aptc"]) > 0
    return owner, application, change.after


def test_a_credit_restored_by_the_attestation_has_its_income_checked_against_tax_data():
    owner, application, after = _attested("123452222")

    (item,) = VerificationItem.objects.filter(application=application)
    assert (item.type, item.status, item.determination_id) == ("income", ItemStatus.OPEN, after.pk)
    assert item.data_income == Decimal("90000.00") and item.needs_action
    assert item.due_date == IN_OPEN_ENROLLMENT + timedelta(days=95)
    (request,) = Notice.objects.filter(user=owner, kind="verification_request")
    assert [i["public_id"] for i in request.context["items"]] == [str(item.public_id)]
    assert Decimal(str(after.input_snapshot["income"])) == 52000  # the attestation stands


def test_a_restored_credit_whose_income_the_tax_data_confirms_opens_nothing():
    _owner, application, _after = _attested("123450011")

    assert not VerificationItem.objects.filter(application=application).exists()
