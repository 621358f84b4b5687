"""The one builder from stored application facts to the rules engine's input (docs/contracts.md
4.2).

The result is exactly what is determined and stored as the determination's input snapshot,
so it holds no SSN, no document number and no contact details: the rules need none of them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from marketplace.applications import income as income_rules
from marketplace.applications import reconcile
from marketplace.applications.models import (
    Application,
    Immigration,
    Member,
    OtherCoverage,
    Relationship,
    TaxRole,
)
from marketplace.core import clock
from marketplace.determinations import ftr

#: Household relationship -> the rules' tax-family relationship (26 USC 152 dependents).
RULES_RELATIONSHIP = {
    Relationship.SELF: "self",
    Relationship.SPOUSE: "spouse",
    Relationship.CHILD: "child",
    Relationship.PARENT: "other_dependent",
    Relationship.OTHER: "other_dependent",
}

#: The input key for the date the determination is made (aca_rules `determination_date`).
DETERMINATION_DATE = "determination_date"


def coverage_start(application: Application) -> date:
    return date(application.coverage_year, 1, 1)


def stored_items(member: Member) -> tuple:
    """A member's income items and deductions as stored."""
    return member.incomes.all(), member.deductions.all()


def household_income(application: Application, members: list[Member], items_of=stored_items):
    """Projected annual MAGI and current monthly income of the tax household (income.py).

    `items_of(member)` gives the member's (income items, deductions): as stored by default,
    or not yet stored for a batch of new households (applications/batch.py)."""
    incomes, deductions, dependents = [], [], []
    for index, member in enumerate(members):
        if member.tax_role == TaxRole.DEPENDENT:
            dependents.append(index)
        member_incomes, member_deductions = items_of(member)
        incomes += [
            income_rules.Entry(index, item.amount, item.frequency, item.source)
            for item in member_incomes
        ]
        deductions += [
            income_rules.Entry(index, item.amount, item.frequency) for item in member_deductions
        ]
    return income_rules.household_income(application.coverage_year, incomes, deductions, dependents)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _person(member: Member, start: date) -> dict:
    citizen = bool(member.citizen)
    person = {
        "name": member.name,
        "age": member.age_on(start),
        "relationship": RULES_RELATIONSHIP[member.relationship],
        "tobacco": bool(member.tobacco),
        "pregnant": bool(member.pregnant),
        "aian": bool(member.aian),
        "citizen": citizen,
        "lawfully_present": citizen or member.immigration_status != Immigration.NONE,
        "incarcerated": bool(member.incarcerated),
        "has_mec": member.other_coverage not in ("", OtherCoverage.NONE),
        "seeking_coverage": member.seeking_coverage,
        "esi_offer": None,
    }
    if not citizen:
        # The status code as is (the engine's vocabulary): the engine decides, with its dated
        # law, whether it meets the Medicaid/CHIP immigration rule and whether it counts for
        # the premium tax credit (ADR 0102). Not answered: none given (fail safe from 2027).
        person["immigration_status"] = member.immigration_status or None
    if member.esi_offered and member.esi_employee_premium is not None:
        family = member.esi_family_premium
        person["esi_offer"] = {
            "employee_premium": _number(member.esi_employee_premium),
            "family_premium": None if family is None else _number(family),
            "min_value": bool(member.esi_min_value),
        }
    return person


def dated(data: dict, on: date) -> dict:
    """The rules input with the date the determination is made (a new dict): Medicaid/CHIP
    then use the poverty guideline and the immigration rule in effect that day (ADR 0102)."""
    return {**data, DETERMINATION_DATE: on.isoformat()}


def rules_order(member: Member) -> tuple:
    """Where a member stands in the rules input's people, and so in the determination's
    members (its results are listed by index): the applicant first, then by position, then
    by key (0 for a member not yet saved). Every reader of a determination's members by index
    orders the application's members with this (`in_rules_order`, `ordered_members`)."""
    return (member.relationship != Relationship.SELF, member.position, member.pk or 0)


def in_rules_order(members) -> list[Member]:
    return sorted(members, key=rules_order)


def ordered_members(application: Application) -> list[Member]:
    """The application's members in the determination's order."""
    return in_rules_order(application.members.all())


