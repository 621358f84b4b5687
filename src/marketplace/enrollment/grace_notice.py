"""The notices of a grace period for non-payment, in English and Spanish (45 CFR 155.230;
155.430(d)(4)-(5) and 156.270(b): the enrollee is told the termination date and reason).

Four kinds, registered with the notices app's BUILDERS (its `issue_notice` renders the PDF,
mails it to people who chose paper and e-mails the others, as for every notice):

- `grace_period`: a premium is overdue; how long the grace period lasts, what is owed by
  when, and the day coverage ends if it stays unpaid. One at the start of each month of
  grace (`month`).
- `grace_paid`: the payment arrived; the grace period is over.
- `nonpayment_termination`: the grace period ran out; the last day of coverage.
- `coverage_reinstated`: everything owed was paid after the termination; coverage goes on.

The context is a snapshot taken when the notice is issued, so the PDF never changes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from marketplace.notices import actions as notices
from marketplace.notices.content import BUILDERS, BadContext, common, money
from marketplace.notices.text import long_date

STARTED, REMINDER, PAID, TERMINATED, REINSTATED = (
    "started",
    "reminder",
    "paid",
    "terminated",
    "reinstated",
)
KINDS = {
    STARTED: "grace_period",
    REMINDER: "grace_period",
    PAID: "grace_paid",
    TERMINATED: "nonpayment_termination",
    REINSTATED: "coverage_reinstated",
}
TEMPLATE = "enrollment/notices/grace.html"

WORDS = {
    "en": {
        "grace_period": "Your premium payment is overdue",
        "grace_paid": "We received your premium payment",
        "nonpayment_termination": "Your coverage ended because premiums were not paid",
        "coverage_reinstated": "Your coverage is back",
        "intro_grace": "{issuer} told us that your premium for {first} was not paid. You "
        "are in a grace period of {months} month(s) for your {plan} coverage (policy "
        "{policy}). This is month {month} of the grace period.",
        "owed": "To keep your coverage, pay everything you owe to {issuer} by {grace_end}. "
        "Your share of the premium is {monthly} a month.",
        "aptc_rule": "Because you get a premium tax credit, the grace period is three "
        "months (45 CFR 156.270(d)). Your insurance company pays claims for the first "
        "month and may hold claims for the second and third months until you pay.",
        "state_rule": "Your grace period follows the state's rule: {citation}",
        "if_unpaid": "If you do not pay everything you owe by {grace_end}, your coverage "
        "will end on {end}. You would not be able to enroll again until the next open "
        "enrollment period unless you have a special enrollment period.",
        "intro_paid": "{issuer} told us that your premiums are paid through {paid}. Your "
        "grace period is over and your {plan} coverage (policy {policy}) continues.",
        "intro_terminated": "The grace period for your {plan} coverage (policy {policy}) "
        "ended on {grace_end} without full payment. Your coverage ended on {end} (45 CFR "
        "155.430(b)(2)(ii)). We told {issuer}.",
        "terminated_tax": "If you got a premium tax credit, your Form 1095-A will show "
        "the months you were covered.",
        "intro_reinstated": "{issuer} told us that everything you owed was paid through "
        "{paid}. Your {plan} coverage (policy {policy}) is back, with no gap from "
        "{start}. We told {issuer}.",
        "questions": "Questions? Call us or see My coverage in your account. You may "
        "appeal this decision within 90 days of this notice.",
    },
    "es": {
        "grace_period": "Su pago de la prima está atrasado",
        "grace_paid": "Recibimos el pago de su prima",
        "nonpayment_termination": "Su cobertura terminó porque no se pagaron las primas",
        "coverage_reinstated": "Su cobertura se restableció",
        "intro_grace": "{issuer} nos informó que no se pagó su prima de {first}. Usted "
        "está en un período de gracia de {months} mes(es) para su cobertura {plan} "
        "(póliza {policy}). Este es el mes {month} del período de gracia.",
        "owed": "Para mantener su cobertura, pague todo lo que debe a {issuer} antes del "
        "{grace_end}. Su parte de la prima es {monthly} al mes.",
        "aptc_rule": "Como usted recibe un crédito fiscal para la prima, el período de "
        "gracia es de tres meses (45 CFR 156.270(d)). Su compañía de seguros paga las "
        "reclamaciones del primer mes y puede retener las del segundo y tercer mes hasta "
        "que usted pague.",
        "state_rule": "Su período de gracia sigue la regla del estado: {citation}",
        "if_unpaid": "Si no paga todo lo que debe antes del {grace_end}, su cobertura "
        "terminará el {end}. No podría inscribirse de nuevo hasta el próximo período de "
        "inscripción abierta, salvo que tenga un período de inscripción especial.",
        "intro_paid": "{issuer} nos informó que sus primas están pagadas hasta el {paid}. "
        "Su período de gracia terminó y su cobertura {plan} (póliza {policy}) continúa.",
        "intro_terminated": "El período de gracia de su cobertura {plan} (póliza "
        "{policy}) terminó el {grace_end} sin el pago completo. Su cobertura terminó el "
        "{end} (45 CFR 155.430(b)(2)(ii)). Se lo informamos a {issuer}.",
        "terminated_tax": "Si recibió un crédito fiscal para la prima, su Formulario "
        "1095-A mostrará los meses en que tuvo cobertura.",
        "intro_reinstated": "{issuer} nos informó que se pagó todo lo que debía hasta el "
        "{paid}. Su cobertura {plan} (póliza {policy}) se restableció, sin interrupción "
        "desde el {start}. Se lo informamos a {issuer}.",
        "questions": "¿Preguntas? Llámenos o vea Mi cobertura en su cuenta. Puede apelar "
        "esta decisión dentro de los 90 días siguientes a la fecha de este aviso.",
    },
}


def _day(context: dict, key: str, language: str) -> str:
    raw = context.get(key)
    if not raw:
        return ""
    return long_date(date.fromisoformat(raw), language)


def _month_name(raw: str, language: str) -> str:
    text = long_date(date.fromisoformat(raw), language)
    return text.split(" ", 2)[-1] if language == "es" else f"{text.split()[0]} {raw[:4]}"


def build(notice_id: str, language: str, context: dict) -> dict:
    grace, policy = context.get("grace"), context.get("enrollment")
    if not isinstance(grace, dict) or not isinstance(policy, dict) or "event" not in grace:
        raise BadContext("a grace period notice needs the grace period and the policy")
    data = common(notice_id, language, context)
    w = WORDS[language]
    values = {
        "issuer": policy["issuer"],
        "plan": policy["plan_name"],
        "policy": policy["policy_id"],
        "start": _day(policy, "coverage_start", language),
        "first": _month_name(grace["first_unpaid"], language),
        "months": grace["months"],
        "month": grace.get("month") or 1,
        "grace_end": _day(grace, "grace_end", language),
        "end": _day(grace, "coverage_end", language),
        "paid": _day(grace, "paid_through", language),
        "monthly": money(Decimal(policy["premium_after_credit"])),
        "citation": grace.get("citation", ""),
    }
    event = grace["event"]
    if event in (STARTED, REMINDER):
        paragraphs = [
            w["intro_grace"],
            w["owed"],
            w["aptc_rule"] if grace["kind"] == "aptc" else w["state_rule"],
            w["if_unpaid"],
        ]
    elif event == PAID:
        paragraphs = [w["intro_paid"]]
    elif event == TERMINATED:
        paragraphs = [w["intro_terminated"], w["terminated_tax"]]
    else:
        paragraphs = [w["intro_reinstated"]]
    data.update(
        {
            "title": w[KINDS[event]],
            "paragraphs": [p.format(**values) for p in [*paragraphs, w["questions"]]],
        }
    )
    return data


def register() -> None:
    for kind in set(KINDS.values()):
        BUILDERS.setdefault(kind, (TEMPLATE, build))


def context_for(enrollment, grace, event: str, month: int | None = None) -> dict:
    first = enrollment.members.first()
    return {
        "name": first.name if first is not None else "",
        "address": {
            "street": enrollment.street,
            "city": enrollment.city,
            "state": enrollment.state,
            "zipcode": enrollment.zipcode,
        },
        "enrollment": {
            "public_id": str(enrollment.public_id),
            "policy_id": enrollment.policy_id,
            "plan_name": enrollment.plan_name,
            "issuer": enrollment.issuer.name,
            "year": enrollment.coverage_year,
            "coverage_start": enrollment.coverage_start.isoformat(),
            "premium_after_credit": str(enrollment.premium_after_credit),
        },
        "grace": {
            "event": event,
            "kind": grace.kind,
            "month": month,
            "months": int(grace.rule.get("months", 1)),
            "first_unpaid": grace.first_unpaid.isoformat(),
            "grace_end": grace.grace_end.isoformat(),
            "coverage_end": grace.coverage_end.isoformat(),
            "paid_through": grace.paid_through.isoformat() if grace.paid_through else None,
            "citation": grace.rule.get("citation", ""),
        },
    }


def issue(enrollment, grace, event: str, *, month: int | None = None):
    """Queue the notice in the caller's transaction, in the enrollment's language."""
    return notices.issue_notice(
        user=enrollment.owner,
        kind=KINDS[event],
        context=context_for(enrollment, grace, event, month),
        language=enrollment.language,
        related_object=enrollment,
    )
