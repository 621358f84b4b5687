"""A renewal (45 CFR 155.335) that restores a premium tax credit denied for a failure to file
and reconcile (155.305(f)(4)) checks the income it rests on against tax data, as submission
does for a household with financial help (155.320(c)(3); ADR 0111). No change was needed for
this: with the person's authorization (155.335(k)) the renewal asks the IRS for income
whatever the credit (renewals/taxdata.py, ADR 0810), through the same check; this test holds
it.

Pia (Boston, 30) attests $30,000. When she applied for 2026 the IRS reported APTC paid and not
reconciled for every counted year (SSN ending 4444): no APTC, so no income check and no item.
By the 2027 renewal the IRS's record is another (the simulator's SSN ending 2222): she filed
and reconciled, and her 2025 return reports $90,000, not reasonably compatible with $30,000.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.applications.models import Member
from marketplace.renewals.models import Renewal
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def test_a_credit_restored_at_renewal_has_its_income_checked_against_tax_data(settings):
    spec = household(
        "Piason", [P("Pia", 30, "self", "female", wages_yearly=30000, ssn="212554444")]
    )
    _user, policy = enrolled(spec, by_name("Standard Silver"))
    assert policy.max_aptc == 0
    assert not VerificationItem.objects.filter(application_id=policy.application_id).exists()
    pia = Member.objects.get(application_id=policy.application_id)
    pia.ssn = "212552222"  # the IRS now: filed and reconciled; $90,000 for 2025
    pia.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    assert "ftr_tax_years" not in renewal.determination.input_snapshot
    assert float(renewal.determination.result["aptc"]) > 0 and renewal.enrollment.max_aptc > 0
    (item,) = VerificationItem.objects.filter(application_id=policy.application_id)
    assert (item.type, item.status) == ("income", ItemStatus.OPEN)
    assert item.determination_id == renewal.determination_id
    assert item.data_income == Decimal("90000.00")
    assert item.due_date == RENEWED_ON + timedelta(days=95)
