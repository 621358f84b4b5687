"""The appeal notices, one kind ("appeal") with a step each, in English and Spanish:

- received: the acknowledgement of a valid request (45 CFR 155.520(d)(1)), saying whether
  eligibility is kept while the appeal is decided (155.525) and what changed because of it;
- hearing: the date, time and manner of the hearing, at least 15 days ahead (155.535(a));
- decision: the decision in plain language, its reasons and the right to seek review by HHS
  (155.545(b));
- implemented: the decision carried out, with the changes to coverage (155.545(c));
- dismissed: the dismissal of a withdrawn appeal (155.530(b));
- expedited_granted: the expedited appeal granted, with the date the decision is due
  (155.540(a), 155.545(b)(3));
- expedited_denied: the request for an expedited appeal denied, with the reason, the move
  to the standard process and the rights under it (155.540(b)(2));
- informal_resolved / informal_unresolved: the outcome of informal resolution; accepted, the
  appeal ends; not accepted, it goes on to the hearing, which the person keeps (155.535(a)).

Registered as notice kind "appeal" in the notices app's BUILDERS (its `issue_notice` takes
any registered kind).
"""

from __future__ import annotations

from datetime import date, datetime

from marketplace.core import clock
from marketplace.notices import actions as notices
from marketplace.notices.content import BUILDERS, BadContext, common, money
from marketplace.notices.text import long_date

KIND = "appeal"
TEMPLATE = "appeals/notices/appeal.html"
STEPS = (
    "received",
    "hearing",
    "decision",
    "implemented",
    "dismissed",
    "expedited_granted",
    "expedited_denied",
    "informal_resolved",
    "informal_unresolved",
)

