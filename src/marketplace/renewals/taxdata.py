"""Tax data at renewal, only where the person allowed it (45 CFR 155.335(b), (k)).

155.335(b): for the annual redetermination the Exchange requests updated tax return
information "if the qualified individual has authorized the request of such tax return
information"; 155.335(k)(1): the authorization may be for up to five years, or fewer as the
person chooses, and may be changed or withdrawn at any time. The application's signature page
asks for how many years (none, or one to five: `Application.renewal_years`), and the page
"Your tax data and renewals" changes it (ADR 0840); an authorization for N years given for
coverage year C covers the renewals for C+1 to C+N (`Application.renewal_authorized_through`).

- Without that authorization no tax data is requested at all; the renewal uses the income
  on the application and the notice says so.
- With it, the household's tax filers' income for the tax year two before the new plan
  year (the latest return on file in the fall) is requested from the income data source
  (IRS, through the data services: `verifications.checks.check_income`, the same check and
  reasonable-compatibility test as at application, 45 CFR 155.320(c)(1), (c)(3)). The
  renewal still determines with the attested projected income (the tax data is a past
  year's; 155.320(c)(3)(vi): an attestation not reasonably compatible is kept while it is
  resolved), and the notice says what the tax data showed.
- Not reasonably compatible: an income inconsistency, as at application (155.320(c)(3)(vi),
  155.315(f)): the plan names the verification item the renewal opens
  (`verifications.renewal.open_income_items`, in the renewal's transaction) with its id and
  due date, 90 days from the notice plus 5 for the mail (`verifications.deadlines`); the
  renewal notice asks for documents by then with a link to the upload page. An income item
  still pending from before is not opened again: the notice points to it and its own date.
- No tax data (the IRS confirms it holds no return for the household's filers): the rule in
  force for the plan year decides (verifications/data/income_without_tax_data.yaml,
  docs/adr/0812): `accept`, the attested income is accepted without further verification
  (45 CFR 155.320(c)(5)) and the notice says so; `verify`, the renewal opens an income item
  as for incompatible data, with no amount from the data source (at the deadline,
  155.320(c)(3)(vi)(G)).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from marketplace.applications.models import Application, Member
from marketplace.core import clock
from marketplace.dataservices.registry import services
from marketplace.verifications import checks
from marketplace.verifications.deadlines import due_date
from marketplace.verifications.models import ItemStatus, ItemType, VerificationItem

NO_CONSENT = "no_consent"
COMPATIBLE = "compatible"
NOT_COMPATIBLE = "not_compatible"
NO_DATA = "no_data"
UNAVAILABLE = "unavailable"


def consented(application: Application, to_year: int) -> bool:
    """Whether the person allowed the use of their tax data to renew for `to_year`."""
    through = application.renewal_authorized_through
    return bool(application.renewal_years) and through is not None and to_year <= through


def _money(value) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def consult(application: Application, members: list[Member], data: dict, to_year: int) -> dict:
    """What the renewal learned from tax data (stored in `Renewal.detail["tax_data"]`):
    `members` in the rules input's order, `data` the renewal's rules input."""
    attested = Decimal(str(data.get("income", 0) or 0))
    tax_year = to_year - 2
    out = {"tax_year": tax_year, "income": _money(attested)}
    if not consented(application, to_year):
        return {**out, "outcome": NO_CONSENT}
    if application.renewal_authorized_through == to_year:  # its last year: the notice says so
        out["authorization_ends"] = True
    filers = checks.income_filers(members)
    if not filers:
        return {**out, "outcome": NO_DATA}
    findings = [
        f for f in checks.check_income(services(), filers, attested, tax_year) if f.type == "income"
    ]
    if not findings:
        return {**out, "outcome": COMPATIBLE}
    finding = findings[0]
    if finding.unavailable:
        return {**out, "outcome": UNAVAILABLE}
    if finding.accepted:  # the dated rule, applied in checks.check_income
        return {**out, "outcome": NO_DATA, "accepted": "45 CFR 155.320(c)(5)"}
    if finding.data_income is None:
        return {**out, "outcome": NO_DATA, "verification": verification(application)}
    return {
        **out,
        "outcome": NOT_COMPATIBLE,
        "reported": _money(finding.data_income),
        "verification": verification(application),
    }


def verification(application: Application) -> dict:
    """The income verification item the renewal asks documents for (45 CFR 155.315(f),
    155.320(c)(3)(vi)): one still pending on the application (its own due date: the 90 days
    run from the notice that first asked), or the one the renewal will open today."""
    pending = (
        VerificationItem.objects.filter(
            application=application,
            type=ItemType.INCOME,
            status__in=(ItemStatus.OPEN, ItemStatus.DOCUMENT_SUBMITTED),
        )
        .order_by("due_date", "id")
        .first()
    )
    if pending is not None:
        return {
            "public_id": str(pending.public_id),
            "due_date": pending.due_date.isoformat(),
            "opened": False,
        }
    return {
        "public_id": str(uuid.uuid4()),
        "due_date": due_date(clock.today()).isoformat(),
        "opened": True,
    }
