"""Named households for the notice and verification tests, built straight from the models
(the application engineer's submit flow is tested in tests/applications)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.utils import timezone

from marketplace.accounts.models import User

GARCIA_RESULT = json.loads((Path(__file__).parent / "garcia_result.json").read_text())
GARCIA_INPUT = {
    "year": 2026,
    "state": "MA",
    "countyfips": "25025",
    "income": 52000,
    "monthly_income": 4333.33,
    "filing_status": "married_joint",
    "benchmark_premium": 1400,
    "people": [
        {"name": "Maria Garcia", "age": 40, "relationship": "self"},
        {"name": "Jose Garcia", "age": 38, "relationship": "spouse"},
        {"name": "Lucia Garcia", "age": 10, "relationship": "child"},
        {"name": "Mateo Garcia", "age": 6, "relationship": "child"},
    ],
}


PASSWORD = "correct horse battery staple"


def user(email="maria@example.org", **extra):
    extra.setdefault("email_verified_at", timezone.now())
    return User.objects.create_user(email, PASSWORD, **extra)


def garcia_context(result=None, members=None) -> dict:
    return {
        "determination": result or GARCIA_RESULT,
        "application": {
            "members": members or ["Maria Garcia", "Jose Garcia", "Lucia Garcia", "Mateo Garcia"],
            "address": {
                "street": "12 Elm Street",
                "city": "Boston",
                "state": "MA",
                "zipcode": "02108",
            },
            "contact": {"email": "maria@example.org"},
        },
        "determination_public_id": "9b1c0e5e-0000-4000-8000-000000000001",
        "date": "2026-11-02",
        "income": 52000,
    }


DEFAULT_SSNS = ["123450011", "123450022", "123450033", "123450044"]


def garcia_application(owner, *, ssns=None, last_name="Garcia", result=None, member_extra=None):
    """The Garcias: four people at 161% FPL in Boston; parents get APTC and CSR 87, the two
    children CHIP. `ssns` and `member_extra` (per-member dicts by index) vary the facts."""
    from marketplace.applications.models import Application, Member
    from marketplace.determinations.models import Determination

    application = Application.objects.create(
        owner=owner,
        coverage_year=2026,
        state="MA",
        status="determined",
        street="12 Elm Street",
        city="Boston",
        zipcode="02108",
        countyfips="25025",
        tax_filer=True,
        filing_status="married_joint",
    )
    people = [
        ("Maria", "self", date(1986, 3, 1), "female", "filer"),
        ("Jose", "spouse", date(1988, 5, 2), "male", "joint"),
        ("Lucia", "child", date(2016, 1, 9), "female", "dependent"),
        ("Mateo", "child", date(2020, 7, 4), "male", "dependent"),
    ]
    ssns = ssns or DEFAULT_SSNS
    for position, (first, relationship, born, sex, role) in enumerate(people):
        member = Member(
            application=application,
            position=position,
            first_name=first,
            last_name=last_name,
            date_of_birth=born,
            relationship=relationship,
            sex=sex,
            tax_role=role,
            citizen=True,
            other_coverage="none",
            seeking_coverage=True,
            details_done=True,
        )
        for key, value in (member_extra or {}).get(position, {}).items():
            setattr(member, key, value)
        member.ssn = ssns[position]
        member.save()
    determination = Determination.objects.create(
        application=application,
        rules_version="test",
        input_snapshot=GARCIA_INPUT,
        result=result or GARCIA_RESULT,
    )
    return application, determination


#: A small PDF document to upload as proof.
PDF = b"%PDF-1.4\n% a pay stub\n"
