"""What is still missing before an application can be submitted: (step, message) pairs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.applications.models import (
    Application,
    FilingStatus,
    Relationship,
    Step,
    TaxRole,
)


def problems(application: Application, members=None) -> list[tuple[str, str]]:
    """`members`: the application's, when at hand (a batch of new households)."""
    found: list[tuple[str, str]] = []
    members = list(application.members.all() if members is None else members)
    if not any(m.relationship == Relationship.SELF for m in members):
        found.append((Step.HOUSEHOLD, _("Add yourself to the household.")))
    if application.tax_filer is None or not application.filing_status:
        found.append((Step.TAX, _("Answer the tax filing questions.")))
    elif any(not m.tax_role for m in members):
        found.append((Step.TAX, _("Say how each person is on the tax return.")))
    elif application.filing_status == FilingStatus.MARRIED_JOINT and not any(
        m.tax_role == TaxRole.JOINT for m in members
    ):
        found.append((Step.TAX, _("Say which person files jointly with you.")))
    if not (application.street and application.city and application.zipcode):
        found.append((Step.ADDRESS, _("Give your home address.")))
    elif not application.countyfips:
        found.append((Step.ADDRESS, _("Choose your county.")))
    for member in members:
        if not member.details_done:
            found.append(
                (Step.DETAILS, _("Answer the questions about %(name)s.") % {"name": member.name})
            )
    if not application.reached(Step.SEEKING):
        found.append((Step.INCOME, _("Fill in the income page (enter 0 if no income).")))
    if not any(m.seeking_coverage for m in members) or not application.reached(Step.REVIEW):
        found.append((Step.SEEKING, _("Say who is asking for coverage.")))
    if not application.signature_name or not application.attest_true:
        found.append((Step.SIGN, _("Agree to the statements and sign with your full name.")))
    return found
