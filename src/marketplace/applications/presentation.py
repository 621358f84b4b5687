"""What the review and results pages show, in plain words, from stored records only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aca_rules.messages import localize
from marketplace.applications import income, rules_input
from marketplace.applications.models import Application, Member
from marketplace.determinations.ftr import household_lines, other_filer
from marketplace.determinations.models import Determination

BOOL_FIELDS = {
    "citizen",
    "incarcerated",
    "aian",
    "pregnant",
    "tobacco",
    "esi_offered",
    "esi_min_value",
}
CENT = Decimal("0.01")


def _csr_words(level) -> str:
    return {
        "94": _("Extra savings on deductibles and copays: silver plans at 94% actuarial value"),
        "87": _("Extra savings on deductibles and copays: silver plans at 87% actuarial value"),
        "73": _("Extra savings on deductibles and copays: silver plans at 73% actuarial value"),
        "zero": _("No deductibles or copays (American Indian or Alaska Native)"),
        "limited": _("No cost sharing for services from Indian health providers"),
    }.get(level, "")


def _shopping_relationship(code: str) -> str:
    return {
        "self": _("You"),
        "spouse": _("Your spouse"),
        "child": _("A child"),
        "other_dependent": _("Another dependent"),
    }.get(code, code)


def carried_person(person: dict) -> str:
    """'Your spouse, age 38': someone described while window shopping."""
    return _("%(who)s, age %(age)s") % {
        "who": _shopping_relationship(person["relationship"]),
        "age": person["age"],
    }


def carried_age_hint(person: dict) -> str:
    return _(
        "From what you told us while looking at plans: %(person)s. Enter the date of "
        "birth; you can change the relationship we chose."
    ) % {"person": carried_person(person)}


def carried_age_mismatch(member: Member, person: dict) -> str:
    return _(
        "While looking at plans you gave the age %(age)s for %(who)s, but the date of birth "
        "of %(name)s makes a different age on January 1. Check the date of birth."
    ) % {
        "age": person["age"],
        "who": _shopping_relationship(person["relationship"]).lower(),
        "name": member.name,
    }


def income_initial(member: Member) -> dict:
    initial = {}
    for item in member.incomes.all():
        initial[item.source] = item.amount
        initial[f"{item.source}_frequency"] = item.frequency
    for item in member.deductions.all():
        initial["deductions"] = item.amount
        initial["deductions_frequency"] = item.frequency
    return initial


def _yes_no(value) -> str:
    return {True: _("Yes"), False: _("No")}.get(value, _("Not answered"))


def review_context(application: Application) -> dict:
    members = list(application.members.prefetch_related("incomes", "deductions"))
    money = rules_input.household_income(application, members)
    rows = []
    for member in members:
        rows.append(
            {
                "member": member,
                "facts": [
                    (_("Date of birth"), date_format(member.date_of_birth, "DATE_FORMAT")),
                    (_("Relationship to you"), member.get_relationship_display()),
                    (_("Social Security number"), _("On file") if member.has_ssn else _("None")),
                    (_("U.S. citizen or national"), _yes_no(member.citizen)),
                    (_("Immigration status"), member.get_immigration_status_display() or "-"),
                    (_("In jail or prison"), _yes_no(member.incarcerated)),
                    (_("American Indian or Alaska Native"), _yes_no(member.aian)),
                    (_("Pregnant"), _yes_no(member.pregnant)),
                    (_("Other coverage"), member.get_other_coverage_display() or "-"),
                    (_("Offered employer coverage"), _yes_no(member.esi_offered)),
                    (_("Asking for coverage"), _yes_no(member.seeking_coverage)),
                ],
                # What was typed, how often, and the yearly figure the rules use.
                "incomes": [
                    (
                        i.get_source_display(),
                        i.amount,
                        i.get_frequency_display(),
                        income.annualize(i.amount, i.frequency),
                    )
                    for i in member.incomes.all()
                ],
                "deductions": [
                    (d.amount, d.get_frequency_display(), income.annualize(d.amount, d.frequency))
                    for d in member.deductions.all()
                ],
            }
        )
    return {
        "rows": rows,
        "annual_magi": money.annual_magi,
        "monthly_income": money.monthly,
    }


def _member_summary(member: dict) -> str:
    if member.get("medicaid"):
        return _("Qualifies for Medicaid")
    if member.get("chip"):
        return _("Qualifies for CHIP (health coverage for children)")
    if member.get("qhp") and member.get("aptc"):
        return _("Can buy a Marketplace plan with a premium tax credit")
    if member.get("qhp"):
        return _("Can buy a Marketplace plan at full price (no tax credit)")
    return _("Cannot buy a plan through the Marketplace")


def _money(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def result_context(determination: Determination) -> dict:
    """Everything from the stored result and snapshot; nothing recomputed from today's rules
    except the display arithmetic (yearly amounts divided by twelve). The reasons and the
    explanation are ``aca_rules.messages.Line`` values (text, and lang when not the page's)."""
    result, snapshot = determination.result, determination.input_snapshot
    language = get_language()
    people = snapshot.get("people", [])
    # A failure to file and reconcile of a tax filer other than the account holder: in
    # general terms, no tax years (determinations/ftr.py, docs/adr/0108).
    other = other_filer(snapshot)
    members = []
    for index, member in enumerate(result.get("members", [])):
        seeking = people[index].get("seeking_coverage", True) if index < len(people) else True
        members.append(
            {
                "name": member.get("name") or _("Person %(n)s") % {"n": index + 1},
                "summary": _member_summary(member) if seeking else _("Not asking for coverage"),
                "csr": _csr_words(member.get("csr")) if member.get("aptc") else "",
                # In the page's language from the stored message codes; a determination
                # stored without codes keeps its English text (marked lang="en").
                "reasons": household_lines(
                    localize(member.get("reasons", []), member.get("reason_codes"), language),
                    member.get("reason_codes"),
                    language,
                    other,
                ),
                "seeking": seeking,
            }
        )
    expected = _money(result.get("expected_contribution"))
    benchmark = _money(result.get("benchmark_premium"))
    aptc = _money(result.get("aptc"))
    pct = result.get("applicable_percentage")
    return {
        "members": members,
        "income": _money(snapshot.get("income")),
        "monthly_income": _money(snapshot.get("monthly_income")),
        "household_size": result.get("household_size"),
        "fpl_percent": result.get("fpl_percent"),
        "poverty_guideline": _money(result.get("poverty_guideline")),
        "applicable_percentage": None if pct is None else (Decimal(str(pct)) * 100).quantize(CENT),
        "expected_year": expected,
        "expected_month": None if expected is None else (expected / 12).quantize(CENT),
        "benchmark_month": benchmark,
        "benchmark_year": None if benchmark is None else benchmark * 12,
        "aptc_month": aptc,
        "aptc_year": None if aptc is None else aptc * 12,
        "csr": _csr_words(result.get("csr")),
        "state_subsidy": result.get("state_subsidy"),
        "explanation": household_lines(
            localize(result.get("explanation", []), result.get("explanation_codes"), language),
            result.get("explanation_codes"),
            language,
            other,
        ),
        "year": result.get("year"),
        "rules_version": determination.rules_version,
    }
