"""Failure to file and reconcile (FTR), 45 CFR 155.305(f)(4): the tax years for which the
IRS reports that a tax filer of the household had advance payments of the premium tax
credit and did not file a return reconciling them (Form 8962).

The IRS data service (`dataservices`, IncomeService.reconciled) is asked, for each tax filer
with an SSN, about the tax years the law in force counts for the coverage year
(`aca_rules.tax.reconcile_tax_years`: two consecutive years from 2024, 88 FR 25740; the
one-year rule of 90 FR 27074 for 2026 is stayed, docs/adr/0105). The years it reports go
into the rules input (`ftr_tax_years`), where the engine denies APTC if every counted year
is among them. A service that does not answer, or holds nothing, bars nothing: APTC is
denied on the IRS's report, never on its silence.

A tax year the household's tax filer has since attested to having filed and reconciled
(`ReconcileAttestation`, made from the person's account: changes/reconciled.py) is not
counted: CMS accepts that attestation while the IRS's data lag (docs/adr/0106).
"""

from __future__ import annotations

from aca_rules.tax import reconcile_tax_years
from marketplace.applications.models import Member, ReconcileAttestation, Relationship, TaxRole
from marketplace.dataservices.base import Person
from marketplace.dataservices.registry import services


def is_tax_filer(member: Member) -> bool:
    """The applicant, a spouse, or a member who files (alone or jointly)."""
    return member.relationship in (Relationship.SELF, Relationship.SPOUSE) or member.tax_role in (
        TaxRole.FILER,
        TaxRole.JOINT,
    )


def ftr_tax_years(members: list[Member], coverage_year: int) -> list[int]:
    """The counted tax years in which the IRS reports a failure to file and reconcile for a
    tax filer of the household (45 CFR 155.305(f)(4)), oldest first."""
    people = [
        Person(m.first_name, m.last_name, m.date_of_birth, m.ssn)
        for m in members
        if is_tax_filer(m) and m.has_ssn
    ]
    people = [p for p in people if p.ssn]
    if not people:
        return []
    income = services().income
    failed = set()
    for tax_year in reconcile_tax_years(coverage_year):
        for person in people:
            if income.reconciled(person, tax_year=tax_year).failed_to_reconcile:
                failed.add(tax_year)
                break
    if failed:  # one query, only for a household the IRS reports
        failed -= attested_years(members[0].application_id)
    return sorted(failed)


def attested_years(application_id: int | None) -> set[int]:
    """The tax years the household attested to having filed and reconciled since."""
    if application_id is None:
        return set()
    years: set[int] = set()
    for listed in ReconcileAttestation.objects.filter(application_id=application_id).values_list(
        "tax_years", flat=True
    ):
        years.update(int(y) for y in listed)
    return years


FTR_CODES = ("tax.failed_to_reconcile", "tax.ftr_warning")


def reported_years(result: dict) -> list[int]:
    """The tax years a determination's `result` names for a failure to file and reconcile
    (the denial of 45 CFR 155.305(f)(4) or the warning before it), oldest first."""
    years: set[int] = set()
    for code in result.get("explanation_codes") or ():
        if isinstance(code, dict) and code.get("id") in FTR_CODES:
            listed = str((code.get("args") or {}).get("years", ""))
            years.update(int(y) for y in listed.replace(" ", "").split(",") if y.isdigit())
    return sorted(years)
