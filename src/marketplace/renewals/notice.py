"""The renewal notice (45 CFR 155.335(h)(1), 155.230): what the annual redetermination
found, the plan the person is re-enrolled in for the new year (or that they must choose
one, or that they are no longer eligible or referred to Medicaid/CHIP), what they will
pay and why, with the arithmetic, and what they can still do by the end of open
enrollment. Rendered to PDF by the notices app in the person's language; registered as
notice kind "renewal" in the notices app's BUILDERS.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from marketplace.determinations.ftr import general as ftr_general
from marketplace.enrollment import dates
from marketplace.notices import actions as notices
from marketplace.notices.content import BUILDERS, BadContext, common, money
from marketplace.notices.text import VERIFICATION_TEXT, long_date

KIND = "renewal"
TEMPLATE = "renewals/notices/renewal.html"

WORDS = {
    "en": {
        "title": "Your health coverage for {year}",
        "same_plan": "We renewed your coverage. You stay in the same plan for {year}.",
        "crosswalked": "Your plan is not offered in {year} as it was. As the rules direct, "
        "we enrolled you in the plan your insurance company renewed it as.",
        "bronze_to_silver": "Because you qualify for extra savings on silver plans, we "
        "enrolled you in a silver plan of the same insurance company "
        "and network that costs you no more than the bronze plan.",
        "needs_action": "Your plan is not offered to you in {year}, and there is no plan we "
        "can move you to. To have coverage on January 1, choose a plan.",
        "lost_eligibility": "Based on the information we have, no one in your household can "
        "buy a Marketplace plan in {year}. Your coverage ends on "
        "December 31. If something changed, update your information.",
        "medicaid_chip": "Based on the information we have, your household may qualify for "
        "Medicaid or CHIP in {year}. We sent your information to the state "
        "Medicaid agency, which will contact you. Your Marketplace coverage "
        "ends on December 31.",
        "plan": "Plan",
        "plan_id": "Plan ID",
        "start": "Coverage starts",
        "premium": "Monthly premium",
        "aptc": "Premium tax credit applied each month",
        "state": "State help each month",
        "net": "You pay each month",
        "how_heading": "How we figured your savings",
        "benchmark": "Benchmark (second-lowest-cost silver) premium",
        "contribution": "Your expected contribution each month ({pct} of income)",
        "max": "Most premium tax credit you can get each month",
        "max_line": "{benchmark} - {contribution} = {aptc}",
        "net_line": "{premium} - {aptc} - {state} = {net}",
        "net_line_plain": "{premium} - {aptc} = {net}",
        "changes_heading": "What changed from {before}",
        "change_premium": "Monthly premium: {old} then, {new} now.",
        "change_max_aptc": "Most tax credit each month: {old} then, {new} now.",
        "change_aptc": "Tax credit applied each month: {old} then, {new} now.",
        "change_state_subsidy": "State help each month: {old} then, {new} now.",
        "change_net": "What you pay each month: {old} then, {new} now.",
        "change_csr": "Extra savings level: {old} then, {new} now.",
        "dropped_heading": "Not in your plan for {year}",
        "dropped_medicaid": "{name} may qualify for Medicaid. We sent their information to the "
        "state Medicaid agency, which will contact you. Their Marketplace coverage ends on "
        "December 31.",
        "dropped_chip": "{name} may qualify for CHIP. We sent their information to the state "
        "Medicaid agency, which will contact you. Their Marketplace coverage ends on "
        "December 31.",
        "dropped_not_eligible": "Based on the information we have, {name} cannot buy a "
        "Marketplace plan in {year}. Their coverage ends on December 31. If something changed, "
        "update your information.",
        "dropped_not_seeking": "Your application says {name} does not want coverage in {year}. "
        "Their coverage ends on December 31. If that is not right, update your information.",
        "agency_not_eligible": "On {date} the state agency found {name} not eligible for "
        "{program}. We accepted its decision: {name} can now join a plan with help paying for "
        "it. Choose a plan that covers them below.",
        "agency_eligible": "On {date} the state agency found {name} eligible for {program}: "
        "their coverage comes from {program}.",
        "agency_not_eligible_back": "On {date} the state agency found {name} not eligible for "
        "{program}. We accepted its decision and put {name} back on your plan, with the tax "
        "credit. My coverage shows your new premium.",
        "act_heading": "What you can do",
        "act_text": "Until {closes} you can choose another plan, update your information or "
        "end your coverage: sign in and open My renewal.",
        "none": "none",
        "tax_no_consent": "You did not allow us to use your tax data to renew your "
        "eligibility, so we did not ask for it: we used the income on your "
        "application, {income} a year. If your income changed, update your "
        "information. To let us use it next year, sign in and open Your tax data and "
        "renewals from your application.",
        "tax_authorization_ends": "Your permission to use your tax data to renew your "
        "coverage ends with this renewal. To let us use it next year too, sign in and open "
        "Your tax data and renewals from your application.",
        "tax_compatible": "We checked your {tax_year} tax data: it agrees with the income on "
        "your application, {income} a year, which we used.",
        "tax_not_compatible": "Your {tax_year} tax data shows {reported} a year, and your "
        "application says {income} a year. We used the income on your "
        "application. If it is not right, update your information.",
        "tax_no_data": "We found no {tax_year} tax data for your household, so we used the "
        "income on your application, {income} a year.",
        "tax_no_data_accepted": "The IRS has no {tax_year} tax return for your household, so "
        "we accepted the income on your application, {income} a year, without asking you for "
        "proof (45 CFR 155.320(c)(5)).",
        "verify_income_no_data": "The IRS has no tax return for your household, so send us "
        "proof of your income by {due}: {documents}. Upload it at {link} (sign in first). "
        "Until then we use the income on your application. If we do not get it by then, we "
        "may stop your premium tax credit (45 CFR 155.315(f), 155.320(c)(3)(vi)).",
        "tax_unavailable": "We could not get your {tax_year} tax data, so we used the income "
        "on your application, {income} a year.",
        "verify_income": "Because your tax data and your application do not agree, send us "
        "proof of your income by {due}: {documents}. Upload it at {link} (sign in first). "
        "Until then we use the income on your application. If we do not get it by then, we "
        "will decide your savings with the income in your tax data, {reported} a year "
        "(45 CFR 155.315(f), 155.320(c)(3)(vi)).",
        "ftr": "The IRS told us that advance payments of the premium tax credit were paid "
        "for your household for {years} and that no federal tax return reconciling them "
        "(Form 8962) was filed. So in {year} you get no premium tax credit in advance and no "
        "extra savings on silver plans; you can keep your plan at its full price. File your "
        "federal tax return with Form 8962 for those years, then tell us you did: sign in, "
        'open My renewal and choose "I have filed my federal tax return and reconciled" '
        "(45 CFR 155.305(f)(4)).",
        "ftr_warning": "Warning: the IRS told us that advance payments of the premium tax "
        "credit were paid for your household for {years} and that no federal tax return "
        "reconciling them (Form 8962) was filed. You keep your premium tax credit for {year}, "
        "but if this happens for {count} tax years in a row you will lose it, and the extra "
        "savings on silver plans with it. File your federal tax return with Form 8962 for "
        "{years} now (45 CFR 155.305(f)(4); two consecutive tax years since the 2024 Payment "
        "Notice, 88 FR 25740).",
    },
    "es": {
        "title": "Su cobertura de salud para {year}",
        "same_plan": "Renovamos su cobertura. Usted sigue en el mismo plan en {year}.",
        "crosswalked": "Su plan no se ofrece en {year} como antes. Según las reglas, lo "
        "inscribimos en el plan con el que su compañía de seguros lo renovó.",
        "bronze_to_silver": "Como usted califica para ahorros adicionales en los planes "
        "plata, lo inscribimos en un plan plata de la misma compañía y "
        "red que no le cuesta más que el plan bronce.",
        "needs_action": "Su plan no se le ofrece en {year} y no hay un plan al que podamos "
        "pasarlo. Para tener cobertura el 1 de enero, elija un plan.",
        "lost_eligibility": "Según la información que tenemos, nadie en su hogar puede comprar "
        "un plan del Mercado en {year}. Su cobertura termina el 31 de "
        "diciembre. Si algo cambió, actualice su información.",
        "medicaid_chip": "Según la información que tenemos, su hogar podría calificar para "
        "Medicaid o CHIP en {year}. Enviamos su información a la agencia "
        "estatal de Medicaid, que se comunicará con usted. Su cobertura del "
        "Mercado termina el 31 de diciembre.",
        "plan": "Plan",
        "plan_id": "ID del plan",
        "start": "La cobertura comienza",
        "premium": "Prima mensual",
        "aptc": "Crédito fiscal aplicado cada mes",
        "state": "Ayuda del estado cada mes",
        "net": "Usted paga cada mes",
        "how_heading": "Cómo calculamos sus ahorros",
        "benchmark": "Prima de referencia (segundo plan plata de menor costo)",
        "contribution": "Su contribución esperada cada mes ({pct} de sus ingresos)",
        "max": "Crédito fiscal máximo que puede recibir cada mes",
        "max_line": "{benchmark} - {contribution} = {aptc}",
        "net_line": "{premium} - {aptc} - {state} = {net}",
        "net_line_plain": "{premium} - {aptc} = {net}",
        "changes_heading": "Qué cambió desde {before}",
        "change_premium": "Prima mensual: antes {old}, ahora {new}.",
        "change_max_aptc": "Crédito fiscal máximo cada mes: antes {old}, ahora {new}.",
        "change_aptc": "Crédito fiscal aplicado cada mes: antes {old}, ahora {new}.",
        "change_state_subsidy": "Ayuda del estado cada mes: antes {old}, ahora {new}.",
        "change_net": "Lo que paga cada mes: antes {old}, ahora {new}.",
        "change_csr": "Nivel de ahorros adicionales: antes {old}, ahora {new}.",
        "dropped_heading": "Fuera de su plan para {year}",
        "dropped_medicaid": "{name} podría calificar para Medicaid. Enviamos su información a "
        "la agencia estatal de Medicaid, que se comunicará con usted. Su cobertura del Mercado "
        "termina el 31 de diciembre.",
        "dropped_chip": "{name} podría calificar para CHIP. Enviamos su información a la "
        "agencia estatal de Medicaid, que se comunicará con usted. Su cobertura del Mercado "
        "termina el 31 de diciembre.",
        "dropped_not_eligible": "Según la información que tenemos, {name} no puede comprar un "
        "plan del Mercado en {year}. Su cobertura termina el 31 de diciembre. Si algo cambió, "
        "actualice su información.",
        "dropped_not_seeking": "Su solicitud dice que {name} no quiere cobertura en {year}. Su "
        "cobertura termina el 31 de diciembre. Si eso no es correcto, actualice su información.",
        "agency_not_eligible": "El {date} la agencia estatal decidió que {name} no califica "
        "para {program}. Aceptamos su decisión: {name} ahora puede inscribirse en un plan con "
        "ayuda para pagarlo. Elija abajo un plan que le cubra.",
        "agency_eligible": "El {date} la agencia estatal decidió que {name} califica para "
        "{program}: su cobertura viene de {program}.",
        "agency_not_eligible_back": "El {date} la agencia estatal decidió que {name} no "
        "califica para {program}. Aceptamos su decisión y volvimos a incluir a {name} en su "
        "plan, con el crédito fiscal. Mi cobertura muestra su nueva prima.",
        "act_heading": "Lo que puede hacer",
        "act_text": "Hasta el {closes} puede elegir otro plan, actualizar su información o "
        "terminar su cobertura: inicie sesión y abra Mi renovación.",
        "none": "ninguno",
        "tax_no_consent": "Usted no nos autorizó a usar sus datos de impuestos para renovar su "
        "elegibilidad, así que no los pedimos: usamos los ingresos de su "
        "solicitud, {income} al año. Si sus ingresos cambiaron, actualice su "
        "información. Para autorizarnos a usarlos el próximo año, inicie sesión y abra Sus "
        "datos tributarios y las renovaciones desde su solicitud.",
        "tax_authorization_ends": "Su autorización para usar sus datos de impuestos para "
        "renovar su cobertura termina con esta renovación. Para autorizarnos a usarlos también "
        "el próximo año, inicie sesión y abra Sus datos tributarios y las renovaciones desde su "
        "solicitud.",
        "tax_compatible": "Revisamos sus datos de impuestos de {tax_year}: coinciden con los "
        "ingresos de su solicitud, {income} al año, que usamos.",
        "tax_not_compatible": "Sus datos de impuestos de {tax_year} muestran {reported} al año, "
        "y su solicitud dice {income} al año. Usamos los ingresos de su "
        "solicitud. Si no son correctos, actualice su información.",
        "tax_no_data": "No encontramos datos de impuestos de {tax_year} para su hogar, así que "
        "usamos los ingresos de su solicitud, {income} al año.",
        "tax_no_data_accepted": "El IRS no tiene una declaración de impuestos de {tax_year} "
        "de su hogar, así que aceptamos los ingresos de su solicitud, {income} al año, sin "
        "pedirle comprobantes (45 CFR 155.320(c)(5)).",
        "verify_income_no_data": "El IRS no tiene una declaración de impuestos de su hogar, "
        "así que envíenos un comprobante de sus ingresos a más tardar el {due}: {documents}. "
        "Súbalo en {link} (inicie sesión primero). Mientras tanto usamos los ingresos de su "
        "solicitud. Si no lo recibimos para esa fecha, podríamos suspender su crédito fiscal "
        "(45 CFR 155.315(f), 155.320(c)(3)(vi)).",
        "tax_unavailable": "No pudimos obtener sus datos de impuestos de {tax_year}, así que "
        "usamos los ingresos de su solicitud, {income} al año.",
        "verify_income": "Como sus datos de impuestos y su solicitud no coinciden, envíenos "
        "un comprobante de sus ingresos a más tardar el {due}: {documents}. Súbalo en {link} "
        "(inicie sesión primero). Mientras tanto usamos los ingresos de su solicitud. Si no "
        "lo recibimos para esa fecha, decidiremos sus ahorros con los ingresos de sus datos "
        "de impuestos, {reported} al año (45 CFR 155.315(f), 155.320(c)(3)(vi)).",
        "ftr": "El IRS nos informó que se pagaron pagos por adelantado del crédito fiscal "
        "para la prima para su hogar en {years} y que no se presentó una declaración federal "
        "de impuestos que los concilie (Formulario 8962). Por eso en {year} no recibe el "
        "crédito fiscal por adelantado ni ahorros adicionales en planes plata; puede "
        "quedarse con su plan a su precio completo. Presente su declaración federal con el "
        "Formulario 8962 para esos años y luego infórmenoslo: inicie sesión, abra Mi "
        'renovación y elija "Presenté mi declaración federal de impuestos y concilié" '
        "(45 CFR 155.305(f)(4)).",
        "ftr_warning": "Advertencia: el IRS nos informó que se pagaron pagos por adelantado "
        "del crédito fiscal para la prima para su hogar en {years} y que no se presentó una "
        "declaración federal de impuestos que los concilie (Formulario 8962). Usted conserva "
        "su crédito fiscal para {year}, pero si esto ocurre durante {count} años tributarios "
        "seguidos lo perderá, y con él los ahorros adicionales en planes plata. Presente ya "
        "su declaración federal con el Formulario 8962 para {years} (45 CFR 155.305(f)(4); "
        "dos años tributarios consecutivos desde el Aviso de Pago de 2024, 88 FR 25740).",
    },
}


def _percent(value, language: str) -> str:
    if value in (None, ""):
        return "—"
    text = f"{float(value) * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %" if language == "es" else f"{text}%"


def page_language() -> str:
    """The language of `WORDS` for the page being made: Spanish for a Spanish page, else
    English (the offer page and casework's household page)."""
    return "es" if (get_language() or "en").startswith("es") else "en"


def explanation(detail: dict, language: str) -> dict:
    """The lines the notice and the offer page show (words in `language`)."""
    w = WORDS[language]
    new = detail.get("next") or {}
    rows, how = [], []
    if new:
        rows = [
            (w["plan"], new.get("plan_name", "")),
            (w["plan_id"], new.get("plan_id", "")),
            (w["premium"], money(new.get("premium"))),
            (w["aptc"], money(new.get("aptc"))),
        ]
        if new.get("state_subsidy") not in (None, "0.00"):
            rows.append((w["state"], money(new.get("state_subsidy"))))
        rows.append((w["net"], money(new.get("net"))))
        if new.get("coverage_start"):
            start = date.fromisoformat(new["coverage_start"])
            rows.insert(2, (w["start"], long_date(start, language)))
    facts = detail.get("eligibility") or {}
    if facts.get("benchmark_premium") and new:
        pct = _percent(facts.get("applicable_percentage"), language)
        how = [
            (w["benchmark"], money(facts["benchmark_premium"])),
            (w["contribution"].format(pct=pct), money(facts.get("monthly_contribution"))),
            (
                w["max"],
                w["max_line"].format(
                    benchmark=money(facts["benchmark_premium"]),
                    contribution=money(facts.get("monthly_contribution")),
                    aptc=money(facts.get("max_aptc")),
                ),
            ),
        ]
        state = new.get("state_subsidy")
        line = w["net_line"] if state not in (None, "0.00") else w["net_line_plain"]
        how.append(
            (
                w["net"],
                line.format(
                    premium=money(new.get("premium")),
                    aptc=money(new.get("aptc")),
                    state=money(state),
                    net=money(new.get("net")),
                ),
            )
        )
    return {
        "rows": rows,
        "how": how,
        "changes": _changes(detail, w),
        **_dropped(detail, w),
        "tax": tax_line(detail, language),
        "verify": verify_line(detail, language),
        "ftr": ftr_line(detail, language),
        "ftr_warning": ftr_warning_line(detail, language),
    }


def _changes(detail: dict, w: dict) -> list[str]:
    """Each change from last year in words, with the old and the new figure."""
    lines = []
    for change in detail.get("changes", []):
        key = f"change_{change['code']}"
        if key in w:
            fmt = (lambda v: v or w["none"]) if change["code"] == "csr" else money
            lines.append(w[key].format(old=fmt(change.get("old")), new=fmt(change.get("new"))))
    return lines


def _dropped(detail: dict, w: dict) -> dict:
    """The people the old policy covered whom the new year's plan leaves out, one line each
    with why and that their coverage ends (renewals/explain.py `dropped`)."""
    year = (detail.get("eligibility") or {}).get("year") or ""
    return {
        "dropped_heading": w["dropped_heading"].format(year=year),
        "dropped": [
            w[f"dropped_{person['why']}"].format(name=person["name"], year=year)
            for person in detail.get("dropped", [])
            if f"dropped_{person['why']}" in w
        ],
    }


def tax_line(detail: dict, language: str) -> str:
    """What tax data showed at renewal, or that none was asked for (renewals/taxdata.py)."""
    tax = detail.get("tax_data") or {}
    key = f"tax_{tax.get('outcome')}"
    if tax.get("accepted"):
        key += "_accepted"
    if key not in WORDS[language]:
        return ""
    line = WORDS[language][key].format(
        tax_year=tax.get("tax_year", ""),
        income=money(tax.get("income")),
        reported=money(tax.get("reported")),
    )
    if tax.get("authorization_ends"):  # 45 CFR 155.335(k)(1): renewed, or it lapses
        line += " " + WORDS[language]["tax_authorization_ends"]
    return line


def upload_link(public_id: str) -> str:
    """The upload page of a verification item, as a full address (the notice is read on
    paper too)."""
    path = reverse("verifications:upload", args=[public_id])
    return f"{settings.MARKETPLACE_SITE_URL}{path}"


def verify_line(detail: dict, language: str) -> str:
    """What to send, by when and where, for the income item opened at renewal (45 CFR
    155.315(f); verifications/renewal.py), or ""."""
    tax = detail.get("tax_data") or {}
    item = tax.get("verification") or {}
    if not item.get("public_id"):
        return ""
    key = "verify_income_no_data" if tax.get("outcome") == "no_data" else "verify_income"
    return WORDS[language][key].format(
        due=long_date(date.fromisoformat(item["due_date"]), language),
        documents=VERIFICATION_TEXT[language]["income"][1],
        link=upload_link(item["public_id"]),
        reported=money(tax.get("reported")),
    )


def ftr_line(detail: dict, language: str) -> str:
    """No APTC for a failure to file and reconcile (45 CFR 155.305(f)(4)), or ""; another
    tax filer's in general terms (determinations/ftr.py, docs/adr/0108)."""
    ftr = detail.get("ftr") or {}
    if not ftr:
        return ""
    if ftr.get("other_filer"):
        return ftr_general("tax.failed_to_reconcile", language)
    year = (detail.get("eligibility") or {}).get("year") or ""
    return WORDS[language]["ftr"].format(years=ftr.get("tax_years", ""), year=year)


def ftr_warning_line(detail: dict, language: str) -> str:
    """The warning to a tax filer whose failure to file and reconcile does not yet bar APTC
    (fewer consecutive years than 45 CFR 155.305(f)(4) counts; docs/adr/0106), or ""."""
    warning = detail.get("ftr_warning") or {}
    if not warning:
        return ""
    if warning.get("other_filer"):
        return ftr_general("tax.ftr_warning", language)
    year = (detail.get("eligibility") or {}).get("year") or ""
    return WORDS[language]["ftr_warning"].format(
        years=warning.get("tax_years", ""), count=warning.get("count", ""), year=year
    )


def build(notice_id: str, language: str, context: dict) -> dict:
    renewal = context.get("renewal")
    if not isinstance(renewal, dict) or "outcome" not in renewal:
        raise BadContext("a renewal notice needs the renewal")
    data = common(notice_id, language, context)
    w = WORDS[language]
    year = renewal["to_year"]
    detail = renewal.get("detail") or {}
    outcome = renewal["outcome"]
    intro = [w[outcome].format(year=year)] if outcome in w else []
    if renewal.get("bronze_to_silver"):
        intro.append(w["bronze_to_silver"])
    closes = renewal.get("closes")
    data.update(
        {
            "title": w["title"].format(year=year),
            "intro": intro,
            "w": w,
            "changes_heading": w["changes_heading"].format(before=renewal["from_year"]),
            "act_text": w["act_text"].format(
                closes=long_date(date.fromisoformat(closes), language) if closes else "—"
            ),
            **explanation(detail, language),
        }
    )
    return data


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))


