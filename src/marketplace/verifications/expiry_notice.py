"""The eligibility-change notice sent when a verification deadline passes (notice kind
"eligibility_change").

45 CFR 155.315(f)(5) and 155.320(c)(3)(vi)(F)-(G) require notice of the new determination
"in accordance with § 155.310(g)"; 155.230(a) and (b) what a notice holds (the action, its
effective date, the reasons and citations, appeal rights) and 155.205(c) the person's
language. The notice says which items expired, what was used instead and why, each
person's result before and after, the policy changes with their dates (155.330(f)(1),
155.430(d)(3)) and the appeal rights (155.520(b), 155.525).

Words: `WORDS` here, English and complete Spanish with the same keys, plus the shared
letter words of `notices.text.TEXT` (appeal, help) through `notices.content.common`.
Registered into `notices.content.BUILDERS` from `VerificationsConfig.ready()`, as the
enrollment confirmation is (ADR 0800), so `issue_notice` needs no change. Only the stored
context is read: the results as stored, never a re-run.
"""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.notices.content import APPEAL_DAYS, BUILDERS, BadContext, common, money
from marketplace.notices.text import VERIFICATION_TEXT, long_date
from marketplace.verifications.expiry import reason_text

KIND = "eligibility_change"
TEMPLATE = "verifications/notices/eligibility_change.html"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your eligibility has changed",
        "intro": (
            "We asked you for documents to confirm information on your application for {year} "
            "coverage. We did not receive what we needed by the due date, so we made a new "
            "eligibility decision using the information from our data sources "
            "(45 CFR 155.315(f)(5) and 155.320(c)(3)(vi))."
        ),
        "expired_heading": "What we could not confirm",
        "item_person": "Person",
        "item_what": "Information",
        "item_due": "Due date that passed",
        "changed_heading": "What we used instead, and why",
        "results_heading": "Your results before and after this decision",
        "before": "Before",
        "after": "From {date}",
        "row_aptc": "Maximum premium tax credit per month for your household",
        "effective_heading": "When the change takes effect",
        "effective_text": (
            "This decision takes effect on {date}, the first day of the month after the date "
            "of this notice (45 CFR 155.330(f)(1))."
        ),
        "change_aptc": (
            "Policy {policy}: the premium tax credit paid to your insurance company changes "
            "from {old} to {new} a month starting {date}. You pay the difference."
        ),
        "change_end": (
            "Policy {policy}: coverage for {names} ends on {date}, because no one on it is "
            "eligible for a Marketplace plan any more (45 CFR 155.430(b)(2)(i), (d)(3))."
        ),
        "change_cancel": (
            "Policy {policy} for {names} is cancelled, so it never takes effect: no one on it "
            "is eligible for a Marketplace plan any more (45 CFR 155.430(b)(2)(i))."
        ),
        "change_review": (
            "Policy {policy}: {names} can no longer stay on this plan. A caseworker will "
            "update the policy and tell you the date their coverage ends; everyone else on "
            "it stays covered."
        ),
        "change_csr": (
            "Policy {policy}: the extra savings on deductibles and copays change from {old} "
            "to {new} starting {date}. A caseworker will move you to the matching version "
            "of your plan."
        ),
        "change_removed": (
            "Policy {policy}: coverage for {names} ends on {date}, because they are no longer "
            "eligible for a Marketplace plan (45 CFR 155.430(b)(2)(i), (d)(3)). Everyone else "
            "on the policy stays covered."
        ),
        "change_new_policy": (
            " From {start} the others are covered under policy {new_policy}, with the same "
            "plan and a new policy holder."
        ),
        "change_removed_cancel": (
            "Policy {policy}: {names} is taken off the policy from its start on {date}, so "
            "their coverage never takes effect, because they are no longer eligible for a "
            "Marketplace plan (45 CFR 155.430(b)(2)(i)). Everyone else on the policy stays "
            "covered."
        ),
        "change_csr_automated": (
            "Policy {policy}: the extra savings on deductibles and copays change from {old} "
            "to {new} starting {date}. From that day the same policy covers you under the "
            "matching version of your plan. What you already paid toward your "
            "deductible and out-of-pocket maximum this year still counts "
            "(45 CFR 156.425(b))."
        ),
        "csr_none": "none",
        "csr_level": "the {level}% level",
        "no_policy": "You are not enrolled in a plan, so no policy changes.",
        "documents_heading": "If you have the documents now",
        "documents_text": (
            "You can still send the documents, or report a change, in your account. If they "
            "show that you qualify, we will make a new decision."
        ),
    },
    "es": {
        "title": "Su elegibilidad cambió",
        "intro": (
            "Le pedimos documentos para confirmar información de su solicitud de cobertura "
            "para {year}. No recibimos lo que necesitábamos antes de la fecha límite, así que "
            "tomamos una nueva decisión de elegibilidad con la información de nuestras fuentes "
            "de datos (45 CFR 155.315(f)(5) y 155.320(c)(3)(vi))."
        ),
        "expired_heading": "Lo que no pudimos confirmar",
        "item_person": "Persona",
        "item_what": "Información",
        "item_due": "Fecha límite que pasó",
        "changed_heading": "Lo que usamos en su lugar y por qué",
        "results_heading": "Sus resultados antes y después de esta decisión",
        "before": "Antes",
        "after": "Desde el {date}",
        "row_aptc": "Crédito fiscal máximo para la prima por mes para su hogar",
        "effective_heading": "Cuándo entra en vigor el cambio",
        "effective_text": (
            "Esta decisión entra en vigor el {date}, el primer día del mes siguiente a la "
            "fecha de este aviso (45 CFR 155.330(f)(1))."
        ),
        "change_aptc": (
            "Póliza {policy}: el crédito fiscal para la prima que se paga a su compañía de "
            "seguros cambia de {old} a {new} al mes a partir del {date}. Usted paga la "
            "diferencia."
        ),
        "change_end": (
            "Póliza {policy}: la cobertura de {names} termina el {date}, porque ya nadie en "
            "ella califica para un plan del Mercado (45 CFR 155.430(b)(2)(i), (d)(3))."
        ),
        "change_cancel": (
            "La póliza {policy} de {names} se cancela, así que nunca entra en vigor: ya nadie "
            "en ella califica para un plan del Mercado (45 CFR 155.430(b)(2)(i))."
        ),
        "change_review": (
            "Póliza {policy}: {names} ya no puede seguir en este plan. Un trabajador de casos "
            "actualizará la póliza y le dirá la fecha en que termina su cobertura; las demás "
            "personas siguen cubiertas."
        ),
        "change_csr": (
            "Póliza {policy}: los ahorros adicionales en deducibles y copagos cambian de {old} "
            "a {new} a partir del {date}. Un trabajador de casos le pasará a la versión de su "
            "plan que corresponde."
        ),
        "change_removed": (
            "Póliza {policy}: la cobertura de {names} termina el {date}, porque ya no califica "
            "para un plan del Mercado (45 CFR 155.430(b)(2)(i), (d)(3)). Las demás personas "
            "de la póliza siguen cubiertas."
        ),
        "change_new_policy": (
            " Desde el {start}, las demás personas están cubiertas por la póliza {new_policy}, "
            "con el mismo plan y un nuevo titular."
        ),
        "change_removed_cancel": (
            "Póliza {policy}: {names} sale de la póliza desde su inicio el {date}, así que su "
            "cobertura nunca empieza, porque ya no califica para un plan del Mercado "
            "(45 CFR 155.430(b)(2)(i)). Las demás personas de la póliza siguen cubiertas."
        ),
        "change_csr_automated": (
            "Póliza {policy}: los ahorros adicionales en deducibles y copagos cambian de {old} "
            "a {new} a partir del {date}. Desde ese día la misma póliza lo cubre con la "
            "versión correspondiente de su plan. Lo que ya pagó este año para su "
            "deducible y su máximo de gastos de bolsillo sigue contando "
            "(45 CFR 156.425(b))."
        ),
        "csr_none": "ninguno",
        "csr_level": "nivel del {level}%",  # "cambian de nivel del 87% a ninguno"
        "no_policy": "No está inscrito en un plan, así que ninguna póliza cambia.",
        "documents_heading": "Si ahora tiene los documentos",
        "documents_text": (
            "Todavía puede enviar los documentos, o informar un cambio, en su cuenta. Si "
            "muestran que usted califica, tomaremos una nueva decisión."
        ),
    },
}


