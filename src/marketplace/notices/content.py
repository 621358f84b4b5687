"""Turn a notice's stored context into what its template shows.

Only the stored snapshot is read (the determination result as it was stored, never a re-run of
today's rules on old facts: docs/architecture.md). An eligibility notice names its stored
determination (immutable) rather than holding a copy of its result (ADR 0813); one issued
before holds the copy, and reads the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError

from aca_rules.messages import localize
from marketplace.core import clock
from marketplace.core.states import state_name
from marketplace.determinations.models import Determination
from marketplace.notices.text import TEXT, VERIFICATION_TEXT, long_date

APPEAL_DAYS = 90  # 45 CFR 155.520(b)(1): 90 days from the date of the eligibility notice


class BadContext(ValueError):
    """The context cannot make this kind of notice (a permanent error, never retried).
    Its messages name what is missing or malformed, never a value from the context."""

    personal_data_free = True


def money(value, cents: bool = True) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def _date(raw) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise BadContext("a date in the notice's content is not YYYY-MM-DD") from exc


def address_lines(address: dict | None) -> list[str]:
    """Mailing lines from an address dict, whatever its key names (street/line1/address1...)."""
    if not address:
        return []
    pick = lambda *keys: next((str(address[k]) for k in keys if address.get(k)), "")  # noqa: E731
    lines = [
        pick("line1", "street", "address1", "street_address"),
        pick("line2", "unit", "address2", "apartment"),
    ]
    city = pick("city")
    region = " ".join(filter(None, [pick("state"), pick("zip", "zipcode", "postal_code")]))
    lines.append(", ".join(filter(None, [city, region])))
    return [line for line in lines if line.strip()]


def css_string(value: str) -> str:
    """A CSS string literal's content (for @page margin boxes): no quote, backslash, newline
    or angle bracket can escape it, and no ampersand is read as an XML entity (base.html is
    parsed as XML, ADR 0826)."""
    out = []
    for char in value:
        if char in "\\\"<>'&" or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


def _name(member) -> str:
    """A member given as a name or as a dict with a "name"."""
    if isinstance(member, dict):
        return str(member.get("name") or "")
    return str(member or "")


def _text(language: str) -> dict[str, str]:
    code = settings.MARKETPLACE_STATE
    state = state_name(code)
    words = dict(TEXT[language])
    words["exchange"] = words["exchange"].format(state=state)
    words["exchange_city"] = words["exchange_city"].format(state_code=code)
    return words


def common(notice_id: str, language: str, context: dict) -> dict:
    if language not in TEXT:
        raise BadContext(f"no notice text in language {language!r}")
    t = _text(language)
    on = _date(context.get("date") or clock.today().isoformat())
    application = context.get("application") or {}
    contact = application.get("contact") or context.get("contact") or {}
    members = [_name(m) for m in application.get("members") or []]
    name = contact.get("name") or (members[0] if members else "") or context.get("name") or ""
    address = application.get("address") or context.get("address")
    return {
        "t": t,
        "language": language,
        "notice_id": notice_id,
        "notice_date": long_date(on, language),
        "on": on,
        "recipient": name,
        "recipient_lines": address_lines(address),
        "greeting": t["dear"].format(name=name or t["household"]),
        "footer_css": css_string(
            t["footer"].format(exchange=t["exchange"], notice_id=notice_id[:8].upper())
        ),
        "page_css": css_string(t["page"]),
        "of_css": css_string(t["of"]),
    }


def _member_result(member: dict, t: dict) -> str:
    if member.get("medicaid"):
        return t["r_medicaid"]
    if member.get("chip"):
        return t["r_chip"]
    if member.get("qhp") and member.get("aptc"):
        csr = member.get("csr")
        if csr in {"94", "87", "73"}:
            return t["r_qhp_aptc_csr"].format(csr=csr)
        return t["r_qhp_aptc"]
    if member.get("qhp"):
        return t["r_qhp"]
    return t["r_none"]


def determination_result(context: dict) -> dict | None:
    """The result of the determination an eligibility notice tells: copied into the
    context (notices issued before ADR 0813), else read from the stored determination the
    context names (`determination_public_id`). Determinations are immutable, so both give
    what the notice said the day it was issued."""
    result = context.get("determination")
    public_id = context.get("determination_public_id")
    if result is not None or not public_id:
        return result
    try:
        found = Determination.objects.filter(public_id=public_id)
        return found.values_list("result", flat=True).first()
    except ValidationError:  # not a public id: the notice cannot be laid out
        return None


def eligibility(notice_id: str, language: str, context: dict) -> dict:
    """45 CFR 155.230(a) and 155.310(g): the eligibility notice, with the reasons."""
    result = determination_result(context)
    if not isinstance(result, dict) or "members" not in result:
        raise BadContext("an eligibility notice needs the stored determination result")
    data = common(notice_id, language, context)
    t = data["t"]
    members = _eligibility_members(result, context, language, t)
    rows = _figures(result, context, t)
    subsidy = result.get("state_subsidy")
    subsidy_reason = None
    if isinstance(subsidy, dict) and subsidy.get("reason"):
        code = subsidy.get("reason_code")
        subsidy_reason = localize([subsidy["reason"]], [code] if code else None, language)[0]
    any_public = any(m.get("medicaid") or m.get("chip") for m in result["members"])
    data.update(
        {
            "title": t["eligibility_title"],
            "intro": t["eligibility_intro"].format(year=result.get("year", "")),
            "members": members,
            "rows": rows,
            "any_aptc": any(m.get("aptc") for m in result["members"]),
            "any_qhp": any(m.get("qhp") for m in result["members"]),
            "any_public": any_public,
            "state_subsidy": subsidy_reason,
            "reasons_in_english": any(
                reason.lang for member in members for reason in member["reasons"]
            ),
            "appeal_text": t["appeal_text"].format(
                deadline=long_date(data["on"] + timedelta(days=APPEAL_DAYS), language)
            ),
            "determination_id": context.get("determination_public_id", ""),
        }
    )
    return data


def _eligibility_members(result: dict, context: dict, language: str, t: dict) -> list[dict]:
    """Each member's name (from the determination, else the application, else "Person n"),
    age, result and reasons."""
    names = [_name(m) for m in (context.get("application") or {}).get("members") or []]
    members = []
    for index, member in enumerate(result["members"]):
        name = member.get("name") or (names[index] if index < len(names) else "")
        members.append(
            {
                "name": name or t["person"].format(n=index + 1),
                "age": member.get("age", ""),
                "result": _member_result(member, t),
                # In the notice's language from the stored message codes; a determination
                # stored without them keeps its English reasons (marked lang="en").
                "reasons": localize(
                    member.get("reasons") or [], member.get("reason_codes"), language
                ),
            }
        )
    return members


def _figures(result: dict, context: dict, t: dict) -> list[tuple[str, str]]:
    """The figures the tax credit was computed from (26 U.S.C. 36B): income, household
    size, poverty guideline and percent, applicable percentage, contribution, benchmark and
    APTC."""
    pct = result.get("applicable_percentage")
    contribution = result.get("expected_contribution")
    income = (
        context.get("income")
        or (context.get("application") or {}).get("income")
        or result.get("income")
    )
    rows = []
    if income not in (None, ""):
        rows.append((t["row_income"], money(income, cents=False)))
    rows += [
        (t["row_size"], str(result.get("household_size", "—"))),
        (t["row_guideline"], money(result.get("poverty_guideline"), cents=False)),
        (
            t["row_fpl"],
            f"{result['fpl_percent']}%" if result.get("fpl_percent") is not None else "—",
        ),
        (t["row_applicable"], f"{Decimal(str(pct)) * 100:.2f}%" if pct is not None else "—"),
        (t["row_contribution"], money(contribution)),
        (
            t["row_contribution_monthly"],
            money((Decimal(str(contribution)) / 12).quantize(Decimal("0.01")))
            if contribution is not None
            else "—",
        ),
        (t["row_benchmark"], money(result.get("benchmark_premium"))),
        (t["row_aptc"], money(result.get("aptc"))),
    ]
    return rows


def verification(notice_id: str, language: str, context: dict, *, reminder: bool) -> dict:
    """45 CFR 155.315(f)(1)(ii) and (f)(2): tell the person what to send and by when."""
    items = context.get("items")
    if not items:
        raise BadContext("a verification notice lists at least one item")
    data = common(notice_id, language, context)
    t = data["t"]
    words = VERIFICATION_TEXT[language]
    rows = []
    for item in items:
        what, examples = words.get(item.get("type"), (item.get("type", ""), ""))
        rows.append(
            {
                "person": item.get("member_name") or t["household"],
                "what": what,
                "examples": examples,
                "due": long_date(_date(item["due_date"]), language),
            }
        )
    data.update(
        {
            "title": t["verification_reminder_title" if reminder else "verification_request_title"],
            "intro": t["verification_reminder_intro" if reminder else "verification_intro"],
            "items": rows,
        }
    )
    return data


def verification_extension(notice_id: str, language: str, context: dict) -> dict:
    """45 CFR 155.315(f)(3): the period was extended for a good-faith effort; the new due
    date, the one it replaces and the caseworker's reason."""
    extension = context.get("extension")
    if not extension:
        raise BadContext("an extension notice needs its extension")
    data = verification(notice_id, language, context, reminder=False)
    t = data["t"]
    data.update(
        {
            "title": t["verification_extension_title"],
            "intro": t["verification_extension_intro"].format(
                due=long_date(_date(extension["due_date"]), language),
                previous=long_date(_date(extension["previous_due_date"]), language),
            ),
            "extension_reason": str(extension.get("reason") or ""),
        }
    )
    return data


def generic(notice_id: str, language: str, context: dict) -> dict:
    data = common(notice_id, language, context)
    data.update(
        {
            "title": context.get("title") or data["t"]["generic_title"],
            "paragraphs": [str(p) for p in context.get("paragraphs") or []],
        }
    )
    return data


BUILDERS = {
    "eligibility": ("notices/pdf/eligibility.html", eligibility),
    "verification_request": (
        "notices/pdf/verification.html",
        lambda n, lang, c: verification(n, lang, c, reminder=False),
    ),
    "verification_reminder": (
        "notices/pdf/verification.html",
        lambda n, lang, c: verification(n, lang, c, reminder=True),
    ),
    "verification_extension": ("notices/pdf/verification.html", verification_extension),
    "generic": ("notices/pdf/generic.html", generic),
}
