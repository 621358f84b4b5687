"""Input model: the tax household applying for coverage (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

RELATIONSHIPS = ("self", "spouse", "child", "other_dependent")
FILING_STATUSES = ("single", "married_joint", "married_separate", "head_of_household")


@dataclass(frozen=True, slots=True)
class EmployerOffer:
    """An offer of employer-sponsored coverage made to this person as an employee.

    Premiums are the employee's monthly required contribution for the lowest-cost
    minimum-value self-only plan and for family coverage (26 CFR 1.36B-2(c)(3)(v)).
    """

    employee_premium: Decimal
    family_premium: Decimal | None = None
    min_value: bool = True


@dataclass(frozen=True, slots=True)
class Person:
    """One member of the tax household."""

    age: int
    relationship: str = "self"
    tobacco: bool = False
    pregnant: bool = False
    aian: bool = False
    citizen: bool = True
    lawfully_present: bool = True
    incarcerated: bool = False
    has_mec: bool = False
    seeking_coverage: bool = True
    esi_offer: EmployerOffer | None = None
    resident: bool = True
    name: str | None = None
    #: Whether a non-citizen meets Medicaid's immigration rules (qualified non-citizen past
    #: any 5-year bar). None = derive: citizens yes, other lawfully present people no.
    medicaid_immigration_eligible: bool | None = None
    #: Hardship or affordability exemption (catastrophic plans, 45 CFR 155.605(d)).
    hardship_exemption: bool = False


@dataclass(frozen=True, slots=True)
class Household:
    """A tax household for one coverage year."""

    year: int
    state: str
    income: Decimal
    people: tuple[Person, ...]
    filing_status: str = "single"
    countyfips: str | None = None
    zipcode: str | None = None
    benchmark_premium: Decimal | None = None
    monthly_income: Decimal | None = None
    rating_area: str | None = None
    #: Married filing separately, but a victim of domestic abuse or abandonment
    #: (26 CFR 1.36B-2(b)(2)(ii)-(v)).
    mfs_exception: bool = False
    #: The taxpayer attests to filing a return for the year (26 CFR 1.36B-2(a); 45 CFR
    #: 155.305(f)(4)).
    tax_filer: bool = True

    @property
    def size(self) -> int:
        """Family size: the taxpayer(s) and dependents claimed (IRC 36B(d)(1))."""
        return len(self.people)