WORDS = {
    "en": {
        "number": "Appeal number",
        "received_on": "Received on",
        "title_received": "We received your appeal",
        "intro_received": "We received your request to appeal our decision of {notice_date}. "
        "A hearing officer who took no part in that decision will review it.",
        "kept": "You asked to keep your eligibility while your appeal is decided. You keep the "
        "eligibility you had before the decision you appealed until the appeal is "
        "decided. If the appeal decision is not in your favour, you may have to pay "
        "back premium tax credit you get in the meantime when you file your taxes.",
        "kept_none": "You asked to keep your eligibility while your appeal is decided. The "
        "decision you appealed was your first one, so there is no earlier "
        "eligibility to keep.",
        "not_kept": "Your eligibility stays as we decided it while your appeal is decided.",
        "title_hearing": "Your appeal hearing",
        "intro_hearing": "Your hearing is on {when}, {mode}. You may bring anyone to help "
        "you, and you may look at your case file before the hearing.",
        "title_decision": "The decision on your appeal",
        "upheld": "The hearing officer decided that our decision stands.",
        "changed": "The hearing officer decided that our decision must change.",
        "reasons": "Reasons",
        "found_income": "The household's yearly income is {amount}.",
        "review": "If you disagree, you can ask the U.S. Department of Health and Human "
        "Services to review this decision within 30 days of this notice.",
        "title_implemented": "Your appeal decision is carried out",
        "intro_implemented": "We carried out the decision on your appeal. Your eligibility "
        "notice and your coverage show the result.",
        "title_dismissed": "Your appeal is closed",
        "intro_dismissed": "You withdrew your appeal, so we closed it. Our earlier decision "
        "stands.",
        "changes": "Changes to your coverage",
        "aptc_change": "Policy {policy_id}: premium tax credit {old} a month becomes {new} a "
        "month from {effective}.",
        "other_change": "Policy {policy_id}: changed; see My coverage.",
        "hhs_tell": "If you ask HHS to review it, please tell us the date you asked, so your "
        "case shows it.",
        "title_expedited_granted": "Your appeal will be decided quickly",
        "intro_expedited_granted": "You asked for an expedited appeal because waiting could "
        "seriously harm your health. We agreed. We will decide your appeal as quickly as your "
        "health needs, and no later than {due}.",
        "title_expedited_denied": "Your appeal will be decided in the usual time",
        "intro_expedited_denied": "You asked for an expedited appeal. We did not agree that "
        "waiting for the usual process could seriously harm your health.",
        "denial_reason": "Why: {reason}",
        "standard": "Your appeal goes on in the standard process. You keep all your rights in "
        "it: a hearing, seeing your case file, bringing anyone to help you, and a written "
        "decision within 90 days of the day we received your appeal.",
        "title_informal_resolved": "Your appeal is resolved",
        "intro_informal_resolved": "Before a hearing, we reviewed your appeal with you and you "
        "accepted the result, so your appeal is closed.",
        "outcome": "Result: {outcome}",
        "title_informal_unresolved": "Your appeal goes on to a hearing",
        "intro_informal_unresolved": "Before a hearing, we reviewed your appeal with you, and "
        "you did not accept the result. You keep your right to a hearing: we will send you its "
        "date and time.",
        "modes": {"phone": "by telephone", "video": "by video", "in_person": "in person"},
    },
    "es": {
        "number": "Número de apelación",
        "received_on": "Recibida el",
        "title_received": "Recibimos su apelación",
        "intro_received": "Recibimos su solicitud de apelar nuestra decisión del {notice_date}. "
        "Un funcionario de audiencias que no participó en esa decisión la "
        "revisará.",
        "kept": "Usted pidió mantener su elegibilidad mientras se decide su apelación. Usted "
        "mantiene la elegibilidad que tenía antes de la decisión que apeló hasta que "
        "se decida la apelación. Si la decisión no le favorece, es posible que tenga "
        "que devolver el crédito fiscal que reciba mientras tanto al declarar sus "
        "impuestos.",
        "kept_none": "Usted pidió mantener su elegibilidad mientras se decide su apelación. La "
        "decisión que apeló fue la primera, así que no hay una elegibilidad "
        "anterior que mantener.",
        "not_kept": "Su elegibilidad sigue como la decidimos mientras se decide su apelación.",
        "title_hearing": "Su audiencia de apelación",
        "intro_hearing": "Su audiencia es el {when}, {mode}. Puede traer a quien le ayude y "
        "puede ver su expediente antes de la audiencia.",
        "title_decision": "La decisión sobre su apelación",
        "upheld": "El funcionario de audiencias decidió que nuestra decisión se mantiene.",
        "changed": "El funcionario de audiencias decidió que nuestra decisión debe cambiar.",
        "reasons": "Razones",
        "found_income": "El ingreso anual del hogar es {amount}.",
        "review": "Si no está de acuerdo, puede pedir al Departamento de Salud y Servicios "
        "Humanos de los EE. UU. que revise esta decisión dentro de los 30 días "
        "siguientes a este aviso.",
        "title_implemented": "Se cumplió la decisión de su apelación",
        "intro_implemented": "Cumplimos la decisión de su apelación. Su aviso de elegibilidad "
        "y su cobertura muestran el resultado.",
        "title_dismissed": "Su apelación está cerrada",
        "intro_dismissed": "Usted retiró su apelación, así que la cerramos. Nuestra decisión "
        "anterior se mantiene.",
        "changes": "Cambios en su cobertura",
        "aptc_change": "Póliza {policy_id}: el crédito fiscal de {old} al mes pasa a {new} al "
        "mes desde el {effective}.",
        "other_change": "Póliza {policy_id}: cambió; vea Mi cobertura.",
        "hhs_tell": "Si pide esa revisión al HHS, díganos la fecha en que la pidió para que "
        "conste en su caso.",
        "title_expedited_granted": "Su apelación se decidirá rápidamente",
        "intro_expedited_granted": "Usted pidió una apelación acelerada porque esperar podría "
        "dañar gravemente su salud. Estuvimos de acuerdo. Decidiremos su apelación tan rápido "
        "como lo requiera su salud, y a más tardar el {due}.",
        "title_expedited_denied": "Su apelación se decidirá en el plazo habitual",
        "intro_expedited_denied": "Usted pidió una apelación acelerada. No estuvimos de acuerdo "
        "en que esperar el proceso habitual pudiera dañar gravemente su salud.",
        "denial_reason": "Motivo: {reason}",
        "standard": "Su apelación sigue en el proceso habitual. Usted mantiene todos sus "
        "derechos en él: una audiencia, ver su expediente, traer a quien le ayude y una "
        "decisión por escrito dentro de los 90 días siguientes a la fecha en que recibimos su "
        "apelación.",
        "title_informal_resolved": "Su apelación está resuelta",
        "intro_informal_resolved": "Antes de una audiencia, revisamos su apelación con usted y "
        "usted aceptó el resultado, así que su apelación está cerrada.",
        "outcome": "Resultado: {outcome}",
        "title_informal_unresolved": "Su apelación sigue a una audiencia",
        "intro_informal_unresolved": "Antes de una audiencia, revisamos su apelación con usted "
        "y usted no aceptó el resultado. Usted mantiene su derecho a una audiencia: le "
        "enviaremos la fecha y la hora.",
        "modes": {"phone": "por teléfono", "video": "por video", "in_person": "en persona"},
    },
}


def _day(raw: str, language: str) -> str:
    return long_date(date.fromisoformat(raw), language)


def _change(change: dict, w: dict, language: str) -> str:
    if change.get("kind") == "aptc":
        return w["aptc_change"].format(
            policy_id=change.get("policy_id", ""),
            old=money(change.get("old")),
            new=money(change.get("new")),
            effective=_day(change["effective"], language),
        )
    return w["other_change"].format(policy_id=change.get("policy_id", ""))


