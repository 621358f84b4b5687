"""Ask the data services about each member and say which items to open (45 CFR 155.315,
155.320). Pure decisions over the services' answers; no database writes here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from marketplace.dataservices.base import ImmigrationDocument, Outcome, Person
from marketplace.dataservices.income import reasonably_compatible
from marketplace.dataservices.registry import DataServices
from marketplace.verifications.nodata import ACCEPT, no_data_rule


@dataclass(frozen=True)
class Finding:
    """An item to open: `unavailable` when the service did not answer."""

    type: str
    member_index: int | None
    detail: str
    reference: str = ""
    unavailable: bool = False
    data_income: Decimal | None = None  # income items: what the data source reported
    # income: the IRS confirmed it holds no return and the rule in force accepts the
    # attestation (45 CFR 155.320(c)(5)): nothing to open, see `to_open`
    accepted: bool = False


def person_of(member) -> Person:
    return Person(
        first_name=member.first_name,
        last_name=member.last_name,
        date_of_birth=member.date_of_birth,
        ssn=member.ssn if member.has_ssn else "",
    )


def _finding(kind: str, index: int | None, answer) -> Finding | None:
    if answer is None or answer.outcome is Outcome.VERIFIED:
        return None
    return Finding(kind, index, answer.detail, answer.reference, answer.unavailable)


def check_identity(services: DataServices, index: int, member) -> list[Finding]:
    """SSN (155.315(b)); citizenship through SSA (155.315(c)(1)); immigration status through
    SAVE (155.315(c)(2)). Only members seeking coverage are asked for status."""
    person = person_of(member)
    findings: list[Finding | None] = []
    seeking = member.seeking_coverage
    citizen = bool(member.citizen)
    if person.ssn:
        answer = services.ssa.verify(person, citizenship=seeking and citizen)
        findings.append(_finding("ssn", index, answer.ssn))
        findings.append(_finding("citizenship", index, answer.citizenship))
    elif seeking and citizen:
        findings.append(Finding("citizenship", index, "No SSN given: citizenship not checked."))
    if seeking and not citizen and member.immigration_status not in ("", "none"):
        if member.document_number:
            document = ImmigrationDocument(member.document_type, member.document_number)
            findings.append(_finding("immigration", index, services.save.verify(person, document)))
        else:
            findings.append(Finding("immigration", index, "No immigration document number given."))
    return [f for f in findings if f is not None]


def check_coverage(services: DataServices, index: int, member) -> list[Finding]:
    """Other minimum essential coverage for people getting APTC (155.320(b))."""
    person = person_of(member)
    if not person.ssn:
        return []
    finding = _finding("mec", index, services.coverage.check(person))
    return [finding] if finding else []


def to_open(findings: list[Finding]) -> list[Finding]:
    """The findings that open (or keep open) a verification item: all but an IRS "no data"
    answer the rule in force accepts (45 CFR 155.320(c)(5))."""
    return [f for f in findings if not f.accepted]


def income_filers(members) -> list[tuple[int, object]]:
    """The household's tax filers whose income the tax data is asked for (155.320(c)(1)),
    with their index in `members`."""
    return [
        (index, member)
        for index, member in enumerate(members)
        if member.relationship in ("self", "spouse") or member.tax_role in ("filer", "joint")
    ]


def check_income(
    services: DataServices, filers: list[tuple[int, object]], attested: Decimal, tax_year: int
) -> list[Finding]:
    """Household income against tax data (155.320(c)(1), (c)(3)(iii)); the item belongs to the
    household (its first filer). `tax_year` is the one two before the plan year
    (155.320(c)(1)(i)). An IRS "no data" answer is the one place the dated rule
    (verifications/data/income_without_tax_data.yaml) decides, for application, retry,
    deadline and renewal alike: `accept` marks the finding `accepted` (the attestation stands
    without further verification, 155.320(c)(5)); `verify` leaves it an inconsistency
    (155.320(c)(3)(vi))."""
    if not filers:
        return []
    owner = filers[0][0]
    reported = Decimal(0)
    have_amount = False
    for _index, member in filers:
        answer = services.income.annual_income(person_of(member), tax_year=tax_year)
        if answer.outcome is Outcome.UNAVAILABLE:
            return [Finding("income", owner, answer.detail, answer.reference, unavailable=True)]
        if answer.outcome is Outcome.NO_DATA:
            accepted = no_data_rule(tax_year + 2) == ACCEPT
            return [Finding("income", owner, answer.detail, answer.reference, accepted=accepted)]
        if answer.annual_income is not None:
            reported += answer.annual_income
            have_amount = True
    if not have_amount:
        return []
    compatible = reasonably_compatible(
        attested,
        reported,
        percent=settings.MARKETPLACE_INCOME_TOLERANCE_PERCENT,
        dollars=Decimal(settings.MARKETPLACE_INCOME_TOLERANCE_DOLLARS),
    )
    if compatible:
        return []
    return [
        Finding(
            "income",
            owner,
            f"Attested ${attested:,.0f} is not reasonably compatible with ${reported:,.0f} "
            "reported by the data source.",
            data_income=reported,
        )
    ]
