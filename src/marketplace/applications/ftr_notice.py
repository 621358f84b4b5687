"""The notice to a tax filer who did not file and reconcile (45 CFR 155.305(f)(4)) and is not
the account holder: the tax years and what to do, sent to that person alone, by mail
(docs/adr/0108).

The IRS's report names a tax filer and tax years: federal tax information about that tax
filer (IRC 6103(b)(2), received under 6103(l)(21)), not to be disclosed to the rest of the
household. When the tax filer is the account holder, the result page, the eligibility
notice and the renewal notice name the years to them as before. When another member of the
household files their own return, the household is told in general terms only
(determinations/ftr.py) and this notice goes to the tax filer directly, as CMS sends a
"direct" FTR notice to the household's tax filer beside the "indirect" one to the
enrollee (FTR recheck notices, April 2025) and mailed a paper notice to tax filers in FTR
status (October 2020).

A non-account-holder has no account and so no message center: the notice has no user, is
paper, and is mailed to the tax filer by name at the household's address (the address the
application gives; the IRS's address for them is not ours to use). It is queued in the
transaction of the determination or renewal that found the failure, once: a later
determination telling the same tax filer the same years for the same coverage year (a
repeated run, a redetermination, a renewal run again) queues nothing (`request_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.applications import reconcile
from marketplace.applications.models import Application, Member
from marketplace.applications.rules_input import in_rules_order
from marketplace.determinations.ftr import FILER, other_filer
from marketplace.notices import actions as notices
from marketplace.notices.content import BUILDERS, BadContext, common
from marketplace.notices.models import Notice

KIND = "ftr_tax_filer"
TEMPLATE = "applications/notices/ftr_tax_filer.html"

WORDS = {
    "en": {
        "title": "File your federal tax return and reconcile your premium tax credit",
        "denied": "The IRS told us that advance payments of the premium tax credit (APTC) "
        "were paid for you for {years} and that no federal income tax return reconciling "
        "them (Form 8962) was filed for those years. So the household you belong to on a "
        "Marketplace application gets no premium tax credit in advance, and no income-based "
        "cost-sharing reductions, for {year} until you file and reconcile (45 CFR "
        "155.305(f)(4)). Its Marketplace plan can be kept at its full price.",
        "warning": "The IRS told us that advance payments of the premium tax credit (APTC) "
        "were paid for you for {years} and that no federal income tax return reconciling "
        "them (Form 8962) was filed. The household you belong to on a Marketplace "
        "application keeps its premium tax credit for {year} for now, but if this happens for "
        "{count} tax years in a row the Marketplace must stop it, and the income-based "
        "cost-sharing reductions with it (45 CFR 155.305(f)(4); two consecutive tax years "
        "since the 2024 Payment Notice, 88 FR 25740).",
        "private": "We send this notice to you alone: it holds your federal tax information. "
        "The household was told only that a tax filer in it did not file and reconcile, "
        "not who, and not the tax years.",
        "do_heading": "What you need to do",
        "do": "File a federal income tax return for {years} with Form 8962 (Premium Tax "
        "Credit), using the Form 1095-A the Marketplace sent for each of those years. You "
        "must file it even if you would not otherwise have to file a return.",
        "attest": "The IRS's records can take weeks to show a return. Once you have filed, "
        "the person who holds the household's Marketplace account can tell us, under penalty "
        'of perjury, that the tax filer has filed and reconciled ("I have filed my federal '
        "tax return and reconciled\"), or you can call us. We then decide the household's "
        "eligibility again without those years, and check the IRS's records again later.",
    },
    "es": {
        "title": "Presente su declaración federal de impuestos y concilie su crédito fiscal "
        "para la prima",
        "denied": "El IRS nos informó que se pagaron pagos por adelantado del crédito fiscal "
        "para la prima (APTC) a su nombre en {years} y que no se presentó una declaración "
        "federal de impuestos que los concilie (Formulario 8962) para esos años. Por eso el "
        "hogar al que usted pertenece en una solicitud del Mercado no recibe el crédito "
        "fiscal para la prima por adelantado, ni reducciones de costos compartidos por "
        "ingresos, en {year} hasta que usted presente su declaración y concilie (45 CFR "
        "155.305(f)(4)). El hogar puede quedarse con su plan del Mercado a su precio completo.",
        "warning": "El IRS nos informó que se pagaron pagos por adelantado del crédito fiscal "
        "para la prima (APTC) a su nombre en {years} y que no se presentó una declaración "
        "federal de impuestos que los concilie (Formulario 8962). El hogar al que usted "
        "pertenece en una solicitud del Mercado conserva su crédito fiscal para la prima en "
        "{year} por ahora, pero si esto ocurre durante {count} años tributarios seguidos el "
        "Mercado debe suspenderlo, y con él las reducciones de costos compartidos por "
        "ingresos (45 CFR 155.305(f)(4); dos años tributarios consecutivos desde el Aviso de "
        "Pago de 2024, 88 FR 25740).",
        "private": "Le enviamos este aviso solo a usted: contiene su información tributaria "
        "federal. Al hogar solo le dijimos que un declarante de impuestos del hogar no "
        "presentó su declaración ni concilió, sin decir quién ni los años tributarios.",
        "do_heading": "Lo que debe hacer",
        "do": "Presente una declaración federal de impuestos para {years} con el Formulario "
        "8962 (crédito fiscal para la prima), usando el Formulario 1095-A que el Mercado le "
        "envió para cada uno de esos años. Debe presentarla aunque de otro modo no tuviera "
        "que presentar una declaración.",
        "attest": "Los registros del IRS pueden tardar semanas en mostrar una declaración. "
        "Una vez que la haya presentado, la persona que tiene la cuenta del Mercado del "
        "hogar puede decirnos, bajo pena de perjurio, que el declarante presentó su "
        'declaración y concilió ("Presenté mi declaración federal de impuestos y '
        'concilié"), o usted puede llamarnos. Entonces decidimos otra vez la elegibilidad '
        "del hogar sin contar esos años, y más adelante revisamos otra vez los registros "
        "del IRS.",
    },
}


@dataclass(frozen=True)
class FtrTaxFiler:
    """What a tax filer's notice is about (its Notice.related_type and related_id): the
    application and the coverage year."""

    pk: str


def _about(application: Application, year) -> FtrTaxFiler:
    return FtrTaxFiler(f"{application.pk}:{year}")


def _ftr(determination, filer: list[Member]) -> dict | None:
    """What the notice tells: the years the result names, denial or warning, the year."""
    result = determination.result or {}
    years = reconcile.reported_years(result)
    if not years:
        return None
    codes = [c.get("id") for c in result.get("explanation_codes") or () if isinstance(c, dict)]
    args = next(
        (c.get("args") or {} for c in result.get("explanation_codes") or () if _is_warning(c)),
        {},
    )
    return {
        "years": years,
        "denied": "tax.failed_to_reconcile" in codes,
        "count": args.get("count", ""),
        "year": result.get("year") or determination.input_snapshot.get("year"),
        "filer": [str(m.public_id) for m in filer],
    }


def _is_warning(code) -> bool:
    return isinstance(code, dict) and code.get("id") == "tax.ftr_warning"


def _filer(determination, members: list[Member]) -> list[Member]:
    """The members the snapshot names as the tax filer reported on, in rules order.

    A redetermination from stored facts (a deadline, an appeal: docs/adr/0109) may read a
    snapshot older than the household: a member named by index must still bear the
    snapshot's name there, else nobody is written to (IRC 6103: another member must never
    receive the tax filer's years)."""
    ordered = in_rules_order(members)
    snapshot = determination.input_snapshot
    people = snapshot.get("people") or []
    indexes = (snapshot.get(FILER) or {}).get("people") or []
    found = [
        ordered[i]
        for i in indexes
        if 0 <= i < min(len(ordered), len(people)) and ordered[i].name == people[i].get("name")
    ]
    return found if len(found) == len(indexes) else []