def _received(appeal: dict, w: dict, language: str) -> list[str]:
    lines = [w["intro_received"].format(notice_date=_day(appeal["notice_date"], language))]
    if appeal.get("keep_eligibility"):
        lines.append(w["kept"] if appeal.get("kept") else w["kept_none"])
    else:
        lines.append(w["not_kept"])
    return lines


def _hearing(appeal: dict, w: dict, language: str) -> list[str]:
    at = datetime.fromisoformat(appeal["hearing_at"])
    when = f"{long_date(at.date(), language)} {at:%H:%M}"
    mode = w["modes"].get(appeal.get("hearing_mode"), "")
    return [w["intro_hearing"].format(when=when, mode=mode)]


def _decision(appeal: dict, w: dict, language: str) -> list[str]:
    lines = [w[appeal["outcome"]]]
    if "income" in (appeal.get("corrections") or {}):
        lines.append(w["found_income"].format(amount=money(appeal["corrections"]["income"])))
    return [*lines, w["review"], w["hhs_tell"]]


def _expedited(appeal: dict, w: dict, language: str, granted: bool) -> list[str]:
    if granted:
        due = _day(appeal["expedited_due"], language)
        return [w["intro_expedited_granted"].format(due=due)]
    reason = w["denial_reason"].format(reason=appeal.get("expedited_reason", ""))
    return [w["intro_expedited_denied"], reason, w["standard"]]


def _informal(appeal: dict, w: dict, accepted: bool) -> list[str]:
    outcome = w["outcome"].format(outcome=appeal.get("informal_outcome", ""))
    if accepted:
        return [w["intro_informal_resolved"], outcome]
    return [w["intro_informal_unresolved"], outcome]


def _lines(step: str, appeal: dict, w: dict, language: str) -> list[str]:
    steps = {
        "received": lambda: _received(appeal, w, language),
        "hearing": lambda: _hearing(appeal, w, language),
        "decision": lambda: _decision(appeal, w, language),
        "implemented": lambda: [w["intro_implemented"]],
        "dismissed": lambda: [w["intro_dismissed"]],
        "expedited_granted": lambda: _expedited(appeal, w, language, True),
        "expedited_denied": lambda: _expedited(appeal, w, language, False),
        "informal_resolved": lambda: _informal(appeal, w, True),
        "informal_unresolved": lambda: _informal(appeal, w, False),
    }
    return steps[step]()


def build(notice_id: str, language: str, context: dict) -> dict:
    appeal = context.get("appeal")
    step = context.get("step")
    if not isinstance(appeal, dict) or step not in STEPS:
        raise BadContext("an appeal notice needs the appeal and its step")
    data = common(notice_id, language, context)
    w = WORDS[language]
    lines = _lines(step, appeal, w, language)
    data.update(
        {
            "title": w[f"title_{step}"],
            "w": w,
            "rows": [
                (w["number"], appeal["number"]),
                (w["received_on"], _day(appeal["received_on"], language)),
            ],
            "lines": lines,
            "reasons": appeal.get("decision_text", "") if step == "decision" else "",
            "changes": [_change(c, w, language) for c in context.get("changes") or []],
        }
    )
    return data


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))


def context_for(appeal, step: str, changes: list[dict] | None = None) -> dict:
    application = appeal.application
    return {
        "step": step,
        "date": clock.today().isoformat(),
        "name": (application.applicant.name if application.applicant else ""),
        "address": {
            "street": application.street,
            "city": application.city,
            "state": application.state,
            "zipcode": application.zipcode,
        },
        "appeal": {
            "public_id": str(appeal.public_id),
            "number": appeal.number,
            "notice_date": appeal.notice_date.isoformat(),
            "received_on": appeal.received_on.isoformat(),
            "keep_eligibility": appeal.keep_eligibility,
            "kept": appeal.pending_determination_id is not None,
            "hearing_at": clock.local(appeal.hearing_at).isoformat() if appeal.hearing_at else None,
            "hearing_mode": appeal.hearing_mode,
            "outcome": appeal.outcome,
            "decision_text": appeal.decision_text,
            "corrections": appeal.corrections,
            "expedited_due": appeal.expedited_due.isoformat() if appeal.expedited_due else None,
            "expedited_reason": appeal.expedited_reason,
            "informal_outcome": appeal.informal_outcome,
        },
        "changes": changes or [],
    }


def issue(appeal, step: str, *, actor=None, changes: list[dict] | None = None):
    """Queue the step's notice in the caller's transaction, in the appellant's language."""
    user = appeal.appellant
    return notices.issue_notice(
        user=user,
        kind=KIND,
        context=context_for(appeal, step, changes),
        language=getattr(user, "preferred_language", "en") or "en",
        actor=actor,
        related_object=appeal,
    )
