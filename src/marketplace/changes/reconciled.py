"""A tax filer says they have filed and reconciled (45 CFR 155.305(f)(4); docs/adr/0106).

When the IRS reports that advance payments of the premium tax credit were paid for a tax
filer who filed no return reconciling them (Form 8962), the result and the renewal say so.
The IRS's data lag behind a return just filed; CMS lets the tax filer attest, under penalty
of perjury, that they have filed and reconciled for those years, keeps (or restores) APTC on
that attestation and rechecks the IRS's data later (CMS, "IRS Data Recheck of Failure to
File and Reconcile", 2016; the FTR recheck notices of 2025). Neither the 2024 Payment Notice
nor the 2025 rule's FTR change (stayed) was found to forbid it.

`attest` is one reported change (changes/actions.report_change, one transaction under the
application's lock): the attestation stored with its audit row (`facts.attest_reconciled`),
the household redetermined without those years, the result applied to its policies from the
first of the next month (155.330(f)), the change's audit row and the eligibility notice.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.applications import reconcile
from marketplace.applications.models import Application
from marketplace.changes import actions
from marketplace.changes.kinds import RECONCILED
from marketplace.changes.models import ReportedChange
from marketplace.core import clock
from marketplace.determinations.ftr import other_filer


class ReconciledForm(forms.Form):
    attested = forms.BooleanField(
        label=_(
            "I filed a federal income tax return with Form 8962 for these years, reconciling "
            "the advance payments of the premium tax credit. I know that giving false "
            "information on purpose can lead to penalties under federal law."
        ),
        error_messages={"required": _("Check the box to say you filed and reconciled.")},
    )
    signature = forms.CharField(
        label=_("Your full name (your signature)"),
        max_length=200,
        error_messages={"required": _("Type your full name to sign.")},
    )


#: The attestation's words when the account holder attests for another tax filer of the
#: household, whose tax years the page does not show (docs/adr/0108): they say who filed.
OTHER_FILER_LABEL = _(
    "The tax filer in my household that the IRS's report is about has filed a federal income "
    "tax return with Form 8962 for the years in our letter to them, reconciling the advance "
    "payments of the premium tax credit. I know that giving false information on purpose can "
    "lead to penalties under federal law."
)
OTHER_FILER_REQUIRED = _("Check the box to say the tax filer filed and reconciled.")


def attestation_form(application: Application, data=None) -> ReconciledForm:
    """The attestation in the words that fit whose failure to file and reconcile it is."""
    form = ReconciledForm(data)
    if other_tax_filer(application):
        form.fields["attested"].label = OTHER_FILER_LABEL
        form.fields["attested"].error_messages["required"] = OTHER_FILER_REQUIRED
    return form


def years_to_attest(application: Application) -> list[int]:
    """The tax years the latest result names for a failure to file and reconcile."""
    latest = application.determinations.first()
    return reconcile.reported_years(latest.result) if latest is not None else []


def other_tax_filer(application: Application) -> bool:
    """The latest result's failure to file and reconcile is a tax filer's other than the
    account holder: the page names no tax years (the IRS's report is that tax filer's
    federal tax information, IRC 6103; determinations/ftr.py, docs/adr/0108). The account
    holder may still attest that the household's tax filer has filed and reconciled."""
    latest = application.determinations.first()
    return latest is not None and other_filer(latest.input_snapshot)


def _answered_year(application: Application) -> int:
    """The coverage year of the latest result: the year the attestation covers (and the
    earlier ones); the IRS is asked again from the next one (docs/adr/0107)."""
    latest = application.determinations.first()
    year = (latest.result.get("year") if latest is not None else None) or 0
    return int(year) or application.coverage_year


def attest(
    application: Application, *, signature: str, token, actor, ip_address: str | None = None
) -> ReportedChange:
    """The attestation for the years the latest result names, as one reported change."""
    years = years_to_attest(application)
    if not years:
        raise actions.ChangeError(
            "no_ftr", "Your latest result names no tax year to file and reconcile."
        )
    signed = " ".join(str(signature).split())[:200]
    if not signed:
        raise actions.ChangeError("signature", "Type your full name to sign.", "signature")
    return actions.report_change(
        application,
        kind=RECONCILED,
        event_date=clock.today(),
        details={
            "tax_years": years,
            "coverage_year": _answered_year(application),
            "signature": signed,
        },
        token=token,
        actor=actor,
        ip_address=ip_address,
    )