def _date(raw) -> date:
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise BadContext("a date in the notice's content is not YYYY-MM-DD") from exc


def _outcome(member: dict, t: dict) -> str:
    """One person's result in the words of the eligibility notice (notices.text.TEXT)."""
    if not member.get("seeking_coverage", True):
        return t["r_not_applying"]
    if member.get("medicaid"):
        return t["r_medicaid"]
    if member.get("chip"):
        return t["r_chip"]
    if member.get("qhp") and member.get("aptc"):
        if member.get("csr") in {"94", "87", "73"}:
            return t["r_qhp_aptc_csr"].format(csr=member["csr"])
        return t["r_qhp_aptc"]
    if member.get("qhp"):
        return t["r_qhp"]
    return t["r_none"]


def _csr(level: str, w: dict) -> str:
    return w["csr_level"].format(level=level) if level else w["csr_none"]


def _change(change: dict, w: dict, language: str) -> str:
    kind = change.get("kind")
    names = ", ".join(change.get("names") or [])
    policy = change.get("policy_id", "")
    if kind == "aptc":
        return w["change_aptc"].format(
            policy=policy,
            old=money(change.get("old")),
            new=money(change.get("new")),
            date=long_date(_date(change["effective"]), language),
        )
    if kind in ("end", "cancel"):
        return w[f"change_{kind}"].format(
            policy=policy, names=names, date=long_date(_date(change["end"]), language)
        )
    if kind == "review" and change.get("automated"):
        wording = "change_removed_cancel" if change.get("cancelled") else "change_removed"
        text = w[wording].format(
            policy=policy, names=names, date=long_date(_date(change["end"]), language)
        )
        if change.get("new_policy_id"):
            text += w["change_new_policy"].format(
                start=long_date(_date(change["start"]), language),
                new_policy=change["new_policy_id"],
            )
        return text
    if kind == "review":
        return w["change_review"].format(policy=policy, names=names)
    if kind == "csr" and change.get("automated"):
        return w["change_csr_automated"].format(
            policy=policy,
            old=_csr(change.get("old", ""), w),
            new=_csr(change.get("new", ""), w),
            date=long_date(_date(change["effective"]), language),
        )
    if kind == "csr":
        return w["change_csr"].format(
            policy=policy,
            old=_csr(change.get("old", ""), w),
            new=_csr(change.get("new", ""), w),
            date=long_date(_date(change["effective"]), language),
        )
    raise BadContext(f"unknown policy change {kind!r}")


