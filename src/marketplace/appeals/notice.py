"""The appeal notices, one kind ("appeal") with a step each, in English and Spanish:

- received: the acknowledgement of a valid request (45 CFR 155.520(d)(1)), saying whether
  eligibility is kept while the appeal is decided (155.525) and what changed because of it;
- hearing: the date, time and manner of the hearing, at least 15 days ahead (155.535(a));
- decision: the decision in plain language, its reasons and the right to seek review by HHS
  (155.545(b));
- implemented: the decision carried out, with the changes to coverage (155.545(c));
- dismissed: the dismissal of a withdrawn appeal (155.530(b)).

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
STEPS = ("received", "hearing", "decision", "implemented", "dismissed")

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


def build(notice_id: str, language: str, context: dict) -> dict:
    appeal = context.get("appeal")
    step = context.get("step")
    if not isinstance(appeal, dict) or step not in STEPS:
        raise BadContext("an appeal notice needs the appeal and its step")
    data = common(notice_id, language, context)
    w = WORDS[language]
    lines: list[str] = []
    if step == "received":
        lines.append(w["intro_received"].format(notice_date=_day(appeal["notice_date"], language)))
        if appeal.get("keep_eligibility"):
            lines.append(w["kept"] if appeal.get("kept") else w["kept_none"])
        else:
            lines.append(w["not_kept"])
    elif step == "hearing":
        at = datetime.fromisoformat(appeal["hearing_at"])
        when = f"{long_date(at.date(), language)} {at:%H:%M}"
        mode = w["modes"].get(appeal.get("hearing_mode"), "")
        lines.append(w["intro_hearing"].format(when=when, mode=mode))
    elif step == "decision":
        lines.append(w[appeal["outcome"]])
        if "income" in (appeal.get("corrections") or {}):
            lines.append(w["found_income"].format(amount=money(appeal["corrections"]["income"])))
        lines.append(w["review"])
    elif step == "implemented":
        lines.append(w["intro_implemented"])
    else:
        lines.append(w["intro_dismissed"])
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
