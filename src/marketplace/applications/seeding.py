"""Varied households for demos, benchmarks and load tests (docs/contracts.md 4.5 `seed-households`).

Everything goes through the same action functions the pages call (actions.py); identity is
proofed through the accounts app's SIMULATED provider with its documented test answers
(`SimulatedIdentityProofing.ANSWERS`), so seeding works only where the simulator is the
configured provider - never against a real one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from marketplace.applications import actions
from marketplace.applications.models import Application, Member

FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kai",
    "Lena",
    "Marco",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST = [
    "Garcia",
    "Nguyen",
    "Smith",
    "Okafor",
    "Silva",
    "Kim",
    "Cohen",
    "Patel",
    "Begay",
    "Murphy",
    "Haddad",
    "Rossi",
]

#: 2025 poverty guideline for the 48 states (the one 2026 APTC uses): base + per person.
FPL_BASE, FPL_STEP = 15650, 5500


@dataclass
class PersonSpec:
    first_name: str
    age: int
    relationship: str
    sex: str
    wages_yearly: int = 0
    ssi_yearly: int = 0
    citizen: bool = True
    immigration_status: str = ""
    aian: bool = False
    pregnant: bool = False
    incarcerated: bool = False
    other_coverage: str = "none"
    esi: tuple[int, int, bool] | None = None  # employee, family monthly premium; min value
    seeking: bool = True
    ssn: str = ""


@dataclass
class HouseholdSpec:
    last_name: str
    zipcode: str
    countyfips: str
    people: list[PersonSpec] = field(default_factory=list)

    @property
    def filing_status(self) -> str:
        if any(p.relationship == "spouse" for p in self.people):
            return "married_joint"
        return "head_of_household" if len(self.people) > 1 else "single"


def birth_date(age: int, year: int) -> date:
    """Born on 1 July so the age on 1 January of `year` is `age`."""
    return date(year - age - 1, 7, 1)


def fill_application(application: Application, spec: HouseholdSpec, *, actor=None) -> None:
    """Answer every step of the application for `spec`, through the page actions."""
    year = application.coverage_year
    members: list[Member] = [
        actions.save_member(application, _person(spec, person, year), actor=actor)
        for person in spec.people
    ]
    roles = {
        m.pk: {"self": "filer", "spouse": "joint"}.get(m.relationship, "dependent") for m in members
    }
    actions.save_tax(
        application, tax_filer=True, filing_status=spec.filing_status, roles=roles, actor=actor
    )
    actions.save_address(
        application,
        {
            "street": "1 Main Street",
            "city": "Springfield",
            "zipcode": spec.zipcode,
            "countyfips": spec.countyfips,
            "phone": "",
            "contact_email": application.owner.email,
        },
        actor=actor,
    )
    for person, member in zip(spec.people, members, strict=True):
        actions.save_details(application, member, _details(person), actor=actor)
    income = {
        member.pk: {"incomes": _incomes(person), "deductions": []}
        for person, member in zip(spec.people, members, strict=True)
    }
    actions.save_income(application, income, actor=actor)
    actions.save_seeking(
        application,
        [m.pk for p, m in zip(spec.people, members, strict=True) if p.seeking],
        actor=actor,
    )
    actions.mark_reviewed(application, actor=actor)
    applicant = members[0]
    actions.sign(
        application,
        signature_name=applicant.name,
        attest_true=True,
        attest_changes=True,
        renewal_years=5,
        actor=actor,
    )


def _person(spec: HouseholdSpec, person, year: int) -> dict:
    """The household step's answers for one person, born to be the spec's age in ``year``."""
    return {
        "first_name": person.first_name,
        "last_name": spec.last_name,
        "date_of_birth": birth_date(person.age, year),
        "relationship": person.relationship,
        "sex": person.sex,
        "ssn": person.ssn,
    }


def _details(person) -> dict:
    """The details step's answers for one person, with the employer offer where there is
    one (employee premium, family premium, minimum value)."""
    esi = person.esi
    return {
        "citizen": person.citizen,
        "immigration_status": person.immigration_status,
        "document_type": "" if person.citizen else "i551",
        "document_number": "",
        "incarcerated": person.incarcerated,
        "aian": person.aian,
        "pregnant": person.pregnant,
        "tobacco": False,
        "other_coverage": person.other_coverage,
        "esi_offered": esi is not None,
        "esi_employee_premium": None if esi is None else Decimal(esi[0]),
        "esi_family_premium": None if esi is None else Decimal(esi[1]),
        "esi_min_value": None if esi is None else esi[2],
    }


def _incomes(person) -> list[tuple]:
    """The person's yearly wages and Social Security, where they have them."""
    entries = []
    if person.wages_yearly:
        entries.append(("wages", Decimal(person.wages_yearly), "yearly"))
    if person.ssi_yearly:
        entries.append(("social_security", Decimal(person.ssi_yearly), "yearly"))
    return entries


