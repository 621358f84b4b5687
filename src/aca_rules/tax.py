"""Tax filing conditions of the premium tax credit (IRC 36B(c)(1)(C); 26 CFR 1.36B-2)."""

from __future__ import annotations

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
