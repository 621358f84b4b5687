"""The real interfaces. A production adapter (the CMS Federal Data Services Hub) implements
these; the simulators in `simulated.py` implement them for the embedded default and tests."""

from __future__ import annotations

from typing import Protocol

from marketplace.dataservices.base import (
    Answer,
    ImmigrationDocument,
    IncomeAnswer,
    Person,
    ReconcileAnswer,
    SSAAnswer,
)


class SSAService(Protocol):
    """SSA Composite: SSN, name and date of birth match; citizenship (45 CFR 155.315(b), (c))."""

    def verify(self, person: Person, *, citizenship: bool) -> SSAAnswer: ...


class SAVEService(Protocol):
    """DHS SAVE: immigration status from a document (45 CFR 155.315(c)(2))."""

    def verify(self, person: Person, document: ImmigrationDocument) -> Answer: ...


class IncomeService(Protocol):
    """IRS (or a commercial payroll source): income for a tax year (45 CFR 155.320(c)(1))."""

    def annual_income(self, person: Person, *, tax_year: int) -> IncomeAnswer: ...

    def reconciled(self, person: Person, *, tax_year: int) -> ReconcileAnswer:
        """Failure to file and reconcile (FTR) for one tax filer and tax year: whether APTC
        was paid for them that year and they did not file a return with Form 8962 (45 CFR
        155.305(f)(4); the IRS answers this with the income request)."""
        ...


class CoverageService(Protocol):
    """Other minimum essential coverage (Medicare, Medicaid/CHIP, TRICARE, VA)
    (45 CFR 155.320(b))."""

    def check(self, person: Person) -> Answer: ...
