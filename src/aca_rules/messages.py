"""The reasons and explanation lines of a determination, as a message catalog.

Every sentence the engine writes (a member's reasons, the household's explanation, a state
program's reason) is a :class:`Message`: a stable id from :data:`CATALOG` and the figures
it cites (``args``). The catalog holds each message once, in English and in Spanish, as a
``str.format`` template. The engine only builds ``Message`` values; the text is rendered
when it is shown or stored (:func:`render`), so a determination costs no string formatting.

``determination_to_dict`` stores the English text (docs/contracts.md 4.2) and, next to it, the ids
and args as JSON (:meth:`Message.to_json`), so a stored determination can be shown in any
language later (:func:`localize`) without re-running the rules. See
docs/adr/0101-reason-message-catalog.md.

Rules for templates (checked by tests/rules/test_messages.py):
- the same placeholders, with the same format specs, in every language;
- a placeholder with a format spec (``{income:,}``, ``{annual:,.2f}``) takes a number
  (a ``Decimal`` in the engine, its exact string once stored); others are shown as they are;
- legal citations (IRC, CFR, U.S.C., CMR, V.S.A., Pub. L.) are never translated, and money
  is written the same way in both languages ($1,234.56).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NamedTuple

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

#: id -> (English, Spanish). Ids are stable: stored determinations refer to them. To change
#: what a message says (not just its wording), add a new id and keep the old one.
CATALOG: dict[str, tuple[str, str]] = {
    # --- Household: poverty line and FPL percent (fpl, medicaid_chip) ------------------
    "fpl.household": (
        "Household of {size} in {state}: the {guideline_year} poverty guideline is "
        "${guideline:,} (used for {year} APTC/CSR, IRC 36B(d)(3)(B)); income ${income:,} is "
        "{fpl_percent}% of it (truncated, Form 8962 line 5).",
        "Hogar de {size} persona(s) en {state}: el nivel federal de pobreza (FPL) de "
        "{guideline_year} es ${guideline:,} (se usa para el crédito fiscal para la prima (APTC) "
        "y las reducciones de costos compartidos de {year}, IRC 36B(d)(3)(B)); los ingresos de "
        "${income:,} son el {fpl_percent}% de esa cifra (sin decimales, Formulario 8962, "
        "línea 5).",
    ),
    "fpl.household_exact": (
        "Household of {size} in {state}: the {guideline_year} poverty guideline is "
        "${guideline:,} (used for {year} APTC/CSR, IRC 36B(d)(3)(B)); income ${income:,} is "
        "{fpl_exact}% of it, compared exactly with each limit; the applicable percentage is "
        "read at {fpl_percent}% (decimals dropped, Form 8962 line 5).",
        "Hogar de {size} persona(s) en {state}: el nivel federal de pobreza (FPL) de "
        "{guideline_year} es ${guideline:,} (se usa para el crédito fiscal para la prima (APTC) "
        "y las reducciones de costos compartidos de {year}, IRC 36B(d)(3)(B)); los ingresos de "
        "${income:,} son el {fpl_exact}% de esa cifra, que se compara tal cual con cada "
        "límite; el porcentaje aplicable se lee en el {fpl_percent}% (sin decimales, "
        "Formulario 8962, línea 5).",
    ),
    "medicaid.household": (
        "Medicaid/CHIP use the {guideline_year} guideline (${guideline:,} for {size}) and "
        "current monthly income: {income_percent}% FPL; {state} has adopted the Medicaid adult "
        "expansion.",
        "Medicaid y CHIP usan el nivel federal de pobreza de {guideline_year} (${guideline:,} "
        "para {size} persona(s)) y los ingresos mensuales actuales: {income_percent}% "
        "del FPL; {state} adoptó la ampliación de Medicaid para adultos.",
    ),
    "medicaid.household_no_expansion": (
        "Medicaid/CHIP use the {guideline_year} guideline (${guideline:,} for {size}) and "
        "current monthly income: {income_percent}% FPL; {state} has not adopted the Medicaid "
        "adult expansion.",
        "Medicaid y CHIP usan el nivel federal de pobreza de {guideline_year} (${guideline:,} "
        "para {size} persona(s)) y los ingresos mensuales actuales: {income_percent}% "
        "del FPL; {state} no adoptó la ampliación de Medicaid para adultos.",
    ),
    # --- Household: tax filing and income limits of the PTC (tax, income_limits) -------
    "tax.married_separate": (
        "Married filing separately: not an applicable taxpayer (IRC 36B(c)(1)(C); "
        "26 CFR 1.36B-2(b)(2)).",
        "Persona casada que presenta la declaración de impuestos por separado: no califica "
        "como contribuyente para el crédito fiscal para la prima (IRC 36B(c)(1)(C); "
        "26 CFR 1.36B-2(b)(2)).",
    ),
    "tax.no_return": (
        "No attestation to file a federal return: no APTC (26 CFR 1.36B-2(a); "
        "45 CFR 155.305(f)(4)).",
        "No confirmó que presentará la declaración federal de impuestos: no hay crédito "
        "fiscal para la prima (APTC) (26 CFR 1.36B-2(a); 45 CFR 155.305(f)(4)).",
    ),
    "tax.income_unverified": (
        "Household income could not be verified by the deadline and the data sources hold no "
        "income for the household: no APTC or income-based cost-sharing reductions (45 CFR "
        "155.320(c)(3)(vi)(G)).",
        "No se pudieron verificar los ingresos del hogar antes de la fecha límite y las fuentes "
        "de datos no tienen ingresos del hogar: no hay crédito fiscal para la prima (APTC) ni "
        "reducciones de costos compartidos por ingresos (45 CFR 155.320(c)(3)(vi)(G)).",
    ),
    "tax.failed_to_reconcile": (
        "Advance payments of the premium tax credit were paid for a tax filer who did not "
        "file a federal income tax return and reconcile them (Form 8962) for {years}: no "
        "APTC, and so no income-based cost-sharing reductions, until the return is filed "
        "(45 CFR 155.305(f)(4), (g)(1)(i)(B)). A Marketplace plan can still be bought.",
        "Se pagaron pagos por adelantado del crédito fiscal para la prima a nombre de un "
        "declarante que no presentó la declaración federal de impuestos ni los concilió "
        "(Formulario 8962) para {years}: no hay crédito fiscal para la prima (APTC) ni "
        "reducciones de costos compartidos por ingresos hasta que presente la declaración "
        "(45 CFR 155.305(f)(4), (g)(1)(i)(B)). Todavía puede comprar un plan del Mercado.",
    ),
    "tax.ftr_warning": (
        "Warning: the IRS reports that advance payments of the premium tax credit were paid "
        "for a tax filer who did not file a federal income tax return and reconcile them "
        "(Form 8962) for {years}. The credit continues for now, but if this happens for "
        "{count} tax years in a row the Marketplace must stop it, and with it the income-based "
        "cost-sharing reductions. File the return with Form 8962 for {years} now (45 CFR "
        "155.305(f)(4), two consecutive tax years since the 2024 Payment Notice, 88 FR 25740).",
        "Advertencia: el IRS informa que se pagaron pagos por adelantado del crédito fiscal "
        "para la prima a nombre de un declarante que no presentó la declaración federal de "
        "impuestos ni los concilió (Formulario 8962) para {years}. El crédito continúa por "
        "ahora, pero si esto ocurre durante {count} años tributarios seguidos el Mercado debe "
        "suspenderlo, y con él las reducciones de costos compartidos por ingresos. Presente "
        "ya la declaración con el Formulario 8962 para {years} (45 CFR 155.305(f)(4), dos años "
        "tributarios consecutivos desde el Aviso de Pago de 2024, 88 FR 25740).",
    ),
    "tax.married_separate_exception": (
        "Married filing separately as a victim of domestic abuse or abandonment: treated as an "
        "applicable taxpayer (26 CFR 1.36B-2(b)(2)(ii)).",
        "Persona casada que presenta la declaración por separado por ser víctima de abuso "
        "doméstico o abandono: se considera contribuyente que califica para el crédito fiscal "
        "para la prima (26 CFR 1.36B-2(b)(2)(ii)).",
    ),
    "income.below_floor_exception": (
        "Income below {lower}% FPL, but a lawfully present taxpayer ineligible for Medicaid "
        "because of immigration status is an applicable taxpayer (IRC 36B(c)(1)(B)).",
        "Ingresos por debajo del {lower}% del FPL, pero un contribuyente con presencia legal "
        "que no califica para Medicaid por su estatus migratorio sí califica como contribuyente "
        "para el crédito fiscal para la prima (IRC 36B(c)(1)(B)).",
    ),
    "income.below_floor": (
        "Income {fpl_percent}% FPL is below {lower}%: not an applicable taxpayer "
        "(IRC 36B(c)(1)(A)).",
        "Ingresos del {fpl_percent}% del FPL, por debajo del {lower}%: no califica como "
        "contribuyente para el crédito fiscal para la prima (IRC 36B(c)(1)(A)).",
    ),
    "income.below_floor_exception_repealed": (
        "Income {fpl_percent}% FPL is below {lower}%: not an applicable taxpayer "
        "(IRC 36B(c)(1)(A)); the lawfully-present exception no longer applies (repealed after "
        "2025, Pub. L. 119-21 71302).",
        "Ingresos del {fpl_percent}% del FPL, por debajo del {lower}%: no califica como "
        "contribuyente para el crédito fiscal para la prima (IRC 36B(c)(1)(A)); la excepción "
        "para personas con presencia legal ya no se aplica (derogada después de 2025, "
        "Pub. L. 119-21 71302).",
    ),
    "income.above_limit": (
        "Income above {upper}% FPL: not an applicable taxpayer in {year} (IRC 36B(c)(1)(A)).",
        "Ingresos por encima del {upper}% del FPL: no califica como contribuyente para el "
        "crédito fiscal para la prima en {year} (IRC 36B(c)(1)(A)).",
    ),
    "income.no_upper_limit": (
        "No 400% FPL limit in {year} (IRC 36B(c)(1)(E)); the contribution is capped at the top "
        "applicable percentage.",
        "En {year} no hay límite del 400% del FPL (IRC 36B(c)(1)(E)); la contribución tiene "
        "como tope el porcentaje aplicable más alto.",
    ),
    # --- Member: Medicaid and CHIP (medicaid_chip) -------------------------------------
    "medicaid.agency_denied": (
        "The state Medicaid/CHIP agency found this person not eligible after our referral: "
        "we accept its decision and assess no Medicaid/CHIP for the same income and household "
        "(42 CFR 435.1200(e); 26 CFR 1.36B-2(c)(2)(iv)).",
        "La agencia estatal de Medicaid/CHIP decidió que esta persona no califica después de "
        "que la referimos: aceptamos su decisión y no evaluamos Medicaid ni CHIP con los mismos "
        "ingresos y el mismo hogar (42 CFR 435.1200(e); 26 CFR 1.36B-2(c)(2)(iv)).",
    ),
    "medicaid.not_resident": (
        "Not a state resident: no Medicaid/CHIP (42 CFR 435.403).",
        "No es residente del estado: no califica para Medicaid ni CHIP (42 CFR 435.403).",
    ),
    "medicaid.immigration": (
        "Does not meet Medicaid/CHIP citizenship or immigration rules as stated "
        "(42 CFR 435.406; 8 U.S.C. 1613; 42 CFR 457.320(b)(6)).",
        "Según lo que nos dijo, no cumple las reglas de ciudadanía o de estatus migratorio de "
        "Medicaid y CHIP (42 CFR 435.406; 8 U.S.C. 1613; 42 CFR 457.320(b)(6)).",
    ),
    "medicaid.five_year_bar": (
        "Lawful permanent resident for less than 5 years: not eligible for Medicaid/CHIP "
        "until the 5-year bar ends (8 U.S.C. 1613(a); 42 CFR 435.406).",
        "Residente permanente legal desde hace menos de 5 años: no califica para Medicaid ni "
        "CHIP hasta que terminen los 5 años de espera (8 U.S.C. 1613(a); 42 CFR 435.406).",
    ),
    "medicaid.immigration_status_narrowed": (
        "Immigration status does not meet the Medicaid/CHIP rule in effect on {date}: since "
        "October 1, 2026 only lawful permanent residents (after any 5-year bar), Cuban/Haitian "
        "entrants and COFA migrants qualify among non-citizens (42 U.S.C. 1396b(v); "
        "Pub. L. 119-21 71109).",
        "Su estatus migratorio no cumple la regla de Medicaid y CHIP vigente el {date}: desde "
        "el 1 de octubre de 2026, entre los no ciudadanos solo califican los residentes "
        "permanentes legales (después de cualquier período de espera de 5 años), los "
        "participantes cubanos y haitianos (Cuban/Haitian entrants) y los migrantes de los "
        "Estados Libres Asociados (COFA) (42 U.S.C. 1396b(v); Pub. L. 119-21 71109).",
    ),
    "medicaid.non_magi_age": (
        "Age {age}: MAGI Medicaid groups do not apply; eligibility as aged/blind/disabled is "
        "assessed by the state Medicaid agency (42 CFR 435.603(j)).",
        "Tiene {age} años: no se aplican los grupos de Medicaid basados en el ingreso bruto "
        "ajustado modificado (MAGI); la agencia estatal de Medicaid decide si califica por "
        "edad, ceguera o discapacidad (42 CFR 435.603(j)).",
    ),
    "medicaid.pregnant": (
        "Medicaid ({state}) for pregnant individuals (42 CFR 435.116): income "
        "{income_percent}% of the {year} FPL is at or below {limit}% (includes the 5% "
        "disregard, 42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para personas embarazadas (42 CFR 435.116): ingresos del "
        "{income_percent}% del FPL de {year}, igual o por debajo del límite del {limit}% "
        "(incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.infant": (
        "Medicaid ({state}) for infants under 1 (42 CFR 435.118): income {income_percent}% of "
        "the {year} FPL is at or below {limit}% (includes the 5% disregard, "
        "42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para bebés menores de 1 año (42 CFR 435.118): ingresos del "
        "{income_percent}% del FPL de {year}, igual o por debajo del límite del {limit}% "
        "(incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.young_child": (
        "Medicaid ({state}) for children 1-5 (42 CFR 435.118): income {income_percent}% of "
        "the {year} FPL is at or below {limit}% (includes the 5% disregard, "
        "42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para niños de 1 a 5 años (42 CFR 435.118): ingresos del "
        "{income_percent}% del FPL de {year}, igual o por debajo del límite del {limit}% "
        "(incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.older_child": (
        "Medicaid ({state}) for children 6-18 (42 CFR 435.118): income {income_percent}% of "
        "the {year} FPL is at or below {limit}% (includes the 5% disregard, "
        "42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para niños de 6 a 18 años (42 CFR 435.118): ingresos del "
        "{income_percent}% del FPL de {year}, igual o por debajo del límite del {limit}% "
        "(incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.young_adult": (
        "Medicaid ({state}) for individuals 19-20 (42 CFR 435.222): income {income_percent}% "
        "of the {year} FPL is at or below {limit}% (includes the 5% disregard, "
        "42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para personas de 19 y 20 años (42 CFR 435.222): ingresos del "
        "{income_percent}% del FPL de {year}, igual o por debajo del límite del {limit}% "
        "(incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.parent": (
        "Medicaid ({state}) for parents and caretaker relatives (42 CFR 435.110): income "
        "{income_percent}% of the {year} FPL is at or below {limit}% (includes the 5% "
        "disregard, 42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para padres y familiares que cuidan a un niño (42 CFR 435.110): "
        "ingresos del {income_percent}% del FPL de {year}, igual o por debajo del límite del "
        "{limit}% (incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "medicaid.adult_expansion": (
        "Medicaid ({state}) for the adult group 19-64 (42 CFR 435.119): income "
        "{income_percent}% of the {year} FPL is at or below {limit}% (includes the 5% "
        "disregard, 42 CFR 435.603(d)(4)).",
        "Medicaid ({state}) para el grupo de adultos de 19 a 64 años (42 CFR 435.119): "
        "ingresos del {income_percent}% del FPL de {year}, igual o por debajo del límite del "
        "{limit}% (incluye la deducción del 5%, 42 CFR 435.603(d)(4)).",
    ),
    "chip.child": (
        "CHIP ({state}): income {income_percent}% of the {year} FPL is at or below {limit}% "
        "(42 CFR 457.310).",
        "CHIP ({state}): ingresos del {income_percent}% del FPL de {year}, igual o por debajo "
        "del límite del {limit}% (42 CFR 457.310).",
    ),
    "chip.pregnant": (
        "CHIP for pregnant individuals ({state}): income {income_percent}% of the {year} FPL "
        "is at or below {limit}% (42 CFR 457.10).",
        "CHIP para personas embarazadas ({state}): ingresos del {income_percent}% del FPL de "
        "{year}, igual o por debajo del límite del {limit}% (42 CFR 457.10).",
    ),
    "chip.other_coverage": (
        "Has other coverage: not eligible for CHIP (42 CFR 457.310(b)(2)).",
        "Tiene otra cobertura: no califica para CHIP (42 CFR 457.310(b)(2)).",
    ),
    "medicaid.no_group": (
        "Not eligible for Medicaid: no MAGI Medicaid group covers this member.",
        "No califica para Medicaid: ningún grupo de Medicaid basado en el ingreso bruto "
        "ajustado modificado (MAGI) cubre a esta persona.",
    ),
    "medicaid.no_expansion": (
        "Not eligible for Medicaid: {state} has not adopted the adult expansion group "
        "(42 CFR 435.119).",
        "No califica para Medicaid: {state} no adoptó el grupo de adultos de la ampliación de "
        "Medicaid (42 CFR 435.119).",
    ),
    "medicaid.over_limit": (
        "Not eligible for Medicaid/CHIP: income {income_percent}% of the {year} FPL is above "
        "the {state} limit of {limit}% (42 CFR 435.603).",
        "No califica para Medicaid ni CHIP: ingresos del {income_percent}% del FPL de {year}, "
        "por encima del límite de {state}, que es del {limit}% (42 CFR 435.603).",
    ),
    # --- Member: QHP (qhp, basic_health) -----------------------------------------------
    "qhp.eligible": (
        "Eligible to enroll in a QHP (45 CFR 155.305(a)).",
        "Puede inscribirse en un plan de salud calificado (QHP) (45 CFR 155.305(a)).",
    ),
    "qhp.not_resident": (
        "Not a resident of the state: not eligible for a QHP (45 CFR 155.305(a)(3)).",
        "No es residente del estado: no califica para un plan de salud calificado (QHP) "
        "(45 CFR 155.305(a)(3)).",
    ),
    "qhp.not_lawfully_present": (
        "Not a citizen, national or lawfully present: not eligible for a QHP "
        "(45 CFR 155.305(a)(1)).",
        "No es ciudadano, nacional ni tiene presencia legal: no califica para un plan de salud "
        "calificado (QHP) (45 CFR 155.305(a)(1)).",
    ),
    "qhp.incarcerated": (
        "Incarcerated (other than pending disposition of charges): not eligible for a QHP "
        "(45 CFR 155.305(a)(2)).",
        "Está en la cárcel o en prisión (salvo en espera de la resolución de los cargos): no "
        "califica para un plan de salud calificado (QHP) (45 CFR 155.305(a)(2)).",
    ),
    "qhp.basic_health_program": (
        "Eligible for {program}, {state}'s Basic Health Program (household income up to "
        "{limit}% of the poverty guideline): not eligible for a QHP through the Marketplace, "
        "and no APTC or cost-sharing reductions (ACA 1331(e)(2); 42 CFR 600.305).",
        "Califica para {program}, el Programa Básico de Salud de {state} (ingresos del hogar "
        "de hasta el {limit}% del nivel federal de pobreza): no califica para un plan de salud "
        "calificado (QHP) del Mercado, ni para el crédito fiscal para la prima (APTC) ni para "
        "las reducciones de costos compartidos (ACA 1331(e)(2); 42 CFR 600.305).",
    ),
    # --- Member: APTC (member, immigration, basic_health, affordability) ---------------
    "aptc.eligible": (
        "Eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f)).",
        "Califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(1); 45 CFR 155.305(f)).",
    ),
    "aptc.medicaid_chip": (
        "Eligible for Medicaid/CHIP (minimum essential coverage): no APTC (IRC 36B(c)(2)(B); "
        "26 CFR 1.36B-2(c)(2)).",
        "Califica para Medicaid o CHIP (cobertura esencial mínima): no recibe el crédito fiscal "
        "para la prima (APTC) (IRC 36B(c)(2)(B); 26 CFR 1.36B-2(c)(2)).",
    ),
    "aptc.other_coverage": (
        "Has other minimum essential coverage (e.g. Medicare, VA, employer coverage): no APTC "
        "(IRC 36B(c)(2)(B); 26 CFR 1.36B-2(c)).",
        "Tiene otra cobertura esencial mínima (por ejemplo, Medicare, VA o cobertura del "
        "empleador): no recibe el crédito fiscal para la prima (APTC) (IRC 36B(c)(2)(B); "
        "26 CFR 1.36B-2(c)).",
    ),
    "aptc.basic_health_program": (
        "Eligible for {state}'s Basic Health Program: no QHP APTC (ACA 1331(e); 42 CFR 600.305).",
        "Califica para el Programa Básico de Salud de {state}: no recibe el crédito fiscal para "
        "la prima (APTC) para un plan de salud calificado (ACA 1331(e); 42 CFR 600.305).",
    ),
    "aptc.bhp_waiver": (
        "Eligible for {program}, which {state} runs under a section 1332 waiver in place of "
        "its Basic Health Program (household income up to {limit}% of the poverty "
        "guideline): may buy a QHP at full price, without APTC or cost-sharing reductions "
        "(ACA 1332; ACA 1331(e)).",
        "Califica para {program}, que {state} ofrece con una exención de la sección 1332 en "
        "lugar de su Programa Básico de Salud (ingresos del hogar de hasta el {limit}% del "
        "nivel federal de pobreza): puede comprar un plan de salud calificado (QHP) a precio "
        "completo, sin el crédito fiscal para la prima (APTC) ni reducciones de costos "
        "compartidos (ACA 1332; ACA 1331(e)).",
    ),
    "aptc.not_eligible_alien": (
        "Lawfully present, but in {year} only lawful permanent residents, Cuban/Haitian "
        "entrants and COFA migrants among non-citizens can get APTC or cost-sharing "
        "reductions: may enroll in a QHP at full price (IRC 36B(e)(2); Pub. L. 119-21 71301).",
        "Tiene presencia legal, pero en {year}, entre los no ciudadanos, solo los residentes "
        "permanentes legales, los participantes cubanos y haitianos y los migrantes de los "
        "Estados Libres Asociados (COFA) pueden recibir el crédito fiscal para la prima (APTC) "
        "o reducciones de costos compartidos: puede inscribirse en un plan de salud calificado "
        "(QHP) pagando el precio completo (IRC 36B(e)(2); Pub. L. 119-21 71301).",
    ),
    "aptc.immigration_status_needed": (
        "Immigration status not given: in {year} APTC and cost-sharing reductions require a "
        "citizen, national or eligible non-citizen (lawful permanent resident, Cuban/Haitian "
        "entrant or COFA migrant), so none can be given until the status is known "
        "(IRC 36B(e)(2); Pub. L. 119-21 71301).",
        "No nos dio su estatus migratorio: en {year}, el crédito fiscal para la prima (APTC) y "
        "las reducciones de costos compartidos requieren ser ciudadano, nacional o no "
        "ciudadano elegible (residente permanente legal, participante cubano o haitiano o "
        "migrante de los Estados Libres Asociados (COFA)), así que no se pueden dar hasta "
        "saber su estatus (IRC 36B(e)(2); Pub. L. 119-21 71301).",
    ),
    "aptc.household_not_eligible": (
        "No APTC: the tax household is not eligible (see explanation).",
        "No recibe el crédito fiscal para la prima (APTC): el hogar tributario no califica "
        "(vea la explicación).",
    ),
    "esi.no_minimum_value": (
        "Employer offer does not provide minimum value: it does not block the PTC "
        "(26 CFR 1.36B-2(c)(3)(vi)).",
        "La cobertura que ofrece el empleador no tiene valor mínimo: no impide recibir el "
        "crédito fiscal para la prima (26 CFR 1.36B-2(c)(3)(vi)).",
    ),
    "esi.affordable_self": (
        "Offered affordable employer coverage (self-only ${annual:,.2f}/yr is at most "
        "{threshold}% of household income) with minimum value: not eligible for APTC "
        "(IRC 36B(c)(2)(C); 26 CFR 1.36B-2(c)(3)(v)(A)(1)).",
        "Le ofrecen cobertura del empleador asequible (solo para el empleado: "
        "${annual:,.2f} al año, no más del {threshold}% de los ingresos del hogar) y con valor "
        "mínimo: no califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(2)(C); "
        "26 CFR 1.36B-2(c)(3)(v)(A)(1)).",
    ),
    "esi.unaffordable_self": (
        "Employer offer is unaffordable (self-only ${annual:,.2f}/yr exceeds {threshold}% of "
        "household income): it does not block APTC (IRC 36B(c)(2)(C)(i)).",
        "La cobertura del empleador no es asequible (solo para el empleado: ${annual:,.2f} al "
        "año, más del {threshold}% de los ingresos del hogar): no impide recibir el crédito "
        "fiscal para la prima (APTC) (IRC 36B(c)(2)(C)(i)).",
    ),
    "esi.affordable_family": (
        "Eligible as a family member for affordable employer coverage (family "
        "${annual:,.2f}/yr is at most {threshold}% of household income): not eligible for "
        "APTC (26 CFR 1.36B-2(c)(3)(v)(A)(2)).",
        "Califica como familiar para una cobertura del empleador asequible (cobertura "
        "familiar: ${annual:,.2f} al año, no más del {threshold}% de los ingresos del hogar): "
        "no califica para el crédito fiscal para la prima (APTC) "
        "(26 CFR 1.36B-2(c)(3)(v)(A)(2)).",
    ),
    "esi.unaffordable_family": (
        "Family employer coverage is unaffordable (family ${annual:,.2f}/yr exceeds "
        "{threshold}% of household income): family members may get APTC "
        "(26 CFR 1.36B-2(c)(3)(v)(A)(2), family-glitch fix).",
        "La cobertura familiar del empleador no es asequible (cobertura familiar: "
        "${annual:,.2f} al año, más del {threshold}% de los ingresos del hogar): los "
        "familiares pueden recibir el crédito fiscal para la prima (APTC) "
        "(26 CFR 1.36B-2(c)(3)(v)(A)(2), corrección del «family glitch»).",
    ),
    # --- Member: cost-sharing reductions (csr, states/) --------------------------------
    "csr.silver": (
        "Cost-sharing reductions on silver plans: {level}% AV variant (45 CFR 155.305(g)).",
        "Reducciones de costos compartidos en los planes Plata: variante con un valor "
        "actuarial (AV) del {level}% (45 CFR 155.305(g)).",
    ),
    "csr.silver_vermont": (
        "Cost-sharing reductions on silver plans: {level}% AV variant (45 CFR 155.305(g); "
        "33 V.S.A. 1812(b)).",
        "Reducciones de costos compartidos en los planes Plata: variante con un valor "
        "actuarial (AV) del {level}% (45 CFR 155.305(g); 33 V.S.A. 1812(b)).",
    ),
    "csr.none_above_250": (
        "No cost-sharing reduction: income above 250% FPL (45 CFR 155.305(g)).",
        "Sin reducciones de costos compartidos: ingresos por encima del 250% del FPL "
        "(45 CFR 155.305(g)).",
    ),
    "csr.aian_zero": (
        "American Indian/Alaska Native: zero cost-sharing variant (45 CFR 155.350).",
        "Indígena estadounidense o nativo de Alaska: variante sin costos compartidos "
        "(45 CFR 155.350).",
    ),
    "csr.aian_limited": (
        "American Indian/Alaska Native: limited cost-sharing variant (45 CFR 155.350).",
        "Indígena estadounidense o nativo de Alaska: variante de costos compartidos "
        "limitados (45 CFR 155.350).",
    ),
    "csr.moop_not_available": (
        "Maximum out-of-pocket limit of the {level}% AV silver variant for {year}: not "
        "available (not found in a published source); the plan's own limit applies "
        "(45 CFR 156.130(c)).",
        "Límite máximo de gastos de bolsillo de la variante Plata con un valor actuarial (AV) "
        "del {level}% para {year}: no disponible (no se encontró en una fuente publicada); se "
        "aplica el límite del propio plan (45 CFR 156.130(c)).",
    ),
    "csr.standard_moop_not_available": (
        "Maximum out-of-pocket limit for {year}: not available (not confirmed from a published "
        "source); the plan's own limit applies (45 CFR 156.130(a)).",
        "Límite máximo de gastos de bolsillo para {year}: no disponible (no se confirmó en una "
        "fuente publicada); se aplica el límite del propio plan (45 CFR 156.130(a)).",
    ),
    # --- Member: catastrophic plans (catastrophic) -------------------------------------
    "catastrophic.under_age": (
        "Under {max_age}: may buy a catastrophic plan (45 CFR 156.155(a)(1)).",
        "Menor de {max_age} años: puede comprar un plan catastrófico (45 CFR 156.155(a)(1)).",
    ),
    "catastrophic.hardship": (
        "Hardship exemption: may buy a catastrophic plan (45 CFR 156.155(a)(2)).",
        "Tiene una exención por dificultades económicas: puede comprar un plan catastrófico "
        "(45 CFR 156.155(a)(2)).",
    ),
    "catastrophic.income_hardship": (
        "Hardship exemption because household income makes the household ineligible for "
        "APTC: may buy a catastrophic plan at any age (45 CFR 155.605(d)(1)(iii); "
        "45 CFR 156.155(a)(2)).",
        "Exención por dificultades económicas porque, por sus ingresos, el hogar no califica "
        "para el crédito fiscal para la prima (APTC): puede comprar un plan catastrófico a "
        "cualquier edad (45 CFR 155.605(d)(1)(iii); 45 CFR 156.155(a)(2)).",
    ),
    "catastrophic.not_eligible": (
        "Age {age} and no hardship exemption: not eligible for a catastrophic plan "
        "(45 CFR 156.155(a)).",
        "Tiene {age} años y no tiene una exención por dificultades económicas: no califica "
        "para un plan catastrófico (45 CFR 156.155(a)).",
    ),
    # --- Household: contribution, benchmark and APTC amount (aptc, benchmark) ----------
    "aptc.applicable_percentage": (
        "Applicable percentage at {fpl_percent}% FPL: {percent:.2f}% (IRC 36B(b)(3)(A), "
        "rounded to 1/100 of a percent, 26 CFR 1.36B-3(g)); expected contribution "
        "${contribution:,}/yr (rounded to whole dollars, Form 8962 line 8a).",
        "Porcentaje aplicable con ingresos del {fpl_percent}% del FPL: {percent:.2f}% "
        "(IRC 36B(b)(3)(A), redondeado a la centésima de punto porcentual, "
        "26 CFR 1.36B-3(g)); contribución esperada: ${contribution:,} al año (redondeada al "
        "dólar, Formulario 8962, línea 8a).",
    ),
    "aptc.no_coverage_family": (
        "No member is both eligible for APTC and seeking coverage: APTC is $0.",
        "Nadie en el hogar califica para el crédito fiscal para la prima (APTC) y a la vez "
        "solicita cobertura: el APTC es $0.",
    ),
    "benchmark.given": (
        "Benchmark premium ${benchmark:,}/month given with the application (used instead of "
        "the plan catalog).",
        "Prima del plan de referencia de ${benchmark:,} al mes, dada en la solicitud (se usa en "
        "lugar del catálogo de planes).",
    ),
    "benchmark.slcsp": (
        "Benchmark: second-lowest-cost silver plan {plan_id} for the {members} member(s) of the "
        "coverage family, EHB portion, no tobacco surcharge: ${benchmark:,}/month "
        "(26 CFR 1.36B-3(f), (j)).",
        "Plan de referencia: el segundo plan Plata de menor costo, {plan_id}, para la familia de "
        "cobertura ({members} miembro(s)), solo la parte de los beneficios de salud esenciales "
        "(EHB), sin recargo por uso de tabaco: ${benchmark:,} al mes (26 CFR 1.36B-3(f), (j)).",
    ),
    "benchmark.no_silver_plan": (
        "No silver plan offered at this location: benchmark unknown.",
        "No se ofrece ningún plan Plata en este lugar: no se conoce el plan de referencia.",
    ),
    "benchmark.not_computed": (
        "No benchmark premium and no plan catalog: the benchmark and APTC are not computed.",
        "No hay prima del plan de referencia ni catálogo de planes: no se calculan el plan de "
        "referencia ni el crédito fiscal para la prima (APTC).",
    ),
    "aptc.amount": (
        "Maximum monthly APTC = max(0, ${benchmark:,} - ${contribution:,}/12) = ${aptc:,} "
        "(IRC 36B(b)(2); never more than the EHB premium of the plan chosen).",
        "Crédito fiscal para la prima (APTC) máximo al mes = máx(0, ${benchmark:,} - "
        "${contribution:,}/12) = ${aptc:,} (IRC 36B(b)(2); nunca más que la prima de los "
        "beneficios de salud esenciales (EHB) del plan que elija).",
    ),
    # --- State programs (states/) ------------------------------------------------------
    "ma_connectorcare.outside_plan_types": (
        "Income {fpl_percent}% FPL is outside the ConnectorCare plan types offered this year "
        "(956 CMR 12.04(3)).",
        "Los ingresos del {fpl_percent}% del FPL están fuera de los tipos de plan de "
        "ConnectorCare que se ofrecen este año (956 CMR 12.04(3)).",
    ),
    "ma_connectorcare.plan_type": (
        "ConnectorCare Plan Type {plan_type}: APTC-eligible with income {fpl_percent}% FPL "
        "(956 CMR 12.04).",
        "ConnectorCare, tipo de plan {plan_type}: califica para el crédito fiscal para la prima "
        "(APTC) con ingresos del {fpl_percent}% del FPL (956 CMR 12.04).",
    ),
    "ma_connectorcare.schedule_not_confirmed": (
        "The {year} ConnectorCare enrollee premium schedule is not confirmed in the parameters: "
        "the state subsidy amount is not computed.",
        "La tabla de primas que pagan los afiliados de ConnectorCare en {year} no está "
        "confirmada en los parámetros: no se calcula el monto de la ayuda del estado.",
    ),
    "vt_premium_assistance.above_limit": (
        "Income {fpl_percent}% FPL is above {max_fpl_percent}%: no Vermont Premium Assistance "
        "(33 V.S.A. 1812(a)).",
        "Ingresos del {fpl_percent}% del FPL, por encima del {max_fpl_percent}%: no hay ayuda "
        "de Vermont para la prima (Vermont Premium Assistance) (33 V.S.A. 1812(a)).",
    ),
    "vt_premium_assistance.eligible": (
        "Applicable percentage reduced by 1.5 points for PTC-eligible households at or below "
        "300% FPL (33 V.S.A. 1812(a)).",
        "Porcentaje aplicable reducido en 1.5 puntos para los hogares que califican para el "
        "crédito fiscal para la prima con ingresos de hasta el 300% del FPL "
        "(33 V.S.A. 1812(a)).",
    ),
    # --- State programs: exact bands and where the amount comes from (states/) ---------
    "ma_connectorcare.amount": (
        "State subsidy ${monthly:,.2f} a month on ConnectorCare plans: the lowest-cost "
        "ConnectorCare plan for {members} person(s) costs ${premium:,.2f}, less ${aptc:,.2f} "
        "APTC, less the Plan Type {plan_type} enrollee premium of ${enrollee:,.2f} "
        "(${per_person:,.2f} per person; 956 CMR 12.04(3)(c)). A dearer ConnectorCare plan "
        "costs the enrollee the difference too.",
        "Ayuda del estado de ${monthly:,.2f} al mes en los planes ConnectorCare: el plan "
        "ConnectorCare de menor costo para {members} persona(s) cuesta ${premium:,.2f}, menos "
        "${aptc:,.2f} de crédito fiscal, menos la prima del afiliado del tipo de plan "
        "{plan_type} de ${enrollee:,.2f} (${per_person:,.2f} por persona; 956 CMR "
        "12.04(3)(c)). En un plan ConnectorCare más caro, el afiliado paga también la "
        "diferencia.",
    ),
    "ma_connectorcare.no_lowest_plan": (
        "The enrollee premium for the lowest-cost ConnectorCare plan is ${enrollee:,.2f} a "
        "month (Plan Type {plan_type}), but the premium of that plan is not known here (no "
        "ConnectorCare plan at this place, or no state_program_premium given): the state "
        "subsidy amount cannot be computed (956 CMR 12.04(3)(c)).",
        "La prima del afiliado para el plan ConnectorCare de menor costo es de ${enrollee:,.2f} "
        "al mes (tipo de plan {plan_type}), pero aquí no se conoce la prima de ese plan (no "
        "hay un plan ConnectorCare en este lugar, o no se dio state_program_premium): no se "
        "puede calcular el monto de la ayuda del estado (956 CMR 12.04(3)(c)).",
    ),
    "vt_premium_assistance.amount": (
        "Vermont Premium Assistance ${monthly:,.2f} a month: income ${income:,.2f} times "
        "({federal}% federal less {vermont}% Vermont applicable percentage), over 12 "
        "(33 V.S.A. 1812(a)(2); Vermont Health Connect's method), never more than the "
        "benchmark premium left after the APTC.",
        "Ayuda de Vermont para la prima de ${monthly:,.2f} al mes: ingresos de ${income:,.2f} "
        "por ({federal}% federal menos {vermont}% de Vermont, el porcentaje aplicable), "
        "dividido entre 12 (33 V.S.A. 1812(a)(2); método de Vermont Health Connect), nunca "
        "más que la prima del plan de referencia que queda después del crédito fiscal.",
    ),
}

#: Ids the engine no longer writes, kept so that stored determinations still render.
RETIRED: frozenset[str] = frozenset(
    {
        # Replaced by qhp.basic_health_program and aptc.bhp_waiver (ADR 0103): a BHP bars the
        # Marketplace plan itself, and New York's 2024-2026 program was a waiver program.
        "aptc.basic_health_program",
        # Replaced by fpl.household_exact, which also gives the exact percent every limit is
        # compared with (ADR 0103).
        "fpl.household",
    }
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


#: The rule module that writes each message (its id appears there and nowhere else; checked
#: by tests/rules/test_messages.py): the place to read the rule behind a reason line.
RULE_MODULES: dict[str, str] = {
    "fpl.household_exact": "aca_rules.fpl",
    "medicaid.household": "aca_rules.medicaid_chip",
    "medicaid.household_no_expansion": "aca_rules.medicaid_chip",
    "tax.married_separate": "aca_rules.tax",
    "tax.no_return": "aca_rules.tax",
    "tax.income_unverified": "aca_rules.tax",
    "tax.failed_to_reconcile": "aca_rules.tax",
    "tax.ftr_warning": "aca_rules.tax",
    "tax.married_separate_exception": "aca_rules.tax",
    "income.below_floor_exception": "aca_rules.income_limits",
    "income.below_floor": "aca_rules.income_limits",
    "income.below_floor_exception_repealed": "aca_rules.income_limits",
    "income.above_limit": "aca_rules.income_limits",
    "income.no_upper_limit": "aca_rules.income_limits",
    "medicaid.agency_denied": "aca_rules.medicaid_chip",
    "medicaid.not_resident": "aca_rules.medicaid_chip",
    "medicaid.immigration": "aca_rules.immigration",
    "medicaid.five_year_bar": "aca_rules.immigration",
    "medicaid.immigration_status_narrowed": "aca_rules.immigration",
    "medicaid.non_magi_age": "aca_rules.medicaid_chip",
    "medicaid.pregnant": "aca_rules.medicaid_chip",
    "medicaid.infant": "aca_rules.medicaid_chip",
    "medicaid.young_child": "aca_rules.medicaid_chip",
    "medicaid.older_child": "aca_rules.medicaid_chip",
    "medicaid.young_adult": "aca_rules.medicaid_chip",
    "medicaid.parent": "aca_rules.medicaid_chip",
    "medicaid.adult_expansion": "aca_rules.medicaid_chip",
    "chip.child": "aca_rules.medicaid_chip",
    "chip.pregnant": "aca_rules.medicaid_chip",
    "chip.other_coverage": "aca_rules.medicaid_chip",
    "medicaid.no_group": "aca_rules.medicaid_chip",
    "medicaid.no_expansion": "aca_rules.medicaid_chip",
    "medicaid.over_limit": "aca_rules.medicaid_chip",
    "qhp.eligible": "aca_rules.qhp",
    "qhp.not_resident": "aca_rules.qhp",
    "qhp.not_lawfully_present": "aca_rules.qhp",
    "qhp.incarcerated": "aca_rules.qhp",
    "qhp.basic_health_program": "aca_rules.basic_health",
    "aptc.eligible": "aca_rules.member",
    "aptc.medicaid_chip": "aca_rules.member",
    "aptc.other_coverage": "aca_rules.member",
    "aptc.bhp_waiver": "aca_rules.basic_health",
    "aptc.not_eligible_alien": "aca_rules.immigration",
    "aptc.immigration_status_needed": "aca_rules.immigration",
    "aptc.household_not_eligible": "aca_rules.member",
    "esi.no_minimum_value": "aca_rules.affordability",
    "esi.affordable_self": "aca_rules.affordability",
    "esi.unaffordable_self": "aca_rules.affordability",
    "esi.affordable_family": "aca_rules.affordability",
    "esi.unaffordable_family": "aca_rules.affordability",
    "csr.silver": "aca_rules.csr",
    "csr.silver_vermont": "aca_rules.states.vt_premium_assistance",
    "csr.none_above_250": "aca_rules.csr",
    "csr.aian_zero": "aca_rules.csr",
    "csr.aian_limited": "aca_rules.csr",
    "csr.moop_not_available": "aca_rules.csr",
    "csr.standard_moop_not_available": "aca_rules.csr",
    "catastrophic.under_age": "aca_rules.catastrophic",
    "catastrophic.hardship": "aca_rules.catastrophic",
    "catastrophic.income_hardship": "aca_rules.catastrophic",
    "catastrophic.not_eligible": "aca_rules.catastrophic",
    "aptc.applicable_percentage": "aca_rules.aptc",
    "aptc.no_coverage_family": "aca_rules.aptc",
    "benchmark.given": "aca_rules.benchmark",
    "benchmark.slcsp": "aca_rules.benchmark",
    "benchmark.no_silver_plan": "aca_rules.benchmark",
    "benchmark.not_computed": "aca_rules.benchmark",
    "aptc.amount": "aca_rules.aptc",
    "ma_connectorcare.outside_plan_types": "aca_rules.states.ma_connectorcare",
    "ma_connectorcare.plan_type": "aca_rules.states.ma_connectorcare",
    "ma_connectorcare.schedule_not_confirmed": "aca_rules.states.ma_connectorcare",
    "vt_premium_assistance.above_limit": "aca_rules.states.vt_premium_assistance",
    "vt_premium_assistance.eligible": "aca_rules.states.vt_premium_assistance",
    "ma_connectorcare.amount": "aca_rules.states.ma_connectorcare",
    "ma_connectorcare.no_lowest_plan": "aca_rules.states.ma_connectorcare",
    "vt_premium_assistance.amount": "aca_rules.states.vt_premium_assistance",
}


class UnknownMessage(KeyError):
    """A message id that is not in :data:`CATALOG` (e.g. stored by a newer version)."""


class Message(NamedTuple):
    """One reason or explanation line: a catalog id and the figures it cites.

    Built by the engine for every determination, so it is a plain tuple (cheap to build).
    Treat ``args`` as read-only. ``str(message)`` is the English sentence.
    """

    id: str
    args: Mapping[str, Any] = _EMPTY

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return render(self, language)

    def to_json(self) -> dict[str, Any]:
        """``{"id": ..., "args": {...}}`` with JSON values only: a ``Decimal`` becomes its
        exact string ("52000", "812.40"), so rendering the stored form gives the same text."""
        args = self.args
        return {"id": self.id, "args": {k: _json_arg(v) for k, v in args.items()} if args else {}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The message stored by :meth:`to_json`; ``ValueError`` if the shape is wrong."""
        if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
            raise ValueError(f"not a stored message: {data!r}")
        args = data.get("args") or {}
        if not isinstance(args, Mapping):
            raise ValueError(f"message args must be an object: {data!r}")
        return cls(data["id"], dict(args))

    def __str__(self) -> str:
        return render(self, DEFAULT_LANGUAGE)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted(self.args.items()))))

    def __reduce__(self):  # pickle and deepcopy (the default args are a read-only proxy)
        return (Message, (self.id, dict(self.args)))