def random_household(rng: random.Random, places: list[tuple[str, str]]) -> HouseholdSpec:
    """Sizes 1-6, incomes 50%-600% FPL, mixed eligibility (CHIP children, a Medicare
    grandparent, an ineligible member still in the tax household, AI/AN, employer offers)."""
    size = rng.choice([1, 1, 2, 2, 3, 4, 4, 5, 6])
    zipcode, county = rng.choice(places)
    spec = HouseholdSpec(last_name=rng.choice(LAST), zipcode=zipcode, countyfips=county)
    adult_age = rng.randint(21, 63)
    names = rng.sample(FIRST, k=min(size + 1, len(FIRST)))
    spec.people.append(PersonSpec(names[0], adult_age, "self", rng.choice(["female", "male"])))
    if size >= 2 and rng.random() < 0.7:
        spec.people.append(
            PersonSpec(
                names[1],
                max(18, adult_age + rng.randint(-5, 5)),
                "spouse",
                rng.choice(["female", "male"]),
            )
        )
    grandparent = size >= 4 and rng.random() < 0.3
    while len(spec.people) < size - (1 if grandparent else 0):
        child_age = rng.randint(0, min(17, max(0, adult_age - 18)))
        spec.people.append(
            PersonSpec(names[len(spec.people)], child_age, "child", rng.choice(["female", "male"]))
        )
    if grandparent:
        spec.people.append(
            PersonSpec(
                names[len(spec.people)],
                rng.randint(66, 85),
                "parent",
                "female",
                ssi_yearly=rng.choice([0, 6000]),
                other_coverage="medicare",
                seeking=False,
            )
        )
    fpl = FPL_BASE + FPL_STEP * (len(spec.people) - 1)
    total = int(fpl * rng.uniform(0.5, 6.0))
    earners = [p for p in spec.people if p.relationship in ("self", "spouse")]
    for index, person in enumerate(earners):
        person.wages_yearly = total // len(earners) + (total % len(earners) if index == 0 else 0)
    roll = rng.random()
    if roll < 0.1 and len(spec.people) > 1:  # an ineligible member still in the tax household
        spec.people[-1].citizen = False
        spec.people[-1].immigration_status = "none"
        spec.people[-1].seeking = False
    elif roll < 0.2:
        for person in spec.people:
            person.aian = True
    elif roll < 0.35:
        spec.people[0].esi = (rng.choice([80, 150, 400]), rng.choice([500, 900]), True)
    if rng.random() < 0.05 and spec.people[0].sex == "female" and adult_age < 45:
        spec.people[0].pregnant = True
    for person in spec.people:
        person.ssn = seeded_ssn(rng)
    return spec


def seeded_ssn(rng: random.Random) -> str:
    """A well-formed SSN the simulated data services confirm (dataservices/simulated.py:
    last four digits 2000-4999 or 7000-9999 hold no test meaning), so a seeded household
    verifies as most real ones do and only its Medicaid/CHIP referrals are left to write."""
    last4 = rng.choice([rng.randint(2000, 4999), rng.randint(7000, 9999)])
    if last4 in (2222, 3333):  # the simulator's "IRS reports another income" identities
        last4 += 1
    return f"{rng.randint(100, 665):03d}{rng.randint(10, 99):02d}{last4:04d}"


def verify_identity_for_seeding(user) -> None:
    """Proof identity through the accounts app's simulated provider (documented answers)."""
    from marketplace.accounts import identity

    provider = identity.service()
    if not isinstance(provider, identity.SimulatedIdentityProofing):
        raise RuntimeError("seeding proofs identity only through the simulated provider")
    subject = identity.Subject("Seed", "Household", date(1980, 1, 1))
    identity.start_remote(user, subject)
    identity.answer_remote(user, dict(identity.SimulatedIdentityProofing.ANSWERS))


def create_user(email: str):
    from django.utils import timezone

    from marketplace.accounts.models import User

    return User.objects.create_user(email, None, email_verified_at=timezone.now())


@transaction.atomic
def seed_one(rng: random.Random, places: list[tuple[str, str]], email: str, *, submit=True):
    """One user, identity proofed, with a filled application (submitted when `submit`)."""
    user = create_user(email)
    verify_identity_for_seeding(user)
    application = actions.start_application(user, actor=user)
    fill_application(application, random_household(rng, places), actor=user)
    if submit:
        return actions.submit_application(application, user, None)
    return application


def served_places(state: str) -> list[tuple[str, str]]:
    """(zip, county FIPS) pairs of the served state, from the catalog's zip table."""
    from marketplace.catalog.models import ZipCounty

    rows = ZipCounty.objects.filter(state=state).values_list("zipcode", "county__fips")
    return sorted(set(rows))
