"""Failure to file and reconcile at application (45 CFR 155.305(f)(4)): the Garcias apply
for 2026 and the IRS (its simulator, named as such) reports that Maria had APTC and filed no
Form 8962 for 2023 and 2024, the two consecutive tax years the law in force counts (the
one-year rule of 90 FR 27074 is stayed): no APTC and no cost-sharing reductions, the
Marketplace plan kept, the reason on the results page in English and Spanish. A filer who
failed in one of the two years only keeps the credit."""

from __future__ import annotations

import pytest

from marketplace.applications import actions
from marketplace.applications.models import Member
from marketplace.dataservices import registry, simulated
from marketplace.dataservices.base import Person

pytestmark = pytest.mark.django_db

FTR_EN = "did not file a federal income tax return and reconcile them (Form 8962) for 2023, 2024"
FTR_ES = "no presentó la declaración federal de impuestos ni los concilió"


def _submit(filled, maria, ssn):
    maria_member = Member.objects.get(application=filled, relationship="self")
    maria_member.ssn = ssn
    maria_member.save()
    return actions.submit_application(filled, maria, None)


def _url(determination) -> str:
    application = determination.application
    return f"/apply/{application.public_id}/determinations/{determination.public_id}/"


def test_the_data_service_is_the_simulator_named_as_such():
    income = registry.services().income
    assert isinstance(income, simulated.SimulatedIncome)
    answer = income.reconciled(Person("Maria", "Garcia", None, "123454444"), tax_year=2024)
    assert answer.failed_to_reconcile is True and answer.detail.startswith("Simulated IRS")


def test_failure_to_reconcile_two_years_denies_aptc_and_csr_keeps_the_plan(
    filled, maria, maria_client
):
    determination = _submit(filled, maria, "123454444")

    result = determination.result
    assert determination.input_snapshot["ftr_tax_years"] == [2023, 2024]
    assert result["ptc_eligible"] is False and float(result["aptc"]) == 0
    parents = result["members"][:2]
    assert all(m["qhp"] and not m["aptc"] and m["csr"] is None for m in parents)
    assert any(FTR_EN in line for line in result["explanation"])
    assert any(c["id"] == "tax.failed_to_reconcile" for c in result["explanation_codes"])

    page = maria_client.get(_url(determination)).content.decode()
    assert FTR_EN in page
    maria_client.cookies["marketplace_language"] = "es"
    assert FTR_ES in maria_client.get(_url(determination)).content.decode()


def test_failure_in_one_of_the_two_years_keeps_aptc(filled, maria):
    determination = _submit(filled, maria, "123454443")  # 2024 not reconciled, 2023 reconciled

    assert determination.input_snapshot["ftr_tax_years"] == [2024]
    assert determination.result["ptc_eligible"] is True
    assert determination.result["members"][0]["aptc"] is True


def test_nobody_without_a_report_gets_the_key(filled, maria):
    determination = actions.submit_application(filled, maria, None)
    assert "ftr_tax_years" not in determination.input_snapshot  # Maria's SSN: reconciled
    assert determination.result["ptc_eligible"] is True


WARN_EN = "Warning: the IRS reports that advance payments of the premium tax credit were paid"
WARN_ES = "Advertencia: el IRS informa que se pagaron pagos por adelantado"


def test_failure_in_one_year_keeps_aptc_and_warns_on_the_results_page(filled, maria, maria_client):
    """One year of two (88 FR 25740): the credit stays, and the tax filer is told that a
    second consecutive year stops it (the one-tax-year FTR notice, docs/adr/0106)."""
    determination = _submit(filled, maria, "123454443")  # 2024 not reconciled

    assert determination.result["ptc_eligible"] is True
    warning = [c for c in determination.result["explanation_codes"] if c["id"] == "tax.ftr_warning"]
    assert warning and warning[0]["args"] == {"years": "2024", "count": 2}
    page = maria_client.get(_url(determination)).content.decode()
    assert WARN_EN in page and "for 2024. The credit continues for now" in page
    assert "155.305(f)(4)" in page and "88 FR 25740" in page
    maria_client.cookies["marketplace_language"] = "es"
    assert WARN_ES in maria_client.get(_url(determination)).content.decode()


def test_no_warning_when_the_credit_is_denied_or_nothing_is_reported(filled, maria):
    determination = _submit(filled, maria, "123454444")  # both years: denied, no warning
    ids = [c["id"] for c in determination.result["explanation_codes"]]
    assert "tax.failed_to_reconcile" in ids and "tax.ftr_warning" not in ids


def _ssns(application, **by_name):
    for member in Member.objects.filter(application=application):
        if member.first_name in by_name:
            member.ssn = by_name[member.first_name]
            member.save()


def test_a_married_couple_filing_jointly_is_one_tax_filer(filled, maria):
    """45 CFR 155.305(f)(4): APTC paid "on behalf of the tax filer or either spouse if the tax
    filer is a married couple": Maria's 2024 and Jose's 2023 are the couple's two years."""
    _ssns(filled, Maria="123454443", Jose="123454441")  # even years; odd years
    determination = actions.submit_application(filled, maria, None)
    assert determination.input_snapshot["ftr_tax_years"] == [2023, 2024]
    assert determination.result["ptc_eligible"] is False


def test_the_consecutive_years_are_counted_per_tax_filer(filled, maria):
    """Sofia files her own return (tax role set here directly): the IRS reports 2023 for her
    and 2024 for Maria. No one tax filer failed both counted years, so nothing bars APTC; the
    household is warned of the filer with the most (docs/adr/0107)."""
    _ssns(filled, Maria="123454443", Sofia="123454441")
    Member.objects.filter(application=filled, first_name="Sofia").update(tax_role="filer")
    determination = actions.submit_application(filled, maria, None)

    assert determination.input_snapshot["ftr_tax_years"] == [2024]
    assert determination.result["ptc_eligible"] is True and float(determination.result["aptc"]) > 0
    codes = [c["id"] for c in determination.result["explanation_codes"]]
    assert "tax.ftr_warning" in codes and "tax.failed_to_reconcile" not in codes
