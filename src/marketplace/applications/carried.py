"""What the person typed while window shopping, offered again in the application's forms.

The household comes from the session (core/carry.py) when the application starts and is
kept on the application (`Application.carried`). It only ever fills in a form the person
has not answered yet, and the form says where the answer came from, so it can be changed
and is never silently wrong:

- the household step lists the people described while shopping and the "Add a person"
  form starts with the next one's relationship and says the age given;
- the address step starts with the zip code and county;
- a person's questions start with tobacco use, pregnancy and American Indian or Alaska
  Native status, when that person matches someone described while shopping (same kind of
  relationship, and an age within a year of the one given: shopping asks the age, the
  application the date of birth);
- the income step starts with the household income as the applicant's yearly wages;
- the coverage step starts with the people who said they need coverage.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from marketplace.applications.models import Application, Frequency, IncomeSource, Member

#: Window-shopping relationship -> the application's relationships it can stand for.
RELATIONSHIPS = {
    "self": ("self",),
    "spouse": ("spouse",),
    "child": ("child",),
    "other_dependent": ("parent", "other"),
}
FLAGS = ("tobacco", "pregnant", "aian")


def clean(household: dict | None) -> dict:
    """Only the fields the forms use, with the types they expect; {} for nothing usable."""
    if not isinstance(household, dict):
        return {}
    people = []
    for person in household.get("people") or []:
        if not isinstance(person, dict) or person.get("relationship") not in RELATIONSHIPS:
            continue
        try:
            age = int(person.get("age"))
        except (TypeError, ValueError):
            continue
        people.append(
            {
                "age": age,
                "relationship": person["relationship"],
                **{flag: bool(person.get(flag)) for flag in FLAGS},
                "seeking_coverage": bool(person.get("seeking_coverage", True)),
            }
        )
    if not people:
        return {}
    return {
        "zipcode": str(household.get("zipcode") or "")[:5],
        "countyfips": str(household.get("countyfips") or "")[:5],
        "income": str(household.get("income") or ""),
        "people": people,
    }


def people(application: Application) -> list[dict]:
    return list((application.carried or {}).get("people") or [])


def _age_on_january_first(member: Member, year: int) -> int:
    return member.age_on(date(year, 1, 1))


def _matched_indices(application: Application, members: list[Member]) -> dict[int, int]:
    """member pk -> index of the person described while shopping, one to one."""
    described = people(application)
    free = list(range(len(described)))
    found: dict[int, int] = {}
    for member in members:
        age = _age_on_january_first(member, application.coverage_year)
        for index in free:
            person = described[index]
            kinds = RELATIONSHIPS[person["relationship"]]
            if member.relationship in kinds and abs(person["age"] - age) <= 1:
                found[member.pk] = index
                free.remove(index)
                break
    return found


def matches(application: Application, members: list[Member]) -> dict[int, dict]:
    """member pk -> the person described while shopping (relationship and age agree)."""
    described = people(application)
    return {pk: described[i] for pk, i in _matched_indices(application, members).items()}


def unmatched(application: Application, members: list[Member]) -> list[dict]:
    """The people described while shopping whom no member matches, in their order."""
    taken = set(_matched_indices(application, members).values())
    return [p for i, p in enumerate(people(application)) if i not in taken]


def next_person(application: Application, members: list[Member]) -> dict | None:
    """The next person described while shopping who is not on the application yet."""
    remaining = unmatched(application, members)
    return remaining[0] if remaining else None


def mismatch(application: Application, members: list[Member], member: Member) -> dict | None:
    """When `member` matches no one: a person described while shopping with the same kind
    of relationship whom no one matches either (their ages disagree: a typing mistake?)."""
    if member.pk in _matched_indices(application, members):
        return None
    for person in unmatched(application, members):
        if member.relationship in RELATIONSHIPS[person["relationship"]]:
            return person
    return None


def details_initial(application: Application, member: Member) -> dict:
    person = matches(application, list(application.members.all())).get(member.pk)
    if person is None:
        return {}
    return {flag: "yes" if person[flag] else "no" for flag in FLAGS}


def address_initial(application: Application) -> dict:
    carried = application.carried or {}
    if application.zipcode or not carried.get("zipcode"):
        return {}
    return {"zipcode": carried["zipcode"], "countyfips": carried.get("countyfips", "")}


def income(application: Application) -> Decimal | None:
    try:
        value = Decimal((application.carried or {}).get("income") or "")
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def income_initial(application: Application, member: Member) -> dict:
    """The household income as the applicant's yearly wages, until income is saved."""
    amount = income(application)
    if amount is None or member.relationship != "self" or member.incomes.exists():
        return {}
    return {IncomeSource.WAGES: amount, f"{IncomeSource.WAGES}_frequency": Frequency.YEARLY}


def not_seeking(application: Application, members: list[Member]) -> set[int]:
    """Members whose shopping twin said they do not need coverage."""
    return {pk for pk, p in matches(application, members).items() if not p["seeking_coverage"]}
