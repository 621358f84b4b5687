"""The words of the notices, in English and Spanish (45 CFR 155.205(c): meaningful access for
people with limited English proficiency). One dictionary per language with the same keys; a
test checks that both have every key."""

from __future__ import annotations

from datetime import date

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}


def long_date(value: date, language: str) -> str:
    month = MONTHS[language][value.month - 1]
    if language == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{month} {value.day}, {value.year}"


TEXT: dict[str, dict[str, str]] = {
    "en": {
        "exchange": "{state} Health Marketplace",
        "exchange_address": "PO Box 1000",
        "exchange_city": "Boston, {state_code} 02101",
        "exchange_phone": "Customer service: 1-800-555-0100 (TTY 711)",
        "notice_date": "Date of this notice",
        "notice_id": "Notice number",
        "page": "Page",
        "of": "of",
        "footer": "{exchange} · Notice {notice_id}",
        "dear": "Dear {name},",
        "household": "your household",
        "person": "Person {n}",
        # Eligibility notice
        "eligibility_title": "Your eligibility results",
        "eligibility_intro": (
            "We reviewed the application you submitted for {year} coverage. This notice tells "
            "you who in your household can get health coverage through the Marketplace, "
            "Medicaid or the Children's Health Insurance Program (CHIP), and how much help you "
            "can get paying for it."
        ),
        "summary_heading": "Summary",
        "member": "Person",
        "age": "Age",
        "result": "Result",
        "r_medicaid": "Eligible for Medicaid (referred to the state Medicaid agency)",
        "r_chip": "Eligible for CHIP (referred to the state Medicaid agency)",
        "r_qhp_aptc_csr": (
            "Can buy a Marketplace plan with a premium tax credit and extra savings on "
            "silver plans (cost-sharing reduction, {csr}% level)"
        ),
        "r_qhp_aptc": "Can buy a Marketplace plan with a premium tax credit",
        "r_qhp": "Can buy a Marketplace plan at full price (no premium tax credit)",
        "r_none": "Not eligible for Marketplace coverage",
        "r_not_applying": "Not applying for coverage",
        "aptc_heading": "How we figured your premium tax credit",
        "aptc_none": (
            "No one in your household qualifies for a premium tax credit, so the figures below "
            "are for your information only."
        ),
        "row_income": "Household income for the year (projected MAGI)",
        "row_size": "People in your tax household",
        "row_guideline": "Federal poverty guideline for that household size",
        "row_fpl": "Your income as a percentage of the poverty guideline",
        "row_applicable": "Share of income you are expected to pay for the benchmark plan",
        "row_contribution": "Your expected contribution for the year",
        "row_contribution_monthly": "Your expected contribution per month",
        "row_benchmark": "Monthly premium of the benchmark plan (second-lowest-cost silver)",
        "row_aptc": "Your maximum premium tax credit per month",
        "aptc_formula": (
            "Premium tax credit = benchmark premium minus your expected contribution per "
            "month, but not less than zero (26 U.S.C. 36B(b))."
        ),
        "state_subsidy": "State help",
        "reasons_heading": "Each person's results and the reasons",
        "next_heading": "What happens next",
        "next_plan": (
            "Choose a plan on the Marketplace website. Your premium tax credit can lower your "
            "monthly premium right away."
        ),
        "next_medicaid": (
            "We sent the information of the people eligible for Medicaid or CHIP to the state "
            "Medicaid agency. The agency will contact them about their coverage."
        ),
        "next_verification": (
            "If we need documents to confirm any information, we will send you a separate "
            "notice saying what to send and by when. Your results stand while we wait."
        ),
        "next_changes": (
            "Tell us within 30 days about changes to your income, household, address or "
            "other coverage (45 CFR 155.330(b))."
        ),
        "appeal_heading": "Your right to appeal",
        "appeal_text": (
            "If you think this decision is wrong, you can ask for an appeal. You have 90 days "
            "from the date of this notice to ask, so we must receive your request by {deadline} "
            "(45 CFR 155.520(b)). You can ask online in your account, by phone at the number "
            "above, or by mail to the address above. You may keep your current eligibility "
            "while your appeal is decided if you ask for this in your appeal request "
            "(45 CFR 155.525). Someone else, such as a friend, relative or lawyer, can help "
            "you or represent you."
        ),
        "help_heading": "Get help",
        "help_text": (
            "Call us at 1-800-555-0100 (TTY 711). Free help in other languages is available. "
            "Llame al 1-800-555-0100 para recibir ayuda gratis en español."
        ),
        "reasons_in_english_note": "",
        # Verification notices
        "verification_request_title": "We need documents from you",
        "verification_reminder_title": "Reminder: we still need documents from you",
        "verification_intro": (
            "We could not confirm some of the information in your application with the data "
            "we checked electronically (45 CFR 155.315 and 155.320). Please send documents "
            "that show the information below. Your eligibility results stand while we wait "
            "for them (45 CFR 155.315(f)(4))."
        ),
        "verification_reminder_intro": (
            "We have not yet received documents we asked for. Please send them before the "
            "due date so your coverage or savings do not change."
        ),
        "verification_extension_title": "You have more time to send documents",
        "verification_extension_intro": (
            "We gave you more time to send the documents below, because you showed that you "
            "are trying to get them (45 CFR 155.315(f)(3)). The new due date is {due}; it was "
            "{previous}. Your eligibility results stand while we wait for them."
        ),
        "extension_reason": "Why we gave you more time:",
        "item_person": "Person",
        "item_what": "What we need to confirm",
        "item_due": "Send documents by",
        "item_examples": "Documents you can send",
        "how_heading": "How to send documents",
        "how_text": (
            "Upload them in your account (Messages and documents), or mail copies, never "
            "originals, with this notice number to the address above."
        ),
        "missing_heading": "If we do not receive documents by the due date",
        "missing_text": (
            "We will decide using the information we have, which may change your "
            "eligibility or your premium tax credit (45 CFR 155.315(f)(5))."
        ),
        # Generic notice
        "generic_title": "A notice about your account",
    },
    "es": {
        "exchange": "Mercado de Seguros Médicos de {state}",
        "exchange_address": "PO Box 1000",
        "exchange_city": "Boston, {state_code} 02101",
        "exchange_phone": "Servicio al cliente: 1-800-555-0100 (TTY 711)",
        "notice_date": "Fecha de este aviso",
        "notice_id": "Número de aviso",
        "page": "Página",
        "of": "de",
        "footer": "{exchange} · Aviso {notice_id}",
        "dear": "Estimado/a {name}:",
        "household": "su hogar",
        "person": "Persona {n}",
        "eligibility_title": "Sus resultados de elegibilidad",
        "eligibility_intro": (
            "Revisamos la solicitud que presentó para la cobertura de {year}. Este aviso le "
            "indica quiénes en su hogar pueden obtener cobertura médica a través del Mercado, "
            "de Medicaid o del Programa de Seguro Médico para Niños (CHIP), y cuánta ayuda "
            "pueden recibir para pagarla."
        ),
        "summary_heading": "Resumen",
        "member": "Persona",
        "age": "Edad",
        "result": "Resultado",
        "r_medicaid": "Elegible para Medicaid (remitido a la agencia estatal de Medicaid)",
        "r_chip": "Elegible para CHIP (remitido a la agencia estatal de Medicaid)",
        "r_qhp_aptc_csr": (
            "Puede comprar un plan del Mercado con un crédito fiscal para la prima y ahorros "
            "adicionales en planes de nivel plata (reducción de costos compartidos, nivel {csr}%)"
        ),
        "r_qhp_aptc": "Puede comprar un plan del Mercado con un crédito fiscal para la prima",
        "r_qhp": "Puede comprar un plan del Mercado a precio completo (sin crédito fiscal)",
        "r_none": "No es elegible para la cobertura del Mercado",
        "r_not_applying": "No solicita cobertura",
        "aptc_heading": "Cómo calculamos su crédito fiscal para la prima",
        "aptc_none": (
            "Nadie en su hogar califica para un crédito fiscal para la prima; las cifras "
            "siguientes son solo informativas."
        ),
        "row_income": "Ingresos del hogar para el año (MAGI proyectado)",
        "row_size": "Personas en su hogar tributario",
        "row_guideline": "Nivel federal de pobreza para ese tamaño de hogar",
        "row_fpl": "Sus ingresos como porcentaje del nivel de pobreza",
        "row_applicable": "Parte de sus ingresos que se espera que pague por el plan de referencia",
        "row_contribution": "Su contribución esperada para el año",
        "row_contribution_monthly": "Su contribución esperada por mes",
        "row_benchmark": "Prima mensual del plan de referencia (el segundo plan plata más barato)",
        "row_aptc": "Su crédito fiscal máximo para la prima por mes",
        "aptc_formula": (
            "Crédito fiscal para la prima = prima del plan de referencia menos su contribución "
            "esperada por mes, pero nunca menos de cero (26 U.S.C. 36B(b))."
        ),
        "state_subsidy": "Ayuda del estado",
        "reasons_heading": "Los resultados de cada persona y sus razones",
        "next_heading": "Qué pasa ahora",
        "next_plan": (
            "Elija un plan en el sitio web del Mercado. Su crédito fiscal puede bajar su prima "
            "mensual de inmediato."
        ),
        "next_medicaid": (
            "Enviamos la información de las personas elegibles para Medicaid o CHIP a la "
            "agencia estatal de Medicaid. La agencia se comunicará con ellas sobre su cobertura."
        ),
        "next_verification": (
            "Si necesitamos documentos para confirmar algún dato, le enviaremos otro aviso que "
            "dirá qué enviar y para cuándo. Sus resultados se mantienen mientras esperamos."
        ),
        "next_changes": (
            "Infórmenos dentro de 30 días sobre cambios en sus ingresos, su hogar, su dirección "
            "u otra cobertura (45 CFR 155.330(b))."
        ),
        "appeal_heading": "Su derecho a apelar",
        "appeal_text": (
            "Si cree que esta decisión es incorrecta, puede pedir una apelación. Tiene 90 días "
            "a partir de la fecha de este aviso para pedirla, así que debemos recibir su "
            "solicitud a más tardar el {deadline} (45 CFR 155.520(b)). Puede pedirla en línea "
            "en su cuenta, por teléfono al número de arriba o por correo a la dirección de "
            "arriba. Puede conservar su elegibilidad actual mientras se decide su apelación si "
            "lo pide en su solicitud de apelación (45 CFR 155.525). Otra persona, como un "
            "amigo, un familiar o un abogado, puede ayudarle o representarle."
        ),
        "help_heading": "Obtenga ayuda",
        "help_text": (
            "Llámenos al 1-800-555-0100 (TTY 711). Hay ayuda gratuita en otros idiomas. "
            "Call 1-800-555-0100 for free help in English."
        ),
        # Shown only when some reasons are in English: a determination stored before the
        # reasons were kept as messages that can be shown in Spanish (aca_rules.messages).
        "reasons_in_english_note": (
            "Algunas razones aparecen en inglés porque así quedaron registradas en su "
            "determinación. Si necesita ayuda para entenderlas, llámenos."
        ),
        "verification_request_title": "Necesitamos documentos de usted",
        "verification_reminder_title": "Recordatorio: todavía necesitamos documentos de usted",
        "verification_intro": (
            "No pudimos confirmar parte de la información de su solicitud con los datos que "
            "revisamos electrónicamente (45 CFR 155.315 y 155.320). Envíe documentos que "
            "muestren la información indicada abajo. Sus resultados de elegibilidad se "
            "mantienen mientras los esperamos (45 CFR 155.315(f)(4))."
        ),
        "verification_reminder_intro": (
            "Todavía no hemos recibido los documentos que le pedimos. Envíelos antes de la "
            "fecha límite para que su cobertura o sus ahorros no cambien."
        ),
        "verification_extension_title": "Tiene más tiempo para enviar documentos",
        "verification_extension_intro": (
            "Le dimos más tiempo para enviar los documentos indicados abajo, porque mostró que "
            "está tratando de conseguirlos (45 CFR 155.315(f)(3)). La nueva fecha límite es "
            "el {due}; antes era el {previous}. Sus resultados de elegibilidad se mantienen "
            "mientras los esperamos."
        ),
        "extension_reason": "Por qué le dimos más tiempo:",
        "item_person": "Persona",
        "item_what": "Qué necesitamos confirmar",
        "item_due": "Envíe documentos a más tardar el",
        "item_examples": "Documentos que puede enviar",
        "how_heading": "Cómo enviar documentos",
        "how_text": (
            "Súbalos en su cuenta (Mensajes y documentos) o envíe por correo copias, nunca "
            "originales, con este número de aviso a la dirección de arriba."
        ),
        "missing_heading": "Si no recibimos documentos antes de la fecha límite",
        "missing_text": (
            "Decidiremos con la información que tenemos, lo que puede cambiar su elegibilidad "
            "o su crédito fiscal para la prima (45 CFR 155.315(f)(5))."
        ),
        "generic_title": "Un aviso sobre su cuenta",
    },
}

