"""Simulators of the data services, named as such. Deterministic answers for test identities:

| Who | SSA | SAVE | Income (IRS) | Other coverage |
| --- | --- | --- | --- | --- |
| last name "Unavailable" (any case) | unavailable | unavailable | unavailable | unavailable |
| SSN ending 0000 | SSN mismatch | | | |
| SSN ending 0001 | SSN verified, citizenship not verified | | | |
| document number starting with 9 | | not verified | | |
| SSN ending 1111 | | | no tax data | |
| SSN ending 2222 | | | reports $90,000 | |
| SSN ending 3333 | | | reports $20,000 | |
| SSN ending 4444 | | | APTC paid, not reconciled, every tax year (FTR) | |
| SSN ending 4443 | | | APTC paid, not reconciled, in even tax years only | |
| SSN ending 4441 | | | APTC paid, not reconciled, in odd tax years only | |
| SSN ending 5555 | | | | enrolled in Medicare |
| SSN ending 6666 | | | | enrolled in Medicaid |
| anyone else | verified | verified | reports the attested income | no other coverage |

No network, no randomness: the same question always gets the same answer.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from marketplace.dataservices.base import (
    Answer,
    ImmigrationDocument,
    IncomeAnswer,
    Outcome,
    Person,
    ReconcileAnswer,
    SSAAnswer,
)

UNAVAILABLE_LAST_NAME = "unavailable"
REPORTED_INCOME = {"2222": Decimal("90000"), "3333": Decimal("20000")}
COVERAGE = {"5555": "medicare", "6666": "medicaid"}
FTR_EVERY_YEAR = "4444"
FTR_EVEN_YEARS = "4443"
FTR_ODD_YEARS = "4441"


def _reference(service: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join((service, *parts)).encode()).hexdigest()[:12]
    return f"SIM-{service}-{digest}"


def _down(person: Person) -> bool:
    return person.last_name.strip().lower() == UNAVAILABLE_LAST_NAME


def _unavailable(service: str) -> Answer:
    return Answer(Outcome.UNAVAILABLE, f"Simulated {service}: the service did not answer.")


class SimulatedSSA:
    """Simulated SSA Composite service."""

    name = "ssa"

    def verify(self, person: Person, *, citizenship: bool) -> SSAAnswer:
        if _down(person):
            down = _unavailable("SSA")
            return SSAAnswer(ssn=down, citizenship=down if citizenship else None)
        ref = _reference("SSA", person.ssn, person.last_name)
        if person.ssn.endswith("0000"):
            mismatch = Answer(
                Outcome.MISMATCH, "SSA: the SSN, name and date of birth do not match.", ref
            )
            return SSAAnswer(ssn=mismatch, citizenship=mismatch if citizenship else None)
        ssn = Answer(Outcome.VERIFIED, "SSA: SSN, name and date of birth match.", ref)
        if not citizenship:
            return SSAAnswer(ssn=ssn)
        if person.ssn.endswith("0001"):
            return SSAAnswer(
                ssn=ssn,
                citizenship=Answer(
                    Outcome.MISMATCH, "SSA: citizenship could not be confirmed.", ref
                ),
            )
        return SSAAnswer(ssn=ssn, citizenship=Answer(Outcome.VERIFIED, "SSA: U.S. citizen.", ref))


class SimulatedSAVE:
    """Simulated DHS SAVE (Verification Information System, step 1)."""

    name = "save"

    def verify(self, person: Person, document: ImmigrationDocument) -> Answer:
        if _down(person):
            return _unavailable("SAVE")
        ref = _reference("SAVE", document.document_type, document.document_number)
        if document.document_number.strip().startswith("9"):
            return Answer(
                Outcome.MISMATCH,
                "SAVE: status not verified at step 1; additional verification required.",
                ref,
            )
        return Answer(
            Outcome.VERIFIED,
            "SAVE: lawfully present.",
            ref,
            {"document_type": document.document_type},
        )


class SimulatedIncome:
    """Simulated IRS income and family size verification."""

    name = "income"

    def annual_income(self, person: Person, *, tax_year: int) -> IncomeAnswer:
        if _down(person):
            return IncomeAnswer(Outcome.UNAVAILABLE, "Simulated IRS: the service did not answer.")
        ref = _reference("IRS", person.ssn, str(tax_year))
        last4 = person.ssn_last4
        if not person.ssn or last4 == "1111":
            return IncomeAnswer(Outcome.NO_DATA, "IRS: no tax return on file.", ref)
        if last4 in REPORTED_INCOME:
            amount = REPORTED_INCOME[last4]
            return IncomeAnswer(
                Outcome.VERIFIED,
                f"IRS: {tax_year} return reports ${amount:,.0f}.",
                ref,
                annual_income=amount,
                tax_year=tax_year,
            )
        # Everyone else: the simulated source agrees with whatever was attested.
        return IncomeAnswer(
            Outcome.VERIFIED, "Simulated IRS: reports the attested income.", ref, tax_year=tax_year
        )

    def reconciled(self, person: Person, *, tax_year: int) -> ReconcileAnswer:
        return simulated_reconciled(person, tax_year)


def _failed_to_reconcile(last4: str, tax_year: int) -> bool:
    return (
        last4 == FTR_EVERY_YEAR
        or (last4 == FTR_EVEN_YEARS and tax_year % 2 == 0)
        or (last4 == FTR_ODD_YEARS and tax_year % 2 == 1)
    )


def simulated_reconciled(person: Person, tax_year: int) -> ReconcileAnswer:
    """The simulated IRS answer on failure to file and reconcile (SimulatedIncome.reconciled)."""
    if _down(person):
        return ReconcileAnswer(Outcome.UNAVAILABLE, "Simulated IRS: the service did not answer.")
    ref = _reference("IRS-FTR", person.ssn, str(tax_year))
    if not person.ssn:
        return ReconcileAnswer(Outcome.NO_DATA, "Simulated IRS: no SSN to look up.", ref)
    if _failed_to_reconcile(person.ssn_last4, tax_year):
        return ReconcileAnswer(
            Outcome.MISMATCH,
            f"Simulated IRS: APTC paid for {tax_year}; no return reconciling it (Form 8962).",
            ref,
            failed_to_reconcile=True,
            tax_year=tax_year,
        )
    return ReconcileAnswer(
        Outcome.VERIFIED,
        f"Simulated IRS: nothing to reconcile for {tax_year}, or reconciled.",
        ref,
        failed_to_reconcile=False,
        tax_year=tax_year,
    )


class SimulatedCoverage:
    """Simulated other-coverage (MEC) check against Medicare, Medicaid/CHIP, TRICARE, VA."""

    name = "mec"

    def check(self, person: Person) -> Answer:
        if _down(person):
            return _unavailable("MEC")
        ref = _reference("MEC", person.ssn)
        coverage = COVERAGE.get(person.ssn_last4)
        if coverage:
            return Answer(
                Outcome.MISMATCH, f"MEC: enrolled in {coverage}.", ref, {"coverage": coverage}
            )
        return Answer(Outcome.VERIFIED, "MEC: no other coverage found.", ref)
