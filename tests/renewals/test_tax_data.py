"""Tax data at renewal only where the person allowed it (45 CFR 155.335(b), (k)): without the
signature page's authorization no tax data is asked for and the renewal says it used the
income on the application; with it, the income data source is asked for the tax year two
before the new plan year and the notice says what it showed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.applications import actions
from marketplace.applications.models import Application
from marketplace.dataservices import registry
from marketplace.notices.models import Notice
from marketplace.renewals import taxdata
from marketplace.renewals.models import Renewal
from marketplace.renewals.notice import explanation
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


class _Asked:
    """The income data source, recording whose income it was asked for and for which year."""

    def __init__(self, real, asked):
        self.real, self.asked = real, asked

    def annual_income(self, person, *, tax_year):
        self.asked.append((person.first_name, tax_year))
        return self.real.annual_income(person, tax_year=tax_year)


@pytest.fixture
def asked(monkeypatch):
    calls: list[tuple[str, int]] = []
    real = registry.services()
    monkeypatch.setattr(
        taxdata,
        "services",
        lambda: registry.DataServices(
            ssa=real.ssa, save=real.save, income=_Asked(real.income, calls), coverage=real.coverage
        ),
    )
    return calls


def _person(first, ssn):
    return household(first + "son", [P(first, 30, "self", "female", wages_yearly=30000, ssn=ssn)])


def test_tax_data_only_with_consent(settings, asked):
    _, refused = enrolled(_person("Nia", "212-55-4321"), by_name("Standard Silver"))
    Application.objects.filter(pk=refused.application_id).update(
        renewal_years=0, renewal_authorized_through=None
    )
    _, differs = enrolled(_person("Pia", "212-55-2222"), by_name("Standard Silver"))  # IRS: 90,000
    _, agrees = enrolled(_person("Ona", "212-55-4567"), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    asked.clear()  # what the application's own verification asked

    renew()

    assert sorted(asked) == [("Ona", 2025), ("Pia", 2025)]  # never Nia's
    tax = {r.previous_id: r.detail["tax_data"] for r in Renewal.objects.all()}
    assert tax[refused.pk]["outcome"] == "no_consent"
    assert tax[agrees.pk]["outcome"] == "compatible"
    # The income item her application opened is still pending: the renewal points to it
    # (tests/renewals/test_renewal_data_sources.py).
    assert tax[differs.pk].pop("verification")["opened"] is False
    assert tax[differs.pk] == {
        "tax_year": 2025,
        "income": "30000.00",
        "outcome": "not_compatible",
        "reported": "90000.00",
    }
    renewal = Renewal.objects.get(previous=differs)
    assert Decimal(str(renewal.determination.input_snapshot["income"])) == 30000  # attested kept

    notice = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    detail = notice.context["renewal"]["detail"]
    assert "$90,000.00" in explanation(detail, "en")["tax"]
    assert "datos de impuestos de 2025" in explanation(detail, "es")["tax"]
    none = Renewal.objects.get(previous=refused).detail
    assert "did not allow us to use your tax data" in explanation(none, "en")["tax"]
    assert "Your tax data and renewals" in explanation(none, "en")["tax"]  # where to allow it
    assert "Sus datos tributarios y las renovaciones" in explanation(none, "es")["tax"]
    assert "$30,000.00" in explanation(none, "en")["tax"]


def test_authorization_lasts_the_years_chosen():
    """45 CFR 155.335(k)(1)(i): the next N renewals after the coverage year it is given for."""
    application = Application(coverage_year=2026)
    actions.set_renewal_years(application, 5)
    assert taxdata.consented(application, 2027) and taxdata.consented(application, 2031)
    assert not taxdata.consented(application, 2032)
    actions.set_renewal_years(application, 2)  # fewer than five
    assert taxdata.consented(application, 2028) and not taxdata.consented(application, 2029)
    actions.set_renewal_years(application, 0)
    assert not taxdata.consented(application, 2027)
    assert not taxdata.consented(Application(coverage_year=2026, renewal_years=3), 2027)


def test_an_authorization_for_fewer_years_ends_when_chosen(settings, asked, client):
    """45 CFR 155.335(k)(1)(i): one given for 2025 for one year covered the 2026 renewal only,
    so the 2027 renewal asks for nothing, and its offer leads to the page that gives it again;
    one given for 2026 for one year covers the 2027 renewal (ADR 0840)."""
    user, lapsed = enrolled(_person("Una", "212-55-4567"), by_name("Standard Silver"))
    Application.objects.filter(pk=lapsed.application_id).update(
        renewal_years=1, renewal_authorized_through=2026
    )
    _, covered = enrolled(_person("Ona", "212-55-4567"), by_name("Standard Silver"))
    actions.authorize_tax_data(Application.objects.get(pk=covered.application_id), years=1)
    settings.MARKETPLACE_TODAY = RENEWED_ON
    asked.clear()

    renew()

    assert asked == [("Ona", 2025)]
    assert Renewal.objects.get(previous=lapsed).detail["tax_data"]["outcome"] == "no_consent"
    last = Renewal.objects.get(previous=covered).detail
    assert last["tax_data"]["outcome"] == "compatible"
    assert last["tax_data"]["authorization_ends"] is True  # 2027 was its last year: told so
    assert "ends with this renewal" in explanation(last, "en")["tax"]
    assert "termina con esta renovación" in explanation(last, "es")["tax"]
    client.force_login(user)
    offer = client.get(reverse("renewals:mine")).content.decode()
    application = Application.objects.get(pk=lapsed.application_id)
    change = f"/apply/{application.public_id}/tax-data/"
    assert f'href="{change}"' in offer
    assert client.post(change, {"renewal_years": "5"}).status_code == 302
    application.refresh_from_db()
    assert application.coverage_year == 2027  # the renewal moved it to the new year
    assert application.renewal_authorized_through == 2032 and taxdata.consented(application, 2028)
