"""The window-shopping household, kept in the URL query string (never in a session).

A household is the zip code, the county, the yearly income and the people. Each person is
a group of numbered parameters, so a page's URL can be shared and bookmarked::

    ?zip=02108&county=25025&income=52000&age0=40&age1=38&rel1=spouse&age2=8&rel2=child
     &tobacco0=1&pregnant1=1&aian2=1&coverage2=0

`coverage{i}=0` marks a person who does not need coverage (seeking coverage is the
default). Forms send `coverage{i}` twice (a hidden 0 then a checkbox 1) so an unchecked
box still says "no"; the last value wins.

`parse_household` turns a query into a :class:`HouseholdQuery` or a dict of field errors
(field name -> message), keeping what was typed for the form to show again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from marketplace.core.amount_field import describe, read_amount
from marketplace.core.amounts import AmountError

MAX_PEOPLE = 10
RELATIONSHIPS = ("self", "spouse", "child", "other_dependent")
PERSON_FIELDS = ("age", "rel", "tobacco", "pregnant", "aian", "coverage")
ZIP_RE = re.compile(r"^\d{5}$")
FIPS_RE = re.compile(r"^\d{5}$")
MAX_INCOME = Decimal("100000000")


@dataclass(frozen=True)
class PersonInput:
    """One person as the shopper described them."""

    age: int
    relationship: str = "self"
    tobacco: bool = False
    pregnant: bool = False
    aian: bool = False
    seeking_coverage: bool = True


@dataclass(frozen=True)
class HouseholdQuery:
    """A valid household with its place, ready for the rules engine."""

    zipcode: str
    countyfips: str
    income: Decimal
    people: tuple[PersonInput, ...]
    year: int | None = None

    @property
    def filing_status(self) -> str:
        """Derived for window shopping: a spouse means married filing jointly, other
        dependents mean head of household, otherwise single (docs/adr/0400)."""
        relationships = {p.relationship for p in self.people}
        if "spouse" in relationships:
            return "married_joint"
        if relationships & {"child", "other_dependent"}:
            return "head_of_household"
        return "single"

    def query_items(self) -> list[tuple[str, str]]:
        """The canonical query parameters (the shareable URL), shortest form."""
        items = [("zip", self.zipcode), ("county", self.countyfips)]
        items.append(("income", format_money_input(self.income)))
        if self.year:
            items.append(("year", str(self.year)))
        for i, person in enumerate(self.people):
            items.append((f"age{i}", str(person.age)))
            if i and person.relationship != "self":
                items.append((f"rel{i}", person.relationship))
            if person.tobacco:
                items.append((f"tobacco{i}", "1"))
            if person.pregnant:
                items.append((f"pregnant{i}", "1"))
            if person.aian:
                items.append((f"aian{i}", "1"))
            if not person.seeking_coverage:
                items.append((f"coverage{i}", "0"))
        return items

    def querystring(self) -> str:
        return urlencode(self.query_items())

    def carried(self) -> dict:
        """What the application starts with when the person goes on to apply
        (core/carry.py)."""
        return {
            "zipcode": self.zipcode,
            "countyfips": self.countyfips,
            "income": str(self.income),
            "year": self.year,
            "people": [
                {
                    "age": p.age,
                    "relationship": p.relationship,
                    "tobacco": p.tobacco,
                    "pregnant": p.pregnant,
                    "aian": p.aian,
                    "seeking_coverage": p.seeking_coverage,
                }
                for p in self.people
            ],
        }

    def estimate_input(self, state: str, year: int) -> dict:
        """The `marketplace estimate` input (docs/contracts.md 4.2) for this household."""
        return {
            "year": self.year or year,
            "state": state,
            "countyfips": self.countyfips,
            "zipcode": self.zipcode,
            "income": int(self.income) if self.income == int(self.income) else float(self.income),
            "filing_status": self.filing_status,
            "people": [
                {
                    "age": p.age,
                    "relationship": p.relationship,
                    "tobacco": p.tobacco,
                    "pregnant": p.pregnant,
                    "aian": p.aian,
                    "seeking_coverage": p.seeking_coverage,
                }
                for p in self.people
            ],
        }


@dataclass
class HouseholdForm:
    """What was typed, with the errors found in it: for showing the form again."""

    values: dict[str, str] = field(default_factory=dict)
    people: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def format_money_input(amount: Decimal) -> str:
    """Whole dollars without cents when there are none ('52000', '52000.50')."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}"


def parse_money(raw: str, label=None) -> tuple[Decimal | None, str]:
    """A dollar amount as people type it ('52000', '52,000', '$52,000.00', and in the
    Spanish pages '52.000'), read in the page's language (core/amounts.py), and the message
    naming the field when it cannot be read."""
    try:
        return read_amount(raw, largest=MAX_INCOME), ""
    except AmountError as error:
        return None, describe(error, label or _("Amount"))


