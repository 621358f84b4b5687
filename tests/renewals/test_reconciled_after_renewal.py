"""After a renewal without the premium tax credit for a failure to file and reconcile (45 CFR
155.305(f)(4)), Omar files his returns with Form 8962 and says so from his renewal offer
(docs/adr/0106): the household is redetermined for 2027 without those years and his
renewed 2027 policy gets the credit back, with the change recorded."""

from __future__ import annotations

import re

import pytest

from marketplace.applications import reconcile
from marketplace.applications.models import Member, ReconcileAttestation
from marketplace.changes.models import ReportedChange
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.renewals.models import Renewal
from tests.applications.conftest import PASSWORD
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def test_attesting_from_the_offer_page_restores_the_credit_for_2027(settings, client):
    spec = household(
        "Omarson", [P("Omar", 45, "self", "male", wages_yearly=32000, ssn="212554567")]
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    omar = Member.objects.get(application_id=policy.application_id)
    omar.ssn = "212554444"  # the IRS reports FTR for 2024 and 2025
    omar.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    renewal = Renewal.objects.get(previous=policy)
    assert renewal.aptc_lost == "ftr" and renewal.enrollment.max_aptc == 0

    client.login(username=user.email, password=PASSWORD)
    offer = client.get("/renewal/").content.decode()
    link = re.search(r'<p data-ftr-attest><a href="([^"]+)">', offer).group(1)
    form = client.get(link).content.decode()
    assert 'data-years="2024,2025"' in form
    done = client.post(link, {"attested": "on", "signature": "Omar Omarson"})
    assert done.status_code == 302

    change = ReportedChange.objects.get(kind="reconciled")
    assert change.after.result["year"] == 2027 and change.after.result["ptc_eligible"] is True
    attestation = ReconcileAttestation.objects.get()
    assert (attestation.tax_years, attestation.coverage_year) == ([2024, 2025], 2027)
    # It covers 2027; the next renewal (2028) asks the IRS again, whose answer then counts.
    assert reconcile.ftr_tax_years([omar], 2027) == []
    assert reconcile.ftr_tax_years([omar], 2028) == [2025, 2026]
    current = Enrollment.objects.filter(
        application_id=policy.application_id, coverage_year=2027, status__in=states.ACTIVE
    ).order_by("-id")[0]
    assert current.max_aptc > 0