def build(application: Application, on: date | None = None) -> dict:
    """The aca_rules input for this application (the applicant first), determined as of
    ``on`` (default today: the submission date when submitting)."""
    members = list(application.members.prefetch_related("incomes", "deductions"))
    return build_from(application, members, on)


def build_from(
    application: Application, members: list[Member], on: date | None = None, items_of=stored_items
) -> dict:
    """`build` from the application's `members` and their `items_of` (see household_income)
    given rather than read: the same input for a batch of households not yet stored. The
    IRS is asked about a failure to file and reconcile (applications/reconcile.py)."""
    members = in_rules_order(members)
    start = coverage_start(application)
    money = household_income(application, members, items_of)
    data = {
        "year": application.coverage_year,
        "state": application.state,
        "countyfips": application.countyfips or None,
        "zipcode": application.zipcode or None,
        "income": _number(money.annual_magi),
        "monthly_income": _number(money.monthly),
        "filing_status": application.filing_status or "single",
        "tax_filer": bool(application.tax_filer),
        "people": [_person(m, start) for m in members],
    }
    data.update(ftr_facts(members, application.coverage_year))
    _agency_findings(data, members, application.coverage_year)
    return dated(data, on or clock.today())


_CENTS = Decimal("0.01")


def denial_basis(data: dict) -> str:
    """What a Medicaid/CHIP agency's finding of ineligibility was decided on, as the rules
    input (or a determination's input snapshot) holds it: the household's size and its
    annual income, "3:41250.00"."""
    income = Decimal(str(data.get("income") or 0)).quantize(_CENTS)
    return f"{len(data.get('people') or ())}:{income}"


def _agency_findings(data: dict, members: list[Member], year: int) -> None:
    """Mark each person the state Medicaid/CHIP agency found not eligible for this coverage
    year, on the household size and income the household still has: the exchange accepts
    the agency's finding and does not assess them as eligible again (42 CFR 435.1200(e);
    CMS FAQ 93736); a new year (155.335), or another size or income (155.330), is assessed
    afresh and may be referred again."""
    if not any(m.medicaid_chip_denied_year for m in members):
        return
    basis = denial_basis(data)
    for person, member in zip(data["people"], members, strict=True):
        if member.medicaid_chip_denied_year == year and member.medicaid_chip_denied_basis == basis:
            person["medicaid_chip_denied"] = True


def ftr_facts(members: list[Member], coverage_year: int) -> dict:
    """The rules input's facts of a failure to file and reconcile (45 CFR 155.305(f)(4)), as
    the IRS reports them today: `ftr_tax_years` and beside them which tax filer they are
    about (`ftr.FILER`; the engine ignores it, it decides what the household is told, ADR
    0108). Empty when the IRS reports none: the input of every other household is unchanged.
    `members` in the rules input's order."""
    report = reconcile.ftr_report(members, coverage_year)
    if report is None:
        return {}
    return {"ftr_tax_years": report.years, ftr.FILER: reconcile.filer_entry(report, members)}


def ftr_asked_again(application: Application, members: list[Member], data: dict) -> dict | None:
    """A redetermination from stored facts asks the IRS again about a failure to file and
    reconcile (45 CFR 155.305(f)(4)), as at submission, rather than carrying over the answer
    those facts were determined with: at a verification deadline "the information available
    from the data sources" (155.315(f)(5); ADR 0110), and when an appeal decision is carried
    out (155.545(c); ADR 0111). `data` is the rules input to determine, changed in place:
    `ftr_tax_years` and `ftr.FILER` are replaced by today's answer (`ftr_facts`), or dropped
    when it reports none. A tax filer who has since filed gets the credit back; one the IRS
    now reports loses it. A different answer is recorded in `redetermination.ftr_tax_years`
    (before, after) and returned; the same answer is not recorded (None). When `members`
    (the application's, in the rules input's order) are not as many as the facts' people,
    the stored answer is kept: the filer's indexes would point at other people."""
    if len(members) != len(data.get("people") or []):
        return None
    before = list(data.pop("ftr_tax_years", None) or [])
    data.pop(ftr.FILER, None)
    data.update(ftr_facts(members, application.coverage_year))
    after = list(data.get("ftr_tax_years") or [])
    if after == before:
        return None
    change = {"before": before, "after": after}
    data["redetermination"] = {**(data.get("redetermination") or {}), "ftr_tax_years": change}
    return change