def build(notice_id: str, language: str, context: dict) -> dict:
    before, after = context.get("before"), context.get("after")
    items = context.get("items")
    if not isinstance(before, dict) or not isinstance(after, dict) or not items:
        raise BadContext("an eligibility-change notice needs the items and both results")
    data = common(notice_id, language, context)
    t, w = data["t"], WORDS[language]
    effective = _date(context["effective_date"])
    effective_text = long_date(effective, language)
    labels = VERIFICATION_TEXT[language]
    rows = []
    old = before.get("members") or []
    for index, member in enumerate(after.get("members") or []):
        rows.append(
            {
                "name": member.get("name") or t["person"].format(n=index + 1),
                "before": _outcome(old[index], t) if index < len(old) else "—",
                "after": _outcome(member, t),
            }
        )
    data.update(
        {
            "title": w["title"],
            "intro": w["intro"].format(year=context.get("year", "")),
            "w": w,
            "items": [
                {
                    "person": item.get("member_name") or t["household"],
                    "what": labels.get(item.get("type"), (item.get("type", ""), ""))[0],
                    "due": long_date(_date(item["due_date"]), language),
                }
                for item in items
            ],
            "reasons": [
                {"person": s.get("member") or t["household"], "text": reason_text(s, language)}
                for s in context.get("substitutions") or []
            ],
            "results": rows,
            "after_label": w["after"].format(date=effective_text),
            "aptc_before": money(before.get("aptc")),
            "aptc_after": money(after.get("aptc")),
            "effective_text": w["effective_text"].format(date=effective_text),
            "changes": [_change(c, w, language) for c in context.get("changes") or []],
            "appeal_text": t["appeal_text"].format(
                deadline=long_date(data["on"] + timedelta(days=APPEAL_DAYS), language)
            ),
            "determination_id": context.get("determination_public_id", ""),
        }
    )
    return data


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))
