"""Tax filing conditions of the premium tax credit (IRC 36B(c)(1)(C); 26 CFR 1.36B-2) and
of its advance payments (45 CFR 155.305(f)(4))."""

from __future__ import annotations

from aca_rules import parameters as P
from aca_rules.household import Household
from aca_rules.messages import Message

_MARRIED_SEPARATE = Message("tax.married_separate")
_NO_RETURN = Message("tax.no_return")
_INCOME_UNVERIFIED = Message("tax.income_unverified")
_MARRIED_SEPARATE_EXCEPTION = Message("tax.married_separate_exception")


def filing_status_ok(household: Household) -> tuple[bool, Message | None]:
    """Married taxpayers must file jointly to claim the PTC (IRC 36B(c)(1)(C); 26 CFR
    1.36B-2(b)(2)), unless a victim of domestic abuse or spousal abandonment
    (1.36B-2(b)(2)(ii)-(v)). The taxpayer must also file a return (1.36B-2(a)). When the
    household's income could not be verified by the deadline and the data sources hold none,
    the exchange determines it ineligible for APTC and CSR (45 CFR 155.320(c)(3)(vi)(G))."""
    if household.filing_status == "married_separate" and not household.mfs_exception:
        return False, _MARRIED_SEPARATE
    if not household.tax_filer:
        return False, _NO_RETURN
    if household.income_unverified:
        return False, _INCOME_UNVERIFIED
    if household.filing_status == "married_separate":
        return True, _MARRIED_SEPARATE_EXCEPTION
    return True, None


def reconcile_tax_years(year: int) -> tuple[int, ...]:
    """The tax years whose failure to file and reconcile bars APTC for coverage year `year`
    (45 CFR 155.305(f)(4)): the latest year whose tax data verifies income at open
    enrollment, two before the coverage year (155.320(c)(1)(i)), and the years before it,
    as many as the consecutive years the law in force counts
    (`failure_to_reconcile_years`: two from 2024, 88 FR 25740; the one year of 90 FR 27074
    for 2026 is stayed, City of Columbus v. Kennedy, D. Md. Aug. 22, 2025)."""
    count = int(P.get("failure_to_reconcile_years", year))
    return tuple(year - 2 - n for n in range(count))


def failed_to_reconcile(household: Household, year: int) -> Message | None:
    """45 CFR 155.305(f)(4): APTC was paid for a tax filer who did not file a return and
    reconcile it (Form 8962; IRC 36B(f), 26 CFR 1.6011-8) for each of the consecutive tax
    years `reconcile_tax_years` gives, as the IRS reports (`Household.ftr_tax_years`): not
    eligible for APTC (and so for no income-based CSR, 155.305(g)(1)(i)(B)); the QHP stays."""
    if not household.ftr_tax_years:
        return None
    years = reconcile_tax_years(year)
    if not all(y in household.ftr_tax_years for y in years):
        return None
    listed = ", ".join(str(y) for y in sorted(years))
    return Message("tax.failed_to_reconcile", {"years": listed})


def ftr_warning(household: Household, year: int) -> Message | None:
    """A failure to file and reconcile the IRS reports for some, not all, of the counted
    tax years (`reconcile_tax_years`): APTC is still granted (45 CFR 155.305(f)(4) bars it
    only after the consecutive years the law in force counts: two from 2024, 88 FR 25740),
    but the tax filer is told of the failure and that APTC (and so income-based CSR) stops if
    it happens for that many consecutive years (the notice CMS sends a tax filer in a
    one-tax-year FTR status: CMS FTR recheck message, April 2025; docs/adr/0106). Under a
    one-year rule every failure bars APTC and no warning is given."""
    if not household.ftr_tax_years:
        return None
    years = reconcile_tax_years(year)
    failed = sorted(y for y in years if y in household.ftr_tax_years)
    if not failed or len(failed) == len(years):
        return None
    listed = ", ".join(str(y) for y in failed)
    return Message("tax.ftr_warning", {"years": listed, "count": len(years)})
