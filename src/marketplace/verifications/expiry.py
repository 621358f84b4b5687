"""What the data sources say in place of an attestation nobody could verify by the deadline.

When a verification item is still open after its due date (the 90 days of 45 CFR
155.315(f)(2)(ii) plus 5 days for the mail), the exchange "must determine the applicant's
eligibility based on the information available from the data sources ... and notify the
applicant of such determination in accordance with the notice requirements specified in
§ 155.310(g)" (155.315(f)(5)); for income, 155.320(c)(3)(vi)(F) and (G). The new
determination goes through the same rules engine as a submission
(`applications.determine.determine_and_store`), from the stored facts of the latest
determination with only the unverified attestation replaced:

- `ssn`, `citizenship`, `immigration` (155.315(b)-(c), (f)(5)): the data sources confirm
  neither citizenship nor lawful presence, so the member is treated as not a citizen and
  not lawfully present: not eligible to enroll in a QHP through the exchange (155.305(a)(1)),
  hence no APTC or CSR for them, and not meeting Medicaid's immigration rule either
  (42 CFR 435.406). Other members are unaffected. An SSN the SSA cannot match confirms
  nothing through the SSA Composite service, which is how citizenship is checked
  (155.315(c)(1)), so an expired SSN item is treated like an expired citizenship item.
- `income` with an amount from the data source (155.320(c)(3)(vi)(F)): that annual amount
  replaces the attested projected income (and a twelfth of it the current monthly income).
- `income` without data-source income (155.320(c)(3)(vi)(G)): the tax filer is determined
  ineligible for APTC and CSR; QHP eligibility is unaffected. The rules engine is told
  `income_unverified: true`, its input for exactly this rule, and its explanation says so.
- `mec` (155.320(b)): the data source found other minimum essential coverage (Medicare,
  Medicaid/CHIP) that could not be ruled out, so the member is treated as having it: no APTC
  for that member (26 U.S.C. 36B(c)(2)(B); 26 CFR 1.36B-2(c)). This exchange opens no
  employer-coverage items (155.320(d)), whose data-source rule would be the same.

Every replacement is recorded in the input snapshot: on the member (`people[i].substitutions`)
and for the household (`substitutions`), with what was attested, what was used and why;
`redetermination` names the cause, the date, the determination it started from and the
expired items. Pure: no database here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CAUSE = "verification_expired"
IDENTITY = ("ssn", "citizenship", "immigration")
CENT = Decimal("0.01")

#: Why an attestation was replaced: (English, Spanish). English is stored in the snapshot;
#: notices show the person's language by code.
REASONS: dict[str, tuple[str, str]] = {
    "ssn": (
        "The Social Security number could not be verified by the deadline, so citizenship or "
        "immigration status could not be confirmed: treated as not lawfully present, not "
        "eligible to enroll in a Marketplace plan (45 CFR 155.315(b), (f)(5); "
        "155.305(a)(1)).",
        "No se pudo verificar el número de Seguro Social antes de la fecha límite, así que no "
        "se pudo confirmar la ciudadanía ni el estatus migratorio: se considera que no tiene "
        "presencia legal y no puede inscribirse en un plan del Mercado (45 CFR 155.315(b), "
        "(f)(5); 155.305(a)(1)).",
    ),
    "citizenship": (
        "Citizenship could not be verified by the deadline: treated as not lawfully present, "
        "not eligible to enroll in a Marketplace plan (45 CFR 155.315(c)(1), (f)(5); "
        "155.305(a)(1)).",
        "No se pudo verificar la ciudadanía antes de la fecha límite: se considera que no "
        "tiene presencia legal y no puede inscribirse en un plan del Mercado "
        "(45 CFR 155.315(c)(1), (f)(5); 155.305(a)(1)).",
    ),
    "immigration": (
        "Immigration status could not be verified by the deadline: treated as not lawfully "
        "present, not eligible to enroll in a Marketplace plan (45 CFR 155.315(c)(2), (f)(5); "
        "155.305(a)(1)).",
        "No se pudo verificar el estatus migratorio antes de la fecha límite: se considera que "
        "no tiene presencia legal y no puede inscribirse en un plan del Mercado "
        "(45 CFR 155.315(c)(2), (f)(5); 155.305(a)(1)).",
    ),
    "income_data": (
        "Household income could not be verified by the deadline: the income from our data "
        "source, ${used:,.0f} a year, is used instead of the ${attested:,.0f} on the "
        "application (45 CFR 155.320(c)(3)(vi)(F)).",
        "No se pudieron verificar los ingresos del hogar antes de la fecha límite: se usan los "
        "ingresos de nuestra fuente de datos, ${used:,.0f} al año, en lugar de los "
        "${attested:,.0f} de la solicitud (45 CFR 155.320(c)(3)(vi)(F)).",
    ),
    "income_no_data": (
        "Household income could not be verified by the deadline and our data sources have no "
        "income information: still eligible to enroll in a Marketplace plan, but not for the "
        "premium tax credit or cost-sharing reductions (45 CFR 155.320(c)(3)(vi)(G)).",
        "No se pudieron verificar los ingresos del hogar antes de la fecha límite y nuestras "
        "fuentes de datos no tienen información de ingresos: puede seguir inscrito en un plan "
        "del Mercado, pero sin crédito fiscal para la prima ni reducciones de costos "
        "compartidos (45 CFR 155.320(c)(3)(vi)(G)).",
    ),
    "mec": (
        "Other health coverage (such as Medicare or Medicaid) found by our data source could "
        "not be ruled out by the deadline: treated as having that coverage, so no premium tax "
        "credit for this person (45 CFR 155.320(b), 155.315(f)(5); 26 CFR 1.36B-2(c)).",
        "No se pudo descartar antes de la fecha límite otra cobertura médica (como Medicare o "
        "Medicaid) que encontró nuestra fuente de datos: se considera que la tiene, así que "
        "esta persona no recibe crédito fiscal para la prima (45 CFR 155.320(b), "
        "155.315(f)(5); 26 CFR 1.36B-2(c)).",
    ),
}


def reason_text(substitution: dict, language: str = "en") -> str:
    """The substitution's reason in `language` (the stored English when the code is
    unknown, e.g. written by a later version)."""
    texts = REASONS.get(str(substitution.get("code")))
    if texts is None:
        return str(substitution.get("reason") or "")
    template = texts[1 if language == "es" else 0]
    values = {
        key: Decimal(str(substitution[key]))
        for key in ("used", "attested")
        if isinstance(substitution.get(key), (int, float, str))
        and not isinstance(substitution.get(key), bool)
    }
    try:
        return template.format(**values)
    except (KeyError, ValueError):
        return str(substitution.get("reason") or "")


@dataclass(frozen=True)
class Expired:
    """One expired item as the substitution needs it."""

    item: str  # public id
    type: str
    member_index: int | None  # position in the snapshot's people; None if not found there
    member_name: str
    due_date: date
    data_income: Decimal | None = None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def member_index(people: Sequence[dict], ordered: Sequence, member) -> int | None:
    """Where `member` (an application Member, or None) is in the snapshot's `people`.

    The snapshot lists members in `ordered` order (rules_input.build) and holds their names,
    not their ids: the same position with the same name, else the only person of that name.
    None when the application changed since and the person cannot be found."""
    if member is None:
        return None
    ids = [m.pk for m in ordered]
    if len(ordered) == len(people) and member.pk in ids:
        index = ids.index(member.pk)
        if people[index].get("name") == member.name:
            return index
    named = [i for i, person in enumerate(people) if person.get("name") == member.name]
    return named[0] if len(named) == 1 else None


def _record(item: Expired, code: str, field: str, attested, used) -> dict:
    entry = {
        "item": item.item,
        "type": item.type,
        "member": item.member_name,
        "field": field,
        "attested": attested,
        "used": used,
        "code": code,
    }
    entry["reason"] = reason_text(entry, "en")
    return entry


def substitute(
    snapshot: dict, expired: Iterable[Expired], *, on: date, based_on: str
) -> tuple[dict, list[dict]]:
    """The rules input to redetermine: `snapshot` (the latest determination's input) with
    each expired item's attestation replaced. Returns (input, this run's substitutions)."""
    data = copy.deepcopy(snapshot)
    people = data.get("people") or []
    done: list[dict] = []
    items = list(expired)
    for item in items:
        person = people[item.member_index] if item.member_index is not None else None
        if item.type in IDENTITY:
            if person is None:
                continue
            attested = bool(person.get("citizen", True) or person.get("lawfully_present", True))
            person["citizen"] = False
            person["lawfully_present"] = False
            person["medicaid_immigration_eligible"] = False
            entry = _record(item, item.type, "lawfully_present", attested, False)
        elif item.type == "income":
            if item.data_income is not None:
                attested = data.get("income")
                data["income"] = _number(item.data_income)
                data["monthly_income"] = _number((item.data_income / 12).quantize(CENT))
                entry = _record(item, "income_data", "income", attested, data["income"])
            else:
                attested = not data.get("income_unverified", False)
                data["income_unverified"] = True
                entry = _record(item, "income_no_data", "aptc_csr", attested, False)
        elif item.type == "mec":
            if person is None:
                continue
            attested = bool(person.get("has_mec", False))
            person["has_mec"] = True
            entry = _record(item, "mec", "has_mec", attested, True)
        else:
            continue
        if person is not None:
            person.setdefault("substitutions", []).append(entry)
        data.setdefault("substitutions", []).append(entry)
        done.append(entry)
    data["redetermination"] = {
        "cause": CAUSE,
        "date": on.isoformat(),
        "based_on": based_on,
        "items": [item.item for item in items],
    }
    return data, done
