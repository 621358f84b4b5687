"""A batch of new households, each applying and submitted to a stored determination: the
application actions (actions.py) for many households at once, in the caller's transaction.

`seed-households` (docs/contracts.md 4.5) builds a state's worth of households with it. Each
household gets what the page journey gives it - a user whose identity was proofed through
the simulated provider, the application with every step answered and signed, its
determination by the same rules input builder and engine (`rules_input.build_from`,
`determine.decision`), the audit rows, the eligibility notice and the data-matching
verifications - written with a few statements per batch instead of a few dozen per
household. The checks are the single actions' own (`completeness.problems`, the rules
engine's input validation); a household they refuse goes to the refused list with the
reason and the others go on (ADR 0008).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.utils import timezone
from django.utils.crypto import RANDOM_STRING_CHARS

from aca_rules import InputError
from marketplace.applications import completeness, effects, ftr_notice, rules_input, states
from marketplace.applications.actions import default_coverage_year, set_renewal_years
from marketplace.applications.determine import decision
from marketplace.applications.models import (
    STEP_ORDER,
    Application,
    IncomeItem,
    Member,
    Status,
)
from marketplace.applications.rules_input import in_rules_order
from marketplace.applications.seeding import HouseholdSpec, birth_date
from marketplace.applications.verifier import verifier
from marketplace.audit import log
from marketplace.core import bulk, clock
from marketplace.determinations import law_values
from marketplace.determinations.models import Determination
from marketplace.notices.actions import NoticeRequest, issue_notices

#: Each member's tax role from the household relationship (filer, joint filer, dependent).
TAX_ROLES = {"self": "filer", "spouse": "joint"}
DETAIL_DEFAULTS = {"tobacco": False, "document_number": ""}


@dataclass
class Submitted:
    """A household made and determined: its user, application, members (the
    determination's order: the applicant first) and stored determination."""

    user: object
    application: Application
    members: list[Member]
    determination: Determination


@dataclass(frozen=True)
class Refused:
    """A household the checks refused; `reason` says what to fix."""

    email: str
    reason: str


@dataclass
class _Draft:
    user: object
    application: Application
    members: list[Member]
    incomes: dict[int, list[IncomeItem]]
    data: dict
    fields: dict


def submit_households(
    households: Sequence[tuple[str, HouseholdSpec]],
) -> tuple[list[Submitted], list[Refused]]:
    """Make and submit one household per (e-mail, answers), in the caller's transaction.
    Returns the submitted households and the refused ones."""
    from marketplace.accounts.models import User

    now, today = clock.now(), clock.today()
    year, state = default_coverage_year(), settings.MARKETPLACE_STATE
    drafts, refused = [], []
    for email, spec in households:
        user = bulk.new(
            User, email=User.objects.normalize_email(email), email_verified_at=timezone.now()
        )
        user.password = unusable_password()
        draft = _draft(user, spec, year, state, now, today)
        if isinstance(draft, str):
            refused.append(Refused(email, draft))
        else:
            drafts.append(draft)
    if not drafts:
        return [], refused
    bulk.insert([d.user for d in drafts])
    _proof_identities([d.user for d in drafts])
    bulk.insert([d.application for d in drafts])
    bulk.insert([m for d in drafts for m in d.members])
    bulk.insert(
        [item for d in drafts for items in d.incomes.values() for item in items],
    )
    for draft in drafts:  # the members have their keys now: what the snapshot lists is unchanged
        draft.fields["application"] = draft.application
    determinations = [bulk.new(Determination, **d.fields) for d in drafts]
    law_values.ensure(
        {d.fields["law_values"].digest: d.fields["law_values"] for d in drafts}.values()
    )
    bulk.insert(determinations)
    submitted = [
        Submitted(d.user, d.application, in_rules_order(d.members), det)
        for d, det in zip(drafts, determinations, strict=True)
    ]
    _record(submitted)
    issue_notices(
        [
            NoticeRequest(
                s.user,
                "eligibility",
                effects.notice_context(
                    s.application, s.determination, sorted(s.members, key=lambda m: m.position)
                ),
                s.user.preferred_language or "en",
                s.determination,
            )
            for s in submitted
        ]
        + ftr_requests(submitted)
    )
    verifier().start_many(
        [(s.application, s.determination, s.members) for s in submitted], actor=None
    )
    return submitted, refused


def unusable_password() -> str:
    """What `User.set_unusable_password` stores: the unusable prefix and 40 random letters
    and digits (Django's `make_password(None)`), from one read of the system's random
    source instead of one a character (`secrets.choice`, some 0.06 ms a household)."""
    while True:
        usable = [b % 62 for b in secrets.token_bytes(64) if b < 248]  # 248 = 4 * 62: unbiased
        if len(usable) >= UNUSABLE_PASSWORD_SUFFIX_LENGTH:
            chars = [RANDOM_STRING_CHARS[b] for b in usable[:UNUSABLE_PASSWORD_SUFFIX_LENGTH]]
            return UNUSABLE_PASSWORD_PREFIX + "".join(chars)


def ftr_requests(submitted: list[Submitted]) -> list:
    """The notices to tax filers who are not the account holder (applications/ftr_notice.py,
    docs/adr/0108), for the households of the batch that have one."""
    found = [ftr_notice.request_for(s.application, s.determination, s.members) for s in submitted]
    return [request for request in found if request is not None]


def _draft(user, spec: HouseholdSpec, year: int, state: str, now, today: date) -> _Draft | str:
    """The household's rows, not yet saved, and its determination's fields; or why not."""
    application = _application(user, spec, year, state)
    members, incomes = [], {}
    for position, person in enumerate(spec.people):
        member = _member(application, spec, person, position, year)
        members.append(member)
        incomes[position] = [
            bulk.new(
                IncomeItem, member=member, source=source, amount=Decimal(amount), frequency="yearly"
            )
            for source, amount in (
                ("wages", person.wages_yearly),
                ("social_security", person.ssi_yearly),
            )
            if amount
        ]
    application.signature_name = members[0].name if members else ""
    application.signed_on = today
    problems = completeness.problems(application, members)
    if problems:
        return "; ".join(message for _, message in problems)
    application.status = states.next_state(states.next_state(Status.DRAFT, "submit"), "determine")
    application.submission_token = uuid.uuid4()
    application.submitted_at = now
    data = rules_input.build_from(
        application, members, today, items_of=lambda m: (incomes[m.position], ())
    )
    try:
        fields = decision(application, data, now)
    except InputError as exc:
        return f"The rules could not determine this household: {exc}"
    return _Draft(user, application, members, incomes, data, fields)


def _application(user, spec: HouseholdSpec, year: int, state: str) -> Application:
    """The household's application, every step answered and attested, not yet saved."""
    application = bulk.new(
        Application,
        owner=user,
        coverage_year=year,
        state=state,
        contact_email=user.email,
        carried={},
        tax_filer=True,
        filing_status=spec.filing_status,
        street="1 Main Street",
        city="Springfield",
        zipcode=spec.zipcode,
        countyfips=spec.countyfips,
        phone="",
        step_reached=STEP_ORDER[-1],
        attest_true=True,
        attest_changes=True,
        status=Status.DRAFT,
    )
    set_renewal_years(application, 5)
    return application


def _member(application: Application, spec: HouseholdSpec, person, position: int, year: int):
    """One person of the household as a member row, not yet saved, with the employer offer
    where there is one."""
    member = bulk.new(
        Member,
        application=application,
        position=position,
        first_name=person.first_name,
        last_name=spec.last_name,
        date_of_birth=birth_date(person.age, year),
        relationship=person.relationship,
        sex=person.sex,
        tax_role=TAX_ROLES.get(person.relationship, "dependent"),
        citizen=person.citizen,
        immigration_status=person.immigration_status,
        document_type="" if person.citizen else "i551",
        incarcerated=person.incarcerated,
        aian=person.aian,
        pregnant=person.pregnant,
        other_coverage=person.other_coverage,
        esi_offered=person.esi is not None,
        details_done=True,
        seeking_coverage=person.seeking,
        **DETAIL_DEFAULTS,
    )
    if person.esi is not None:
        member.esi_employee_premium = Decimal(person.esi[0])
        member.esi_family_premium = Decimal(person.esi[1])
        member.esi_min_value = person.esi[2]
    member.ssn = person.ssn
    return member


def _proof_identities(users) -> None:
    """Remote identity proofing through the SIMULATED provider with its documented answers
    (accounts/identity.py), as `seeding.verify_identity_for_seeding` does one at a time."""
    from marketplace.accounts import identity
    from marketplace.accounts.models import IdentityVerification

    provider = identity.service()
    if not isinstance(provider, identity.SimulatedIdentityProofing):
        raise RuntimeError("seeding proofs identity only through the simulated provider")
    subject = identity.Subject("Seed", "Household", date(1980, 1, 1))
    records, events, steps = [], [], []
    for user in users:
        started = provider.start(subject)
        answered = provider.answer(started.reference, dict(provider.ANSWERS))
        record = bulk.new(
            IdentityVerification,
            user=user,
            method="remote",
            provider=provider.name,
            reference=started.reference,
            first_name=subject.first_name,
            last_name=subject.last_name,
            date_of_birth=subject.date_of_birth,
            attempts=1,
        )
        identity._apply(record, answered.status)
        records.append(record)
        steps.append((started.status, answered.status))
    bulk.insert(records)
    for user, record, done in zip(users, records, steps, strict=True):
        events += [log.unsaved(f"identity.{status}", actor=user, obj=record) for status in done]
    log.record_many(events)


def _record(submitted: list[Submitted]) -> None:
    """The audit rows of the journey's actions: started, signed, submitted."""
    events = []
    for s in submitted:
        app, actor = s.application, s.user
        public = str(app.public_id)
        events += [
            log.unsaved(
                "application.started", actor=actor, obj=app, application=public, from_shopping=False
            ),
            log.unsaved(
                "application.signed", actor=actor, obj=app, application=public, step="sign"
            ),
            log.unsaved(
                "application.submitted",
                actor=actor,
                obj=app,
                application=public,
                determination=str(s.determination.public_id),
                rules_version=s.determination.rules_version,
            ),
        ]
    log.record_many(events)