# What each verification type asks for, shown in notices and on the dashboard.
VERIFICATION_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "ssn": ("Social Security number", "Social Security card, W-2 or SSA-1099 form"),
        "citizenship": (
            "U.S. citizenship",
            "U.S. passport, birth certificate, naturalization or citizenship certificate",
        ),
        "immigration": (
            "Immigration status",
            "Permanent resident card (I-551), I-94, employment authorization card or other "
            "immigration document",
        ),
        "income": (
            "Household income",
            "Recent pay stubs, a letter from your employer, last year's tax return or a "
            "self-employment ledger",
        ),
        "mec": (
            "Other health coverage",
            "A letter showing your Medicare, Medicaid or other coverage ended or that you are "
            "not enrolled",
        ),
        "sep": (
            "The event that lets you enroll now (special enrollment period)",
            "A letter showing the date your other coverage ended, a lease or utility bill at "
            "your new address and one from before, a birth, adoption or marriage certificate",
        ),
    },
    "es": {
        "ssn": ("Número de Seguro Social", "Tarjeta de Seguro Social, formulario W-2 o SSA-1099"),
        "citizenship": (
            "Ciudadanía estadounidense",
            "Pasaporte estadounidense, acta de nacimiento, certificado de naturalización o de "
            "ciudadanía",
        ),
        "immigration": (
            "Estatus migratorio",
            "Tarjeta de residente permanente (I-551), I-94, permiso de trabajo u otro documento "
            "de inmigración",
        ),
        "income": (
            "Ingresos del hogar",
            "Talones de pago recientes, una carta de su empleador, la declaración de impuestos "
            "del año pasado o un registro de trabajo por cuenta propia",
        ),
        "mec": (
            "Otra cobertura médica",
            "Una carta que muestre que su cobertura de Medicare, Medicaid u otra terminó o que "
            "no está inscrito",
        ),
        "sep": (
            "El evento que le permite inscribirse ahora (período especial de inscripción)",
            "Una carta con la fecha en que terminó su otra cobertura, un contrato de alquiler o "
            "una factura de servicios en su nueva dirección y otra de antes, un acta de "
            "nacimiento, de adopción o de matrimonio",
        ),
    },
}
