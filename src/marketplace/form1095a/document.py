"""Form 1095-A as a PDF in the person's language, through the notices app (notice kind
`form_1095a`): it lands in the message center, and goes by mail to people who chose paper
notices, like every notice (45 CFR 155.230; 26 CFR 1.36B-5(c)(2): the statement to the
taxpayer by January 31).

The layout follows the IRS form's parts (I recipient and policy, II covered individuals,
III coverage information by month with the annual total on line 33) with the CORRECTED or
VOID mark when the form is one. The context is the stored statement (statement.py), so the
PDF is the same whenever it is drawn.
"""

from __future__ import annotations

from datetime import date

from marketplace.notices.content import BUILDERS, BadContext, common, money
from marketplace.notices.text import MONTHS, long_date

KIND = "form_1095a"
TEMPLATE = "form1095a/form.html"

WORDS = {
    "en": {
        "title": "Form 1095-A, Health Insurance Marketplace Statement, {year}",
        "corrected": "CORRECTED",
        "void": "VOID",
        "intro": "This form shows the coverage you had through the Marketplace in {year} "
        "and the premium tax credit paid in advance for it. Use it to fill in IRS "
        "Form 8962 when you file your {year} federal income tax return. Keep it "
        "with your tax records.",
        "intro_corrected": "This CORRECTED form replaces the Form 1095-A we sent you for "
        "this policy before: a change after it was issued altered at "
        "least one month. Use this one.",
        "intro_void": "This VOID form cancels the Form 1095-A we sent you for this policy: "
        "the policy was cancelled and covered no one in {year}. Do not use "
        "the earlier form on your tax return.",
        "part1": "Part I: Recipient information",
        "marketplace_id": "1 Marketplace identifier",
        "policy": "2 Marketplace-assigned policy number",
        "issuer": "3 Policy issuer's name",
        "recipient": "4 Recipient's name",
        "recipient_dob": "6 Recipient's date of birth",
        "spouse": "7 Recipient's spouse's name",
        "spouse_dob": "9 Recipient's spouse's date of birth",
        "start": "10 Policy start date",
        "end": "11 Policy termination date",
        "address": "12-15 Address",
        "part2": "Part II: Covered individuals",
        "name": "Covered individual name",
        "dob": "Date of birth",
        "cov_start": "Coverage start date",
        "cov_end": "Coverage termination date",
        "part3": "Part III: Coverage information",
        "month": "Month",
        "col_a": "A. Monthly enrollment premiums",
        "col_b": "B. Monthly second lowest cost silver plan (SLCSP) premium",
        "col_c": "C. Monthly advance payment of premium tax credit",
        "annual": "33 Annual totals",
        "ssn_note": "Social security numbers are not printed; dates of birth identify each person.",
        "state_note": "Help from a state program paying part of your premium is not a "
        "premium tax credit and is not shown in column C.",
    },
    "es": {
        "title": "Formulario 1095-A, Declaración del Mercado de Seguros Médicos, {year}",
        "corrected": "CORREGIDO",
        "void": "ANULADO",
        "intro": "Este formulario muestra la cobertura que tuvo por medio del Mercado en "
        "{year} y el crédito fiscal para la prima pagado por adelantado. Úselo para "
        "llenar el Formulario 8962 del IRS al presentar su declaración federal de "
        "impuestos de {year}. Guárdelo con sus documentos de impuestos.",
        "intro_corrected": "Este formulario CORREGIDO reemplaza el Formulario 1095-A que le "
        "enviamos antes para esta póliza: un cambio posterior modificó "
        "al menos un mes. Use este.",
        "intro_void": "Este formulario ANULADO cancela el Formulario 1095-A que le enviamos "
        "para esta póliza: la póliza se canceló y no cubrió a nadie en {year}. "
        "No use el formulario anterior en su declaración de impuestos.",
        "part1": "Parte I: Información del destinatario",
        "marketplace_id": "1 Identificador del Mercado",
        "policy": "2 Número de póliza asignado por el Mercado",
        "issuer": "3 Nombre del emisor de la póliza",
        "recipient": "4 Nombre del destinatario",
        "recipient_dob": "6 Fecha de nacimiento del destinatario",
        "spouse": "7 Nombre del cónyuge del destinatario",
        "spouse_dob": "9 Fecha de nacimiento del cónyuge",
        "start": "10 Fecha de inicio de la póliza",
        "end": "11 Fecha de terminación de la póliza",
        "address": "12-15 Dirección",
        "part2": "Parte II: Personas cubiertas",
        "name": "Nombre de la persona cubierta",
        "dob": "Fecha de nacimiento",
        "cov_start": "Fecha de inicio de la cobertura",
        "cov_end": "Fecha de terminación de la cobertura",
        "part3": "Parte III: Información de la cobertura",
        "month": "Mes",
        "col_a": "A. Primas mensuales de inscripción",
        "col_b": "B. Prima mensual del segundo plan Plata de menor costo (SLCSP)",
        "col_c": "C. Pago adelantado mensual del crédito fiscal para la prima",
        "annual": "33 Totales anuales",
        "ssn_note": "No se imprimen números de Seguro Social; la fecha de nacimiento "
        "identifica a cada persona.",
        "state_note": "La ayuda de un programa estatal que paga parte de su prima no es un "
        "crédito fiscal para la prima y no aparece en la columna C.",
    },
}