def person_count(query) -> int:
    """How many people the query describes: the highest numbered field, plus one."""
    count = 0
    for key in query:
        for name in PERSON_FIELDS:
            if key.startswith(name) and key[len(name) :].isdigit():
                index = int(key[len(name) :])
                if index < MAX_PEOPLE:
                    count = max(count, index + 1)
    return count


def _last(query, key: str) -> str:
    """The last value sent for `key` (checkbox pairs send two), stripped."""
    if hasattr(query, "getlist"):
        values = query.getlist(key)
        return values[-1].strip() if values else ""
    value = query.get(key, "")
    return str(value).strip()


def read_people(query, count: int | None = None) -> list[dict[str, str]]:
    """The people fields as typed, one dict per person."""
    count = person_count(query) if count is None else count
    people = []
    for i in range(count):
        people.append(
            {
                "age": _last(query, f"age{i}"),
                "rel": _last(query, f"rel{i}") or ("self" if i == 0 else "child"),
                "tobacco": _last(query, f"tobacco{i}"),
                "pregnant": _last(query, f"pregnant{i}"),
                "aian": _last(query, f"aian{i}"),
                "coverage": _last(query, f"coverage{i}") or "1",
            }
        )
    return people


def validate_place(query) -> tuple[dict[str, str], dict[str, str]]:
    """The zip and county as typed, and their format errors."""
    values = {"zip": _last(query, "zip"), "county": _last(query, "county")}
    errors: dict[str, str] = {}
    if not values["zip"]:
        errors["zip"] = _("Enter your 5-digit zip code.")
    elif not ZIP_RE.match(values["zip"]):
        errors["zip"] = _("A zip code has 5 digits, like 02108.")
    if values["county"] and not FIPS_RE.match(values["county"]):
        errors["county"] = _("Choose your county from the list.")
    return values, errors


def _truthy(raw: str) -> bool:
    return raw.lower() in {"1", "on", "true", "yes"}


def _validate_person(i: int, typed: dict[str, str], errors: dict[str, str]) -> PersonInput | None:
    age_raw = typed["age"]
    age = None
    if not age_raw:
        errors[f"age{i}"] = _("Enter this person's age in years.")
    elif not age_raw.isdigit() or int(age_raw) > 120:
        errors[f"age{i}"] = _("Age must be a whole number of years from 0 to 120.")
    else:
        age = int(age_raw)
    relationship = "self" if i == 0 else typed["rel"]
    if relationship not in RELATIONSHIPS:
        errors[f"rel{i}"] = _("Choose how this person is related to you.")
    if age is None or f"rel{i}" in errors:
        return None
    return PersonInput(
        age=age,
        relationship=relationship,
        tobacco=_truthy(typed["tobacco"]),
        pregnant=_truthy(typed["pregnant"]),
        aian=_truthy(typed["aian"]),
        seeking_coverage=typed["coverage"] not in {"0", "no", "false", "off"},
    )


def parse_household(
    query, *, require_county: bool = True
) -> tuple[HouseholdQuery | None, HouseholdForm]:
    """Validate a household query; on errors return None and the form to show again."""
    values, errors = validate_place(query)
    if require_county and not values["county"] and "county" not in errors:
        errors["county"] = _("Choose your county from the list.")
    values["income"] = _last(query, "income")
    income, problem = parse_money(values["income"], _("Household income"))
    if not values["income"]:
        errors["income"] = _("Enter your household's expected income for the year, in dollars.")
    elif problem:
        errors["income"] = problem
    values["year"] = _last(query, "year")
    year = None
    if values["year"]:
        if values["year"].isdigit() and 2014 <= int(values["year"]) <= 2100:
            year = int(values["year"])
        else:
            errors["year"] = _("The plan year must be a year like 2026.")
    typed_people = read_people(query)
    if not typed_people:
        errors["age0"] = _("Enter this person's age in years.")
        typed_people = read_people(query, 1)
    people = [_validate_person(i, typed, errors) for i, typed in enumerate(typed_people)]
    if people and all(p is not None for p in people):
        if not any(p.seeking_coverage for p in people):
            errors["coverage0"] = _("At least one person must need coverage.")
        spouses = sum(1 for p in people if p.relationship == "spouse")
        if spouses > 1:
            errors["rel1"] = _("Only one person can be your spouse.")
    form = HouseholdForm(values=values, people=typed_people, errors=errors)
    if errors:
        return None, form
    household = HouseholdQuery(
        zipcode=values["zip"],
        countyfips=values["county"],
        income=income,
        people=tuple(people),
        year=year,
    )
    return household, form