def context_for(renewal) -> dict:
    previous = renewal.previous
    window = dates.window(previous.state, renewal.to_year)
    return {
        "name": previous.covered_members()[0].name if previous.covered_members() else "",
        "address": {
            "street": previous.street,
            "city": previous.city,
            "state": previous.state,
            "zipcode": previous.zipcode,
        },
        "renewal": {
            "public_id": str(renewal.public_id),
            "outcome": renewal.outcome,
            "from_year": renewal.from_year,
            "to_year": renewal.to_year,
            "bronze_to_silver": renewal.bronze_to_silver,
            "detail": renewal.detail,
            "closes": window.closes.isoformat() if window is not None else None,
        },
    }


def request(renewal) -> notices.NoticeRequest:
    """The notice of `renewal` for a batch (`notices.actions.issue_notices`), as `issue`
    queues it."""
    return notices.NoticeRequest(
        user=renewal.previous.owner,
        kind=KIND,
        context=context_for(renewal),
        language=renewal.previous.language,
        related_object=renewal,
    )


def issue(renewal, *, actor=None):
    """Queue the notice in the caller's (the renewal's) transaction."""
    return notices.issue_notice(
        user=renewal.previous.owner,
        kind=KIND,
        context=context_for(renewal),
        language=renewal.previous.language,
        actor=actor,
        related_object=renewal,
    )