def _day(raw, language: str) -> str:
    return long_date(date.fromisoformat(raw), language) if raw else ""


def _name(person: dict | None) -> str:
    return f"{person['first_name']} {person['last_name']}" if person else ""


def build(notice_id: str, language: str, context: dict) -> dict:
    form = context.get("form")
    if not isinstance(form, dict) or "months" not in form:
        raise BadContext("a Form 1095-A needs its statement")
    data = common(notice_id, language, context)
    w = WORDS[language]
    year, kind = form["year"], form.get("kind", "original")
    spouse = form.get("spouse")
    rows = [
        (w["marketplace_id"], form["marketplace_id"]),
        (w["policy"], form["policy_id"]),
        (w["issuer"], form["issuer"]),
        (w["recipient"], _name(form["recipient"])),
        (w["recipient_dob"], _day(form["recipient"]["birth_date"], language)),
    ]
    if spouse:
        rows += [
            (w["spouse"], _name(spouse)),
            (w["spouse_dob"], _day(spouse["birth_date"], language)),
        ]
    rows += [
        (w["start"], _day(form["policy_start"], language)),
        (w["end"], _day(form.get("policy_end"), language)),
    ]
    intro = {"corrected": w["intro_corrected"], "void": w["intro_void"]}.get(kind, "")
    data.update(
        {
            "title": w["title"].format(year=year),
            "w": w,
            "kind": kind,
            "mark": w.get(kind, "") if kind != "original" else "",
            "intro": w["intro"].format(year=year),
            "kind_intro": intro.format(year=year),
            "part1": rows,
            "covered": [
                (
                    _name(p),
                    _day(p["birth_date"], language),
                    _day(p["start"], language),
                    _day(p["end"], language),
                )
                for p in form["covered"]
            ],
            "months": [
                (
                    MONTHS[language][m["month"] - 1].capitalize(),
                    money(m["premium"]),
                    money(m["slcsp"]),
                    money(m["aptc"]),
                )
                for m in form["months"]
            ],
            "totals": (
                money(form["totals"]["premium"]),
                money(form["totals"]["slcsp"]),
                money(form["totals"]["aptc"]),
            ),
        }
    )
    return data


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))


def context_for(figures: dict, kind: str, sequence: int) -> dict:
    recipient = figures["recipient"]
    return {
        "name": _name(recipient),
        "address": recipient["address"],
        "form": {**figures, "kind": kind, "sequence": sequence},
    }
