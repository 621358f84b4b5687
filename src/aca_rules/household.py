"""Input model: the tax household applying for coverage (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RELATIONSHIPS = ("self", "spouse", "child", "other_dependent")
FILING_STATUSES = ("single", "married_joint", "married_separate", "head_of_household")

#: Immigration status of a non-citizen (``Person.immigration_status``), a fixed vocabulary.
#: Which statuses qualify for the PTC and for Medicaid/CHIP on a date is law, so it lives in
#: dated parameters (``ptc_eligible_immigration_statuses``,
#: ``medicaid_eligible_immigration_statuses``), never in code. See ADR 0102.
#:
#: - ``lpr_5``: lawful permanent resident (LPR, "green card") for 5 years or more;
#: - ``lpr_recent``: LPR for less than 5 years (the Medicaid/CHIP 5-year bar, 8 U.S.C. 1613(a));
#: - ``lpr_exempt``: LPR for less than 5 years but exempt from the bar: admitted as a refugee
#:   or granted asylum before adjusting, or a veteran or on active duty, or the spouse or
#:   child of one (8 U.S.C. 1613(b));
#: - ``cuban_haitian``: Cuban and Haitian entrant (section 501(e) of the Refugee Education
#:   Assistance Act of 1980);
#: - ``cofa``: citizen of Micronesia, the Marshall Islands or Palau lawfully residing in the
#:   United States under a Compact of Free Association;
#: - ``refugee``: refugee, asylee or granted withholding of removal, not (yet) an LPR;
#: - ``other_lawful``: any other lawfully present status (visas, TPS, parole, pending
#:   applications, ...);
#: - ``none``: no lawful status (not lawfully present).
IMMIGRATION_STATUSES = (
    "lpr_5",
    "lpr_recent",
    "lpr_exempt",
    "cuban_haitian",
    "cofa",
    "refugee",
    "other_lawful",
    "none",
)
#: The statuses of a lawfully present non-citizen (every status but ``none``).
LAWFULLY_PRESENT_STATUSES = IMMIGRATION_STATUSES[:-1]


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
    #: Immigration status of a non-citizen, one of ``IMMIGRATION_STATUSES``; None = not
    #: given (see ``immigration.ptc_immigration`` and ``immigration.medicaid_immigration``).
    immigration_status: str | None = None
    #: The state Medicaid or CHIP agency found this person not eligible after the exchange
    #: referred them (the account transferred back, 42 CFR 435.1200(e); 457.350): the
    #: exchange accepts that finding and does not assess the person as eligible again for
    #: the same facts, and the person is treated as not eligible for that coverage for the
    #: premium tax credit (26 CFR 1.36B-2(c)(2)(iv)).
    medicaid_chip_denied: bool = False


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
    #: Monthly premium of the lowest-cost plan of the state's own program (ConnectorCare)
    #: for the coverage family; when given, used instead of the catalog (like
    #: ``benchmark_premium``). A state subsidy measured against that plan needs it.
    state_program_premium: Decimal | None = None
    monthly_income: Decimal | None = None
    rating_area: str | None = None
    #: Married filing separately, but a victim of domestic abuse or abandonment
    #: (26 CFR 1.36B-2(b)(2)(ii)-(v)).
    mfs_exception: bool = False
    #: The taxpayer attests to filing a return for the year (26 CFR 1.36B-2(a); 45 CFR
    #: 155.305(f)(4)).
    tax_filer: bool = True
    #: The exchange could not verify the attested income by the verification deadline and
    #: the data sources hold no income for the household (45 CFR 155.320(c)(3)(vi)(G)):
    #: no APTC and no income-based CSR; QHP eligibility is unaffected.
    income_unverified: bool = False
    #: Tax years for which the IRS reports that APTC was paid for a tax filer of the
    #: household who did not file a return and reconcile it (Form 8962): failure to file and
    #: reconcile, 45 CFR 155.305(f)(4) (``tax.failed_to_reconcile``).
    ftr_tax_years: tuple[int, ...] = ()
    #: The date the determination is made (the application's submission date). When given,
    #: Medicaid/CHIP use the poverty guideline and the immigration rule in effect on that
    #: date (fpl.medicaid_guideline_year, immigration.medicaid_immigration); None = the
    #: coverage year's guideline and the rule on 1 January of the coverage year.
    determination_date: date | None = None

    @property
    def size(self) -> int:
        """Family size: the taxpayer(s) and dependents claimed (IRC 36B(d)(1))."""
        return len(self.people)
