"""The enrollment confirmation notice (45 CFR 155.230; 155.400(d): the exchange tells the
enrollee what was sent to the issuer). Rendered to PDF by the notices app in the person's
language; the text and template live here, registered as notice kind "enrollment_confirmation"
in the notices app's BUILDERS (its `issue_notice` takes any registered kind).
"""

from __future__ import annotations

from datetime import date

from marketplace.notices import actions as notices
from marketplace.notices.content import BUILDERS, BadContext, common, money
from marketplace.notices.text import long_date

KIND = "enrollment_confirmation"
TEMPLATE = "enrollment/notices/confirmation.html"

WORDS = {
    "en": {
        "title": "Your enrollment is confirmed",
        "intro": "You selected a health plan for {year}. We sent your enrollment to {issuer}.",
        "plan": "Plan",
        "plan_id": "Plan ID",
        "policy": "Enrollment (policy) ID",
        "start": "Coverage starts",
        "premium": "Monthly premium",
        "aptc": "Premium tax credit you chose to apply each month",
        "net": "Your monthly premium after the credit",
        "members": "People covered",
        "state": "State help from {program} each month",
        "net_state": "Your monthly premium after the credit and the state help",
        "pay_heading": "Pay your first premium",
        "pay_text": "Your coverage starts only after {issuer} receives your first month's "
        "premium. The insurance company will send you a bill. Pay it by the due "
        "date on the bill.",
        "tax_heading": "Premium tax credit",
        "tax_text": "You agreed to file a federal income tax return for {year} and to "
        "reconcile the tax credit paid for you in advance (IRS Form 8962).",
        "cancel_text": "You can cancel before coverage starts, or end your coverage later, on "
        "the My coverage page.",
    },
    "es": {
        "title": "Su inscripción está confirmada",
        "intro": "Usted eligió un plan de salud para {year}. Enviamos su inscripción a {issuer}.",
        "plan": "Plan",
        "plan_id": "ID del plan",
        "policy": "ID de la inscripción (póliza)",
        "start": "La cobertura comienza",
        "premium": "Prima mensual",
        "aptc": "Crédito fiscal que eligió aplicar cada mes",
        "net": "Su prima mensual después del crédito",
        "members": "Personas cubiertas",
        "state": "Ayuda del estado de {program} cada mes",
        "net_state": "Su prima mensual después del crédito y de la ayuda del estado",
        "pay_heading": "Pague su primera prima",
        "pay_text": "Su cobertura comienza solo después de que {issuer} reciba la prima del "
        "primer mes. La compañía de seguros le enviará una factura. Páguela antes "
        "de la fecha de vencimiento.",
        "tax_heading": "Crédito fiscal para la prima",
        "tax_text": "Usted aceptó presentar una declaración federal de impuestos de {year} y "
        "conciliar el crédito pagado por adelantado (Formulario 8962 del IRS).",
        "cancel_text": "Puede cancelar antes de que comience la cobertura, o terminarla más "
        "adelante, en la página Mi cobertura.",
    },
}


def build(notice_id: str, language: str, context: dict) -> dict:
    enrollment = context.get("enrollment")
    if not isinstance(enrollment, dict) or "policy_id" not in enrollment:
        raise BadContext("an enrollment confirmation needs the enrollment")
    data = common(notice_id, language, context)
    w = WORDS[language]
    issuer, year = enrollment["issuer"], enrollment["year"]
    data.update(
        {
            "title": w["title"],
            "intro": w["intro"].format(year=year, issuer=issuer),
            "w": w,
            "rows": [
                (w["plan"], enrollment["plan_name"]),
                (w["plan_id"], enrollment["plan_id"]),
                (w["policy"], enrollment["policy_id"]),
                (w["start"], long_date(date.fromisoformat(enrollment["coverage_start"]), language)),
                (w["premium"], money(enrollment["premium"])),
                (w["aptc"], money(enrollment["elected_aptc"])),
                *_state_rows(w, enrollment),
            ],
            "members": enrollment.get("members", []),
            "pay_text": w["pay_text"].format(issuer=issuer),
            "tax_text": w["tax_text"].format(year=year),
            "has_aptc": enrollment.get("elected_aptc") not in (None, "0", "0.00"),
        }
    )
    return data


def _state_rows(w: dict, enrollment: dict) -> list[tuple[str, str]]:
    """The state's help (ConnectorCare, Vermont Premium Assistance) and what is left to pay;
    a notice issued before the state's help was stored has neither key."""
    state = enrollment.get("state_subsidy")
    if state in (None, "", "0", "0.00"):
        return [(w["net"], money(enrollment["premium_after_credit"]))]
    program = enrollment.get("state_program_name") or ""
    return [
        (w["state"].format(program=program), money(state)),
        (w["net_state"], money(enrollment["premium_after_credit"])),
    ]


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))


def context_for(enrollment, members=None) -> dict:
    """What the confirmation shows; `members`: the policy's, subscriber first, when at hand."""
    members = list(enrollment.members.all()) if members is None else members
    return {
        "name": f"{members[0].name}" if enrollment.pk and members else "",
        "address": {
            "street": enrollment.street,
            "city": enrollment.city,
            "state": enrollment.state,
            "zipcode": enrollment.zipcode,
        },
        "enrollment": {
            "public_id": str(enrollment.public_id),
            "policy_id": enrollment.policy_id,
            "plan_id": enrollment.plan_id,
            "plan_name": enrollment.plan_name,
            "issuer": enrollment.issuer.name,
            "year": enrollment.coverage_year,
            "coverage_start": enrollment.coverage_start.isoformat(),
            "premium": str(enrollment.premium),
            "elected_aptc": str(enrollment.elected_aptc),
            "premium_after_credit": str(enrollment.premium_after_credit),
            "state_subsidy": str(enrollment.state_subsidy),
            "state_program_name": enrollment.state_program_name,
            "members": [m.name for m in members],
        },
    }


def issue(enrollment, *, actor=None):
    """Queue the confirmation in the caller's (the checkout's) transaction."""
    return notices.issue_notice(
        user=enrollment.owner,
        kind=KIND,
        context=context_for(enrollment),
        language=enrollment.language,
        actor=actor,
        related_object=enrollment,
    )
