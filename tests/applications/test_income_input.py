"""Income fields take what people type, in both languages, and never assume how often an
amount is paid: Maria Garcia earns $35,000 a year."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from marketplace.applications.models import IncomeItem
from tests.applications import pages

pytestmark = pytest.mark.django_db

SOURCES = (
    "wages",
    "self_employment",
    "unemployment",
    "social_security",
    "retirement",
    "alimony",
    "other",
)


@pytest.fixture
def application(maria_client):
    return pages.walk_to_sign(maria_client)


def maria_income(application, **fields):
    """The income step's POST: Maria's fields as given; Jose's $22,000 a year as before."""
    data = {}
    for member in application.members.all():
        prefix = f"m{member.public_id.hex[:12]}"
        for source in SOURCES:
            data[f"{prefix}-{source}"] = ""
            data[f"{prefix}-{source}_frequency"] = ""
        data[f"{prefix}-deductions"] = data[f"{prefix}-deductions_frequency"] = ""
        if member.first_name == "Jose":
            data[f"{prefix}-wages"], data[f"{prefix}-wages_frequency"] = "22000", "yearly"
    maria = application.members.get(first_name="Maria")
    prefix = f"m{maria.public_id.hex[:12]}"
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def post_income(client, application, **fields):
    return client.post(
        f"/apply/{application.public_id}/income/", maria_income(application, **fields)
    )


def marias_wages(application):
    return IncomeItem.objects.get(
        member__application=application, member__first_name="Maria", source="wages"
    )


def test_how_often_is_asked_not_assumed(maria_client, application):
    page = maria_client.get(f"/apply/{application.public_id}/income/").content.decode()
    maria = application.members.get(first_name="Maria")
    other = re.search(
        rf'name="m{maria.public_id.hex[:12]}-other_frequency".*?</select>', page, re.S
    )
    assert '<option value="" selected>Choose how often</option>' in other.group(0)
    assert other.group(0).count("selected") == 1  # no frequency is chosen for her
    response = post_income(maria_client, application, wages="35,000")
    assert response.status_code == 200
    page = response.content.decode()
    assert "How often: Wages, salary, tips: choose how often it is paid." in page
    assert 'value="35,000"' in page  # what she typed is kept
    assert marias_wages(application).amount == Decimal("2500")  # nothing saved


@pytest.mark.parametrize("typed", ["35000", "35,000", "$35,000.00", "$ 35,000"])
def test_a_yearly_amount_is_stored_as_typed_and_counted_once(maria_client, application, typed):
    pages.ok(post_income(maria_client, application, wages=typed, wages_frequency="yearly"))
    wages = marias_wages(application)
    assert (wages.amount, wages.frequency) == (Decimal("35000"), "yearly")
    review = maria_client.get(f"/apply/{application.public_id}/review/").content.decode()
    assert "Wages, salary, tips: $35,000.00 once a year, so $35,000.00 a year" in review
    # Jose's $22,000 a year plus Maria's $35,000: the figure the rules use.
    assert '<dd data-figure="magi">$57,000.00</dd>' in review


def test_a_monthly_amount_shows_its_yearly_figure_on_the_review(maria_client, application):
    pages.ok(post_income(maria_client, application, wages="2,500.50", wages_frequency="monthly"))
    review = maria_client.get(f"/apply/{application.public_id}/review/").content.decode()
    assert "Wages, salary, tips: $2,500.50 every month, so $30,006.00 a year" in review


def test_an_english_page_refuses_a_period_before_three_digits(maria_client, application):
    response = post_income(maria_client, application, wages="35.000", wages_frequency="yearly")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Wages, salary, tips (Maria Garcia): “35.000” could mean 35 dollars or 35,000 "
        "dollars. Type it without the period, like 35000"
    ) in page
    assert marias_wages(application).amount == Decimal("2500")


def test_the_spanish_page_reads_spanish_amounts(maria_client, application):
    maria_client.cookies["marketplace_language"] = "es"
    pages.ok(
        post_income(
            maria_client,
            application,
            wages="35.000",
            wages_frequency="yearly",
            deductions="1.234,50",
            deductions_frequency="yearly",
        )
    )
    assert marias_wages(application).amount == Decimal("35000")
    review = maria_client.get(f"/apply/{application.public_id}/review/").content.decode()
    assert "$35,000.00 una vez al año, o sea $35,000.00 al año" in review
    assert '<dd data-figure="magi">$55,766.00</dd>' in review  # whole dollars


def test_a_refused_amount_is_named_in_spanish_too(maria_client, application):
    maria_client.cookies["marketplace_language"] = "es"
    page = post_income(maria_client, application, wages="mucho").content.decode()
    assert "Salarios, sueldo, propinas (Maria Garcia): escriba una cantidad en dólares" in page


def test_an_employer_premium_takes_a_thousands_comma(maria_client, application):
    jose = application.members.get(first_name="Jose")
    pages.ok(
        maria_client.post(
            f"/apply/{application.public_id}/people/{jose.public_id}/",
            {
                **pages.DETAILS,
                "esi_offered": "yes",
                "esi_employee_premium": "$1,200.00",
                "esi_min_value": "yes",
            },
        )
    )
    jose.refresh_from_db()
    assert jose.esi_employee_premium == Decimal("1200")
