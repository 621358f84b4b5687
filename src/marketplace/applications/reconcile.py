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

The years are counted per tax filer (`tax_filers`; docs/adr/0107). A tax year the
household's tax filer has since attested to having filed and reconciled
(`ReconcileAttestation`, made from the person's account: changes/reconciled.py) is not
counted for the coverage year that attestation answered: CMS accepts it while the IRS's data
lag (docs/adr/0106), and rechecks; from the next coverage year the IRS's answer counts again.

Which tax filer the years are counted for is kept beside them (`ftr_report`, `filer_entry`;
the snapshot's `ftr_filer`): the years are that tax filer's federal tax information (IRC
6103(b)(2)). When the tax filer is not the account holder, the household is told in general
terms and the tax filer by a notice of their own (CMS sends an "indirect" notice to the
enrollee and a "direct" one to the household's tax filer, FTR recheck notices, April 2025;
determinations/ftr.py, applications/ftr_notice.py, docs/adr/0108).

The IRS is asked at every determination: submission, a reported change and a renewal build
the input afresh (`rules_input.build_from`); a redetermination from stored facts, at a
verification deadline or when an appeal decision is carried out, asks again through
`rules_input.ftr_asked_again` and records a different answer in the snapshot's
`redetermination.ftr_tax_years` (docs/adr/0110, 0111). A credit restored after an FTR denial
has the income it rests on checked against tax data as at submission, since a household
denied for FTR had none checked (`verifications.actions.verify_restored_credit`; at renewal
`renewals/taxdata.py`; docs/adr/0111).
"""

from __future__ import annotations

from dataclasses import dataclass

from aca_rules.tax import reconcile_tax_years
from marketplace.applications.models import Member, ReconcileAttestation, Relationship, TaxRole
from marketplace.dataservices.base import Person
from marketplace.dataservices.registry import services


def tax_filers(members: list[Member]) -> list[list[Member]]:
    """The household's tax filers, each as the people whose IRS records are theirs: the
    applicant with a spouse or a member filing jointly (a married couple filing jointly is one
    tax filer, 45 CFR 155.305(f)(4): APTC paid "on behalf of the tax filer or either spouse
    if the tax filer is a married couple"), then each other member who files a return."""
    couple = [
        m
        for m in members
        if m.relationship in (Relationship.SELF, Relationship.SPOUSE) or m.tax_role == TaxRole.JOINT
    ]
    others = [[m] for m in members if m not in couple and m.tax_role == TaxRole.FILER]
    return [couple, *others] if couple else others


def _failed_years(filer: list[Member], years: tuple[int, ...]) -> set[int]:
    people = [Person(m.first_name, m.last_name, m.date_of_birth, m.ssn) for m in filer if m.has_ssn]
    people = [p for p in people if p.ssn]
    income = services().income
    return {
        year
        for year in years
        if any(income.reconciled(p, tax_year=year).failed_to_reconcile for p in people)
    }


@dataclass(frozen=True)
class FtrReport:
    """What the IRS reported for one tax filer of the household (`ftr_report`): the counted
    tax years not filed and reconciled, oldest first, and the people of that tax filer (one
    member, or a married couple filing jointly)."""

    years: list[int]
    filer: list[Member]

    @property
    def account_holder(self) -> bool:
        """The tax filer is the account holder: the applicant, alone or with the spouse or
        joint filer they file with (`tax_filers`' first entry)."""
        return any(m.relationship == Relationship.SELF for m in self.filer)


def ftr_report(members: list[Member], coverage_year: int) -> FtrReport | None:
    """The tax filer whose failure to file and reconcile counts for the coverage year, and
    its years (45 CFR 155.305(f)(4)), or None.

    Counted per tax filer (`tax_filers`): the consecutive years the law counts must all be one
    tax filer's, so one filer's 2024 and another's 2025 bar nothing. A filer whose failures
    cover every counted year gives those years (the denial); otherwise the filer with the
    most (the warning). The household is one tax household in the rules (one income, one
    filing status, one APTC), so a denial for any of its tax filers is the household's
    (docs/adr/0107). Years attested as filed and reconciled for this coverage year or a later
    one are not counted (`attested_years`). Which tax filer it is decides what the household
    is told (docs/adr/0108: the years are that tax filer's federal tax information)."""
    counted = reconcile_tax_years(coverage_year)
    found = [(filer, _failed_years(filer, counted)) for filer in tax_filers(members)]
    found = [(filer, years) for filer, years in found if years]
    if not found:
        return None
    attested = attested_years(members[0].application_id, coverage_year)
    found = [(filer, years - attested) for filer, years in found]
    barred = [pair for pair in found if pair[1] == set(counted)]
    filer, years = barred[0] if barred else max(found, key=lambda pair: len(pair[1]))
    return FtrReport(sorted(years), filer) if years else None


def ftr_tax_years(members: list[Member], coverage_year: int) -> list[int]:
    """The counted tax years in which the IRS reports a failure to file and reconcile for one
    tax filer of the household (45 CFR 155.305(f)(4)), oldest first (`ftr_report`)."""
    report = ftr_report(members, coverage_year)
    return report.years if report is not None else []


def filer_entry(report: FtrReport, ordered: list[Member]) -> dict:
    """The input snapshot's record of the tax filer reported on (determinations/ftr.FILER):
    their indexes among the rules input's `ordered` people, and whether they are the account
    holder."""
    people = [i for i, m in enumerate(ordered) if any(m is f for f in report.filer)]
    return {"people": people, "account_holder": report.account_holder}


def attested_years(application_id: int | None, coverage_year: int) -> set[int]:
    """The tax years the household attested to having filed and reconciled, for determinations
    of `coverage_year`: an attestation covers the coverage year of the result it answered
    and earlier ones. From the next coverage year on (the renewal, or any redetermination for
    it) the IRS is asked again and its answer counts: CMS rechecks the IRS's data after an
    attestation (docs/adr/0106, 0107)."""
    if application_id is None:
        return set()
    years: set[int] = set()
    for listed in ReconcileAttestation.objects.filter(
        application_id=application_id, coverage_year__gte=coverage_year
    ).values_list("tax_years", flat=True):
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
