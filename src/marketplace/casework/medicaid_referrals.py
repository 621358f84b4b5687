"""The household page's "Medicaid/CHIP referrals" section: each person the exchange referred
to the state agency (45 CFR 155.302(b)(3), 155.345(a); verifications/transfer.py), when the
account went out, and what the agency decided (changes/medicaid_decisions.py, docs/adr/0713),
so a caseworker can answer "did the agency decide?" on the phone. Verifications sit below
casework; this fills casework's own hook from `CaseworkConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.casework import household
from marketplace.core import clock
from marketplace.verifications.models import MedicaidReferral

ROWS = 100


def _person(referral: MedicaidReferral) -> str:
    if referral.member is not None:
        return referral.member.name
    return (referral.record.get("person") or {}).get("first_name") or "—"


def _decision(referral: MedicaidReferral) -> str:
    if not referral.decision:
        return str(_("waiting")) if referral.sent_at else str(_("not sent yet"))
    return str(referral.get_decision_display())


def _rows(owner, user) -> list[tuple]:
    referrals = (
        MedicaidReferral.objects.filter(application__owner=owner)
        .select_related("member")
        .order_by("-created_at", "-id")[:ROWS]
    )
    return [
        (
            _person(r),
            r.get_program_display(),
            household.short_day(clock.local_date(r.created_at)),
            household.short_day(clock.local_date(r.sent_at) if r.sent_at else None),
            _decision(r),
            household.short_day(r.decided_on),
            r.decision_reason or "—",
        )
        for r in referrals
    ]


def register() -> None:
    household.register_section(
        household.Section(
            key="medicaid_referrals",
            title=_("Medicaid/CHIP referrals"),
            columns=(
                _("Person"),
                _("Program"),
                _("Referred"),
                _("Sent to the agency"),
                _("Agency's decision"),
                _("Decided"),
                _("Agency's reason"),
            ),
            rows=_rows,
        )
    )
