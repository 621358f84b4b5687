"""A failure to file and reconcile (FTR, 45 CFR 155.305(f)(4)) as the household is told of
it when the tax filer the IRS reported on is not the account holder (docs/adr/0108).

The IRS's report that a tax filer did not file and reconcile, and for which tax years, is
federal tax information about that tax filer (return information, IRC 6103(b)(2)); the
exchange receives it under 6103(l)(21) to determine eligibility and may not disclose it to
another person. The rules engine names the years (`tax.failed_to_reconcile`,
`tax.ftr_warning`); when the tax filer is the account holder (the applicant, or the
applicant's spouse filing jointly: one tax filer, 155.305(f)(4)) they read them as today.
When another member of the household is the tax filer, the household's pages and notices
say only, in general terms, that a tax filer in the household did not file and reconcile
and that the Marketplace wrote to that tax filer; the years go in a notice to the tax filer
alone (CMS: an "indirect" notice to the enrollee and a "direct" notice to the household's
tax filer, FTR recheck notices, April 2025; docs/adr/0108).

The determination's input snapshot records which tax filer the IRS reported on
(`FILER`, written by applications/reconcile.py beside the rules input's `ftr_tax_years`;
the engine ignores it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aca_rules.messages import Line, language_of

#: The input snapshot's key: {"people": [indexes into its people], "account_holder": bool}.
FILER = "ftr_filer"

#: The engine's messages that name the tax years.
CODES = ("tax.failed_to_reconcile", "tax.ftr_warning")

GENERAL = {
    "tax.failed_to_reconcile": {
        "en": "The IRS told us that a tax filer in your household did not file a federal "
        "income tax return reconciling the advance payments of the premium tax credit paid "
        "for them (Form 8962). So the household gets no premium tax credit in advance, and "
        "no income-based cost-sharing reductions, until that tax filer files and reconciles; "
        "a Marketplace plan can still be bought. We wrote to that tax filer directly "
        "(45 CFR 155.305(f)(4)).",
        "es": "El IRS nos informó que un declarante de impuestos de su hogar no presentó una "
        "declaración federal de impuestos que concilie los pagos por adelantado del crédito "
        "fiscal para la prima pagados a su nombre (Formulario 8962). Por eso el hogar no "
        "recibe el crédito fiscal para la prima por adelantado, ni reducciones de costos "
        "compartidos por ingresos, hasta que ese declarante presente su declaración y "
        "concilie; todavía puede comprar un plan del Mercado. Le escribimos directamente a "
        "ese declarante (45 CFR 155.305(f)(4)).",
    },
    "tax.ftr_warning": {
        "en": "Warning: the IRS told us that a tax filer in your household did not file a "
        "federal income tax return reconciling the advance payments of the premium tax "
        "credit paid for them (Form 8962). The household keeps its premium tax credit for "
        "now, but it may stop if that tax filer does not file and reconcile. We wrote to "
        "that tax filer directly (45 CFR 155.305(f)(4)).",
        "es": "Advertencia: el IRS nos informó que un declarante de impuestos de su hogar no "
        "presentó una declaración federal de impuestos que concilie los pagos por adelantado "
        "del crédito fiscal para la prima pagados a su nombre (Formulario 8962). El hogar "
        "conserva su crédito fiscal para la prima por ahora, pero podría perderlo si ese "
        "declarante no presenta su declaración y concilia. Le escribimos directamente a ese "
        "declarante (45 CFR 155.305(f)(4)).",
    },
}


def other_filer(snapshot: dict | None) -> bool:
    """True when the determination of `snapshot` names an FTR of a tax filer who is not the
    account holder: the household is told in general terms only."""
    filer = (snapshot or {}).get(FILER)
    return isinstance(filer, dict) and filer.get("account_holder") is False


def general(code_id: str, language: str | None) -> str:
    """The household's words for FTR message `code_id`, in `language`."""
    return GENERAL[code_id][language_of(language)]


def _code_id(code: Any) -> str:
    return code.get("id", "") if isinstance(code, dict) else ""


def household_lines(
    lines: list[Line], codes: Sequence[Any] | None, language: str | None, other: bool
) -> list[Line]:
    """`lines` (aca_rules.messages.localize of stored lines and their `codes`) with each FTR
    line in general terms when `other` (the tax filer is not the account holder)."""
    if not other or not codes or len(codes) != len(lines):
        return lines
    return [
        Line(general(_code_id(code), language), "") if _code_id(code) in CODES else line
        for line, code in zip(lines, codes, strict=True)
    ]


def names_ftr(codes: Sequence[Any] | None) -> bool:
    """Whether stored message `codes` include a failure to file and reconcile."""
    return any(_code_id(code) in CODES for code in codes or ())
