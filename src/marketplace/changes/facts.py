"""A reported change written into the application's stored facts.

The exchange redetermines from the stored facts (`applications.rules_input.build`), so a
change is first made to the facts it is about, then the same engine path runs
(`applications.determine.determine_and_store`). The earlier determination keeps its own
input snapshot, so nothing the household told us before is lost from the record.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from marketplace.applications.models import (
    Application,
    FilingStatus,
    Frequency,
    IncomeItem,
    Member,
    OtherCoverage,
    ReconcileAttestation,
    Relationship,
    TaxRole,
)
from marketplace.audit import log as audit
from marketplace.changes.kinds import MEDICAID_DENIED
from marketplace.core import clock
from marketplace.enrollment.models import EnrollmentMember

#: The relationship of someone joining the household, by kind.
JOINING_AS = {"birth": Relationship.CHILD, "adoption": Relationship.CHILD}


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _set_income(member: Member, annual, source: str = "wages") -> None:
    member.incomes.all().delete()
    amount = _money(annual)
    if amount:
        IncomeItem.objects.create(
            member=member, source=source or "wages", amount=amount, frequency=Frequency.YEARLY
        )


def add_person(application: Application, kind: str, details: dict) -> Member:
    """Someone joins the household (birth, adoption, marriage, moving in)."""
    relationship = JOINING_AS.get(kind) or (
        Relationship.SPOUSE if kind == "marriage" else details.get("relationship")
    )
    position = max([m.position for m in application.members.all()] or [0]) + 1
    citizen = details.get("citizen", True)
    member = Member.objects.create(
        application=application,
        position=position,
        first_name=details["first_name"],
        last_name=details["last_name"],
        date_of_birth=date.fromisoformat(details["date_of_birth"]),
        relationship=relationship or Relationship.OTHER,
        sex=details.get("sex") or "female",
        tax_role=TaxRole.JOINT if relationship == Relationship.SPOUSE else TaxRole.DEPENDENT,
        citizen=bool(citizen),
        immigration_status="" if citizen else details.get("immigration_status", ""),
        incarcerated=False,
        aian=False,
        pregnant=False,
        tobacco=bool(details.get("tobacco", False)),
        other_coverage=OtherCoverage.NONE,
        esi_offered=False,
        details_done=True,
        seeking_coverage=True,
        # kept on the person only, encrypted (not in the change's record); none stays empty
        ssn=details.get("ssn", ""),
    )
    if kind == "marriage":
        application.filing_status = FilingStatus.MARRIED_JOINT
        application.save(update_fields=["filing_status", "updated_at"])
    if details.get("annual_income"):
        _set_income(member, details["annual_income"])
    return member


def remove_person(application: Application, member: Member) -> None:
    """Someone leaves the household (divorce, death, moving out). Their policy rows keep
    their names and dates for the 834s and Form 1095-A; the link to the application's
    member, which is about to go, is cleared."""
    if member.relationship == Relationship.SPOUSE:
        application.filing_status = FilingStatus.SINGLE
        application.save(update_fields=["filing_status", "updated_at"])
    EnrollmentMember.objects.filter(person=member).update(person=None)
    member.delete()


def change_member(member: Member, kind: str, details: dict) -> None:
    """A change about one person already in the household."""
    fields: list[str] = []
    if kind == "income":
        _set_income(member, details.get("annual_income"), details.get("income_source", "wages"))
    elif kind == "coverage_gained":
        what = details.get("coverage_type")
        if what == "employer":
            member.esi_offered = True
            member.esi_employee_premium = _money(details.get("employee_premium"))
            member.esi_family_premium = _money(details.get("family_premium"))
            member.esi_min_value = True
            fields += ["esi_offered", "esi_employee_premium", "esi_family_premium"]
            fields += ["esi_min_value"]
        else:
            member.other_coverage = what or OtherCoverage.OTHER
            fields.append("other_coverage")
    elif kind == "coverage_lost":
        member.other_coverage = OtherCoverage.NONE
        member.esi_offered = False
        fields += ["other_coverage", "esi_offered"]
    elif kind == "immigration":
        member.citizen = bool(details.get("citizen"))
        member.immigration_status = "" if member.citizen else details.get("immigration_status")
        member.document_type = "" if member.citizen else details.get("document_type", "")
        member.document_number = "" if member.citizen else details.get("document_number", "")
        fields += ["citizen", "immigration_status", "document_type", "document_number"]
    elif kind in ("incarceration", "incarceration_ended"):
        member.incarcerated = kind == "incarceration"
        fields.append("incarcerated")
    elif kind == "tobacco":
        member.tobacco = bool(details.get("tobacco"))
        fields.append("tobacco")
    elif kind == MEDICAID_DENIED:  # the agency's finding and what it decided on (ADR 0713)
        member.medicaid_chip_denied_year = int(details["coverage_year"])
        member.medicaid_chip_denied_basis = details["basis"]
        fields += ["medicaid_chip_denied_year", "medicaid_chip_denied_basis"]
    if fields:
        member.save(update_fields=fields)


def move(application: Application, details: dict) -> None:
    application.street = details.get("street", application.street)
    application.city = details.get("city", application.city)
    application.zipcode = details["zipcode"]
    application.countyfips = details["countyfips"]
    application.save(update_fields=["street", "city", "zipcode", "countyfips", "updated_at"])


def attest_reconciled(application, details: dict, actor) -> None:
    """The tax filer's attestation that they filed and reconciled (Form 8962) for the tax
    years the IRS reported (45 CFR 155.305(f)(4); CMS accepts it while the IRS's data lag,
    docs/adr/0106): stored, with its own audit row, so the redetermination that follows
    does not count those years (applications/reconcile.py)."""
    row = ReconcileAttestation.objects.create(
        application=application,
        tax_years=list(details["tax_years"]),
        coverage_year=details.get("coverage_year"),
        signature=details["signature"],
        attested_by=actor if getattr(actor, "is_authenticated", False) else None,
        attested_at=clock.now(),
    )
    audit.record(
        "application.reconcile_attested",
        actor=actor,
        actor_label="" if actor else "system",
        obj=row,
        application=str(application.public_id),
        tax_years=row.tax_years,
        coverage_year=row.coverage_year,
    )
