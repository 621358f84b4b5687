"""A caseworker enters a paper or telephone application (45 CFR 155.405(c)(2)).

`enter_application` goes through the same action functions the person's own pages call
(applications.actions: start, people, tax, address, details, income, who is seeking, review,
sign, submit), so a paper application gets exactly the determination the same facts get on
line. It records who entered it, on which channel, how it was signed (ink on paper or a
recorded telephonic signature) and the scanned paper, all in one transaction with the audit
rows; the determination's notice and verifications are queued by `submit_application` in
the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.accounts import identity
from marketplace.accounts.models import Language, NoticePreference, User
from marketplace.applications import actions
from marketplace.applications.models import Relationship
from marketplace.audit import log
from marketplace.casework.models import PaperApplication

#: The domain of the sign-in name given to a person with no e-mail address (RFC 2606
#: reserves .invalid: nothing is ever delivered there; their notices go by mail).
NO_EMAIL_DOMAIN = "no-email.invalid"


@dataclass
class Person:
    first_name: str
    last_name: str
    date_of_birth: date
    relationship: str
    sex: str
    ssn: str = ""
    citizen: bool = True
    wages_yearly: Decimal = Decimal("0")
    seeking: bool = True


@dataclass
class PaperFacts:
    """What the paper (or the call) says: the same questions as the pages ask."""

    people: list[Person]
    street: str
    city: str
    zipcode: str
    countyfips: str
    filing_status: str
    signature_name: str
    signed_on: date
    renewal_years: int = 0  # 45 CFR 155.335(k)(1): for how many years, as answered (ADR 0840)
    email: str = ""
    phone: str = ""
    language: str = Language.ENGLISH
    extra: dict = field(default_factory=dict)


class PersonAlreadyHasAnApplication(Exception):
    """The account already has an application: report a change on it instead."""


def _person_account(facts: PaperFacts) -> User:
    email = facts.email.strip().lower()
    if email:
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            return existing
    else:
        email = f"paper-{uuid.uuid4().hex}@{NO_EMAIL_DOMAIN}"
    return User.objects.create_user(
        email,
        None,  # no password: they can set one later through "forgot password" if they wish
        preferred_language=facts.language,
        notice_preference=(
            NoticePreference.ELECTRONIC if facts.email.strip() else NoticePreference.PAPER
        ),
    )


def _roles(members) -> dict[int, str]:
    return {
        m.pk: {Relationship.SELF: "filer", Relationship.SPOUSE: "joint"}.get(
            m.relationship, "dependent"
        )
        for m in members
    }


def answer_every_step(application, facts: PaperFacts, *, actor, ip_address=None) -> None:
    """The steps of the on-line application, answered from `facts`, through its actions."""
    members = [
        actions.save_member(application, _person(p), actor=actor, ip_address=ip_address)
        for p in facts.people
    ]
    actions.save_tax(
        application,
        tax_filer=True,
        filing_status=facts.filing_status,
        roles=_roles(members),
        actor=actor,
        ip_address=ip_address,
    )
    actions.save_address(application, _address(facts), actor=actor, ip_address=ip_address)
    for person, member in zip(facts.people, members, strict=True):
        actions.save_details(
            application, member, _details(person), actor=actor, ip_address=ip_address
        )
    actions.save_income(
        application,
        {
            m.pk: {"incomes": [("wages", p.wages_yearly, "yearly")], "deductions": []}
            for p, m in zip(facts.people, members, strict=True)
        },
        actor=actor,
        ip_address=ip_address,
    )
    actions.save_seeking(
        application,
        [m.pk for p, m in zip(facts.people, members, strict=True) if p.seeking],
        actor=actor,
        ip_address=ip_address,
    )
    actions.mark_reviewed(application, actor=actor, ip_address=ip_address)
    actions.sign(
        application,
        signature_name=facts.signature_name,
        attest_true=True,
        attest_changes=True,
        renewal_years=facts.renewal_years,
        actor=actor,
        ip_address=ip_address,
        today=facts.signed_on,
    )


def _person(p) -> dict:
    """The household step's answers for one person on the paper form."""
    return {
        "first_name": p.first_name,
        "last_name": p.last_name,
        "date_of_birth": p.date_of_birth,
        "relationship": p.relationship,
        "sex": p.sex,
        "ssn": p.ssn,
    }


def _address(facts: PaperFacts) -> dict:
    """The address step's answers; the e-mail address as the on-line step keeps it."""
    return {
        "street": facts.street,
        "city": facts.city,
        "zipcode": facts.zipcode,
        "countyfips": facts.countyfips,
        "phone": facts.phone,
        "contact_email": facts.email.strip().lower(),
    }


def _details(person) -> dict:
    """The details step's answers for one person: citizenship from the form, the rest the
    form does not ask, answered no."""
    return {
        "citizen": person.citizen,
        "immigration_status": "",
        "document_type": "",
        "document_number": "",
        "incarcerated": False,
        "aian": False,
        "pregnant": False,
        "tobacco": False,
        "other_coverage": "none",
        "esi_offered": False,
        "esi_employee_premium": None,
        "esi_family_premium": None,
        "esi_min_value": None,
    }


@transaction.atomic
def enter_application(
    caseworker,
    facts: PaperFacts,
    *,
    channel: str,
    signature_method: str,
    identity_how: str,
    scan=None,
    ip_address=None,
):
    """Enter, sign and submit the application; returns (PaperApplication, Determination)."""
    person = _person_account(facts)
    if person.pk == caseworker.pk:
        raise PermissionError("nobody enters their own application")
    if person.applications.exists():
        raise PersonAlreadyHasAnApplication(person.email)
    identity.confirm_by_staff(person, caseworker, how=identity_how, ip_address=ip_address)
    application = actions.start_application(
        person, actor=caseworker, ip_address=ip_address, channel=channel
    )
    answer_every_step(application, facts, actor=caseworker, ip_address=ip_address)
    application.refresh_from_db()
    determination = actions.submit_application(application, caseworker, ip_address)
    record = PaperApplication.objects.create(
        application=application,
        channel=channel,
        entered_by=caseworker,
        signature_method=signature_method,
        signed_on=facts.signed_on,
        scan=scan,
        content_type=getattr(scan, "content_type", "") or "",
        entered_at=timezone.now(),
    )
    log.record(
        "casework.application_entered",
        actor=caseworker,
        obj=application,
        ip_address=ip_address,
        channel=channel,
        signature_method=signature_method,
        paper=str(record.public_id),
        scanned=bool(scan),
    )
    return record, determination
