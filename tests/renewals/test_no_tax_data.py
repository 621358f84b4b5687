"""No tax data at renewal (45 CFR 155.335(b), (k); 155.320(c)(5), (c)(3)(vi)): Nia allowed the
use of her tax data, and the IRS (its simulator: SSNs ending 1111) confirms it holds no
return for her. For plan year 2027 the rule in force accepts her attested income without
further verification (155.320(c)(5); verifications/data/income_without_tax_data.yaml,
docs/adr/0812): no income item, the notice (English, Spanish) and her offer page say so. Were
the rule `verify`, the renewal would open an income item as for incompatible data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from marketplace.applications.models import Member
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from marketplace.verifications import nodata
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.applications.conftest import PASSWORD
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def _nia():
    spec = household(
        "Niason", [P("Nia", 33, "self", "female", wages_yearly=30000, ssn="212552222")]
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    VerificationItem.objects.filter(application_id=policy.application_id).update(
        status=ItemStatus.VERIFIED
    )  # her application's items were resolved
    nia = Member.objects.get(application_id=policy.application_id)
    nia.ssn = "212551111"  # the IRS holds no return for her
    nia.save()
    return user, policy


def _notice_text(renewal, language: str) -> str:
    notice = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    page = render_document("renewal", language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


def test_no_tax_data_at_renewal_accepts_the_attested_income(settings, client):
    user, policy = _nia()
    assert nodata.no_data_rule(2027) == nodata.ACCEPT
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    tax = renewal.detail["tax_data"]
    assert tax["outcome"] == "no_data" and tax["accepted"] == "45 CFR 155.320(c)(5)"
    assert "verification" not in tax
    assert not VerificationItem.objects.filter(
        application_id=policy.application_id, status=ItemStatus.OPEN
    ).exists()
    assert Decimal(str(renewal.determination.input_snapshot["income"])) == 30000
    assert renewal.enrollment.max_aptc > 0
    english = _notice_text(renewal, "en")
    assert "The IRS has no 2025 tax return for your household" in english
    assert "accepted the income on your application, $30,000.00 a year" in english
    assert "155.320(c)(5)" in english
    assert "aceptamos los ingresos de su solicitud" in _notice_text(renewal, "es")

    client.login(username=user.email, password=PASSWORD)
    assert 'href="/renewal/"' in client.get("/apply/").content.decode()
    page = client.get("/renewal/").content.decode()
    assert 'data-tax="no_data"' in page and "without asking you for proof" in page


def test_were_the_rule_verify_the_renewal_opens_an_income_item(settings, monkeypatch):
    """The other value the dated rule can take (e.g. if a rule requiring verification were
    in force): the renewal asks for documents as for incompatible data, with no amount from
    the data source, and the notice says what to send and by when."""
    monkeypatch.setattr(nodata, "_no_data_values", lambda: ((date(2027, 1, 1), nodata.VERIFY),))
    _, policy = _nia()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    item = VerificationItem.objects.get(
        application_id=policy.application_id, type="income", status=ItemStatus.OPEN
    )
    assert str(item.public_id) == renewal.detail["tax_data"]["verification"]["public_id"]
    assert item.data_income is None and item.due_date == RENEWED_ON + timedelta(days=95)
    english = _notice_text(renewal, "en")
    assert (
        "The IRS has no tax return for your household, so send us proof of your income" in english
    )
    assert "March 7, 2027" in english