def _json_arg(value: Any) -> Any:
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int)):
        return value
    raise TypeError(f"message argument {value!r} is not a string, integer or Decimal")


_PLAIN = frozenset((str, int))  # exact types stored as they are (the common case first)


class _Template(NamedTuple):
    text: str
    #: Placeholders with a format spec: their value is formatted as a Decimal.
    numeric: tuple[str, ...]


def _compile(text: str) -> _Template:
    numeric = []
    for _literal, name, spec, _conversion in string.Formatter().parse(text):
        if name is not None and spec and name not in numeric:
            numeric.append(name)
    return _Template(text, tuple(numeric))


_TEMPLATES: dict[str, dict[str, _Template]] = {
    language: {mid: _compile(texts[i]) for mid, texts in CATALOG.items()}
    for i, language in enumerate(LANGUAGES)
}


def language_of(code: str | None) -> str:
    """The catalog language for a language code ("es", "es-us", "es_MX" -> "es"); English
    for anything the catalog does not have."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in _TEMPLATES else DEFAULT_LANGUAGE


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"expected a number, not {value!r}")
    if isinstance(value, (int, str)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    raise TypeError(f"expected a number, not {value!r}")


def render(message: Message, language: str | None = DEFAULT_LANGUAGE) -> str:
    """The message's sentence in ``language`` (English when the catalog lacks it).

    Raises :class:`UnknownMessage` for an id not in the catalog, ``KeyError`` for a missing
    argument and ``ValueError``/``TypeError`` for a number that is not one.
    """
    try:
        templates = _TEMPLATES.get(language or "") or _TEMPLATES[language_of(language)]
        template = templates[message.id]
    except KeyError:
        raise UnknownMessage(message.id) from None
    args = message.args
    if template.numeric:
        args = dict(args)
        for name in template.numeric:
            try:
                args[name] = _decimal(args[name])
            except InvalidOperation:
                raise ValueError(f"{message.id}: {name}={args[name]!r} is not a number") from None
    return template.text.format_map(args)


def render_json(code: Mapping[str, Any], language: str | None = DEFAULT_LANGUAGE) -> str:
    """Render a message stored by :meth:`Message.to_json`."""
    return render(Message.from_json(code), language)


class Line(NamedTuple):
    """A stored line as shown: its text, and the language of the text when that is not the
    language asked for ("" otherwise), e.g. for an HTML ``lang`` attribute."""

    text: str
    lang: str


def localize(
    texts: Sequence[str] | None, codes: Sequence[Any] | None, language: str | None
) -> list[Line]:
    """Stored lines (reasons, explanation) in ``language``.

    ``texts`` are the stored English lines and ``codes`` the stored messages beside them
    (``reason_codes``, ``explanation_codes``). English shows the stored text as issued. In
    another language each line is rendered from its code; a line whose code is missing or
    cannot be rendered (a determination stored before codes existed, an id this version
    does not know) keeps its stored English text, and its ``lang`` says so ("en").
    """
    texts = list(texts or [])
    asked = (language or DEFAULT_LANGUAGE).replace("_", "-").split("-", 1)[0].lower()
    fallback = "" if asked == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    lang = language_of(language)
    if lang == DEFAULT_LANGUAGE or not codes or len(codes) != len(texts):
        return [Line(text, fallback) for text in texts]
    mark = "" if lang == asked else lang
    lines = []
    for text, code in zip(texts, codes, strict=True):
        try:
            lines.append(Line(render_json(code, lang), mark))
        except (KeyError, ValueError, TypeError, IndexError):
            lines.append(Line(text, fallback))
    return lines


def placeholders(text: str) -> list[tuple[str, str]]:
    """``(name, format spec)`` of each placeholder of a template, in order."""
    return [
        (name, spec or "")
        for _literal, name, spec, _conversion in string.Formatter().parse(text)
        if name is not None
    ]
