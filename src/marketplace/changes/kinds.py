"""The kinds of change a person (or a caseworker for them) reports, and what each one asks.

Each kind names the facts it changes (45 CFR 155.330(b)(1): an enrollee reports a change
in eligibility information within 30 days) and who it concerns:
- `new_person`: someone joins the household (birth, adoption, marriage, moving in).
- `member`: someone already in the household (the change is about them).
- `leaving`: someone leaves (divorce, death, moving out).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS = {
    "income": _("Income changed"),
    "birth": _("A baby was born"),
    "adoption": _("A child was adopted or placed for adoption or foster care"),
    "marriage": _("Got married"),
    "move_in": _("Someone moved in"),
    "divorce": _("Divorce or legal separation"),
    "death": _("Someone in the household died"),
    "move_out": _("Someone moved out"),
    "address": _("Moved to a new address"),
    "coverage_gained": _("Got other health coverage or an offer of employer coverage"),
    "coverage_lost": _("Lost other health coverage"),
    "immigration": _("Immigration status changed"),
    "incarceration": _("Incarcerated (jail or prison)"),
    "incarceration_ended": _("Released from incarceration"),
    "tobacco": _("Tobacco use changed"),
}

#: Changes made through their own page rather than the report-a-change form: a tax filer's
#: attestation that they have filed and reconciled the premium tax credit (Form 8962) for
#: the years the IRS reported (changes/reconciled.py, docs/adr/0106).
RECONCILED = "reconciled"
#: ... and the state Medicaid/CHIP agency's finding that a person the exchange referred is
#: not eligible, read from the agency's file (changes/medicaid_decisions.py, docs/adr/0713).
MEDICAID_DENIED = "medicaid_chip_denied"
OWN_PAGE = {
    RECONCILED: _("Filed a tax return and reconciled the premium tax credit (Form 8962)"),
    MEDICAID_DENIED: _("The state Medicaid or CHIP agency found a person not eligible"),
}

NEW_PERSON = {"birth", "adoption", "marriage", "move_in"}
LEAVING = {"divorce", "death", "move_out"}
ABOUT_MEMBER = {
    "income",
    "coverage_gained",
    "coverage_lost",
    "immigration",
    "incarceration",
    "incarceration_ended",
    "tobacco",
}
HOUSEHOLD = NEW_PERSON | LEAVING
#: Changes to a person's other coverage: checked against the coverage data (45 CFR
#: 155.320(b)) for the person they are about (155.330(c)(1)).
COVERAGE_CHANGES = {"coverage_gained", "coverage_lost"}

#: Other coverage a person reports gaining (45 CFR 155.305(f)(1)(ii)(B): minimum essential
#: coverage other than individual market coverage ends APTC eligibility).
COVERAGE = {
    "employer": _("An offer of employer coverage"),
    "medicare": _("Medicare"),
    "medicaid": _("Medicaid or CHIP"),
    "other": _("Other coverage (TRICARE, VA, retiree plan, ...)"),
}


def label(kind: str) -> str:
    return str(KINDS.get(kind) or OWN_PAGE.get(kind, kind))
