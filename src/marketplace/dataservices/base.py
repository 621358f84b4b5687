"""What a data service is asked and what it answers.

The questions carry only what the service needs (45 CFR 155.315(a) and 155.320: data is used
only to verify eligibility). Answers never echo an SSN.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class Outcome(enum.StrEnum):
    VERIFIED = "verified"  # the data matches the attestation
    MISMATCH = "mismatch"  # the data disagrees (or the service has no record)
    NO_DATA = "no_data"  # the service answered but holds nothing to compare
    UNAVAILABLE = "unavailable"  # the service did not answer: try again later


@dataclass(frozen=True)
class Person:
    """One household member as the services see them."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    ssn: str = ""  # nine digits, never logged or stored in a result

    @property
    def ssn_last4(self) -> str:
        return self.ssn[-4:] if self.ssn else ""


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    detail: str = ""  # a plain reason, safe to store and to show to staff
    reference: str = ""  # the service's transaction id
    data: dict = field(default_factory=dict)  # service-specific facts (no SSN)

    @property
    def verified(self) -> bool:
        return self.outcome is Outcome.VERIFIED

    @property
    def unavailable(self) -> bool:
        return self.outcome is Outcome.UNAVAILABLE


@dataclass(frozen=True)
class SSAAnswer:
    """SSA Composite answers two questions at once: the SSN (with name and birth date) and,
    when asked, citizenship (45 CFR 155.315(b)(1), (c)(1))."""

    ssn: Answer
    citizenship: Answer | None = None


@dataclass(frozen=True)
class IncomeAnswer(Answer):
    """Annual income the source reports for a tax year (45 CFR 155.320(c)(1))."""

    annual_income: Decimal | None = None
    tax_year: int | None = None


@dataclass(frozen=True)
class ImmigrationDocument:
    """A DHS document a non-citizen gave (e.g. "i551" permanent resident card, "i94")."""

    document_type: str
    document_number: str


@dataclass(frozen=True)
class ReconcileAnswer(Answer):
    """Whether a tax filer who had advance payments of the premium tax credit for a tax year
    filed a return and reconciled them on Form 8962 (45 CFR 155.305(f)(4)):
    `failed_to_reconcile` True when APTC was paid and not reconciled, False when reconciled
    or when no APTC was paid, None when the source could not say."""

    failed_to_reconcile: bool | None = None
    tax_year: int | None = None