def context_for(application: Application, determination, members=None) -> dict | None:
    """The notice's context, or None when there is nothing to send: no failure to file and
    reconcile named, or the account holder is the tax filer (they read it themselves)."""
    if not other_filer(determination.input_snapshot):
        return None
    members = list(application.members.all()) if members is None else list(members)
    filer = _filer(determination, members)
    ftr = _ftr(determination, filer) if filer else None
    if ftr is None:
        return None
    return {
        "name": filer[0].name,
        "address": {
            "street": application.street,
            "city": application.city,
            "state": application.state,
            "zipcode": application.zipcode,
        },
        "determination_public_id": str(determination.public_id),
        "ftr": ftr,
    }


def _told(about: FtrTaxFiler, ftr: dict) -> bool:
    """A notice already queued for the same application and coverage year told this tax
    filer the same years, the same way (denial or warning)."""
    sent = Notice.objects.filter(kind=KIND, related_type=type(about).__name__, related_id=about.pk)
    same = ("years", "denied", "filer")
    return any(
        all((n.context.get("ftr") or {}).get(k) == ftr[k] for k in same)
        for n in sent.only("context")
    )


def request_for(application: Application, determination, members=None):
    """The tax filer's notice as a NoticeRequest (user None: mailed), or None when there is
    nothing to send or it was sent already for this coverage year."""
    context = context_for(application, determination, members)
    if context is None:
        return None
    about = _about(application, context["ftr"]["year"])
    if _told(about, context["ftr"]):
        return None
    owner = application.owner
    language = getattr(owner, "preferred_language", "") or "en"
    return notices.NoticeRequest(
        None, KIND, context, language, related_object=about, household=owner
    )


def issue_for(application: Application, determination, members=None, *, actor=None):
    """Queue the tax filer's notice in the caller's transaction, or nothing (`request_for`).

    Every path that stores a determination for an application calls this (or queues
    `request_for` in its batch): submission, reported changes and overrides (through the
    eligibility notice), the batch submission, the renewal, a verification deadline
    (verifications/actions.py) and an appeal kept pending or carried out (appeals/actions.py;
    docs/adr/0109)."""
    request = request_for(application, determination, members)
    if request is None:
        return None
    return notices.issue_notice(
        user=None,
        kind=KIND,
        context=request.context,
        language=request.language,
        actor=actor,
        related_object=request.related_object,
        household=request.household,
    )


def build(notice_id: str, language: str, context: dict) -> dict:
    ftr = context.get("ftr")
    if not isinstance(ftr, dict) or not ftr.get("years"):
        raise BadContext("a tax filer's FTR notice needs the tax years")
    data = common(notice_id, language, context)
    w = WORDS[language]
    years = ", ".join(str(y) for y in ftr["years"])
    lead = w["denied"] if ftr.get("denied") else w["warning"]
    data.update(
        {
            "title": w["title"],
            "w": w,
            "lead": lead.format(years=years, year=ftr.get("year", ""), count=ftr.get("count")),
            "do": w["do"].format(years=years),
        }
    )
    return data


def register() -> None:
    BUILDERS.setdefault(KIND, (TEMPLATE, build))
