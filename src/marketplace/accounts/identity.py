"""Remote identity proofing: the adapter interface, the simulated provider, and the actions.

NIST SP 800-63A: a person must be identity-proofed before an application that uses their
identity can be submitted (45 CFR 155.260 for exchanges). The exchange talks to a provider
through `IdentityProofingService`; the provider is chosen by the IDENTITY_PROOFING_SERVICE
setting. `SimulatedIdentityProofing` is the only provider so far and says so in its name.

Test identities of the simulated provider (by last name, case-insensitive):
- "Unavailable" (or anything starting with "Outage"): the service is down
  (`IdentityServiceUnavailable`), as a real provider sometimes is;
- "Fail" (or anything starting with "Nomatch"): no record found, proofing fails at once;
- anyone else: three knowledge questions. The right answers are documented in
  `SimulatedIdentityProofing.ANSWERS` (a street, a lender, a county). Any wrong answer fails.

When the provider is down, the facts typed in are kept, the person is told plainly that
they can keep working and what happens next, and can retry or upload a document instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from marketplace.accounts import emails
from marketplace.accounts.models import (
    DocumentStatus,
    IdentityDocument,
    IdentityStatus,
    IdentityVerification,
)
from marketplace.audit import log

MAX_REMOTE_ATTEMPTS = 3


class IdentityServiceUnavailable(Exception):
    """The provider did not answer; try again later or take the manual path."""


@dataclass(frozen=True)
class Subject:
    first_name: str
    last_name: str
    date_of_birth: date
    ssn_last4: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: list[str]


@dataclass(frozen=True)
class ProofingResult:
    status: str  # "questions", "verified" or "failed"
    reference: str = ""
    questions: list[Question] = field(default_factory=list)


@runtime_checkable
class IdentityProofingService(Protocol):
    name: str

    def start(self, subject: Subject) -> ProofingResult:
        """Look the person up; returns questions to ask or a final answer."""

    def questions(self, reference: str) -> list[Question]:
        """The questions of a session started earlier (to show them again)."""

    def answer(self, reference: str, answers: dict[str, str]) -> ProofingResult:
        """Check the answers of a session; returns "verified" or "failed"."""


class SimulatedIdentityProofing:
    """A SIMULATED provider for the embedded default and tests. Not a real check."""

    name = "simulated"
    ANSWERS = {"street": "Maple Street", "lender": "First Simulated Bank", "county": "Suffolk"}
    _CHOICES = {
        "street": ["Oak Avenue", "Maple Street", "Elm Road", "None of these"],
        "lender": ["Harbor Credit Union", "First Simulated Bank", "Granite Loans", "None of these"],
        "county": ["Suffolk", "Hampden", "Berkshire", "None of these"],
    }
    _NONE = _("None of these")  # for makemessages: the form translates this choice
    _TEXT = {
        "street": _("On which of these streets have you lived?"),
        "lender": _("Which of these lenders gave you a car loan or mortgage?"),
        "county": _("In which of these counties have you lived?"),
    }

    def start(self, subject: Subject) -> ProofingResult:
        last = subject.last_name.strip().lower()
        if last == "unavailable" or last.startswith("outage"):
            raise IdentityServiceUnavailable("simulated outage")
        seed = f"{subject.first_name}|{subject.last_name}|{subject.date_of_birth}".lower()
        reference = "sim-" + hashlib.sha256(seed.encode()).hexdigest()[:16]
        if last == "fail" or last.startswith("nomatch"):
            return ProofingResult("failed", reference)
        return ProofingResult("questions", reference, self.questions(reference))

    def questions(self, reference: str) -> list[Question]:
        return [Question(key, str(self._TEXT[key]), self._CHOICES[key]) for key in self._TEXT]

    def answer(self, reference: str, answers: dict[str, str]) -> ProofingResult:
        right = all(answers.get(key) == value for key, value in self.ANSWERS.items())
        return ProofingResult("verified" if right else "failed", reference)


def service() -> IdentityProofingService:
    return import_string(settings.IDENTITY_PROOFING_SERVICE)()


def is_identity_verified(user) -> bool:
    """True when the person passed remote proofing or a caseworker approved a document."""
    if not getattr(user, "is_authenticated", False):
        return False
    return IdentityVerification.objects.filter(user=user, status=IdentityStatus.VERIFIED).exists()


#: Places where the exchange already holds a person's own name and date of birth (for
#: instance the applicant on their application), registered by higher apps from their
#: AppConfig.ready(): each takes a user and returns a dict with any of "first_name",
#: "last_name" and "date_of_birth", or an empty dict. Identity proofing fills its form from
#: them so a person does not type the same facts twice.
_KNOWN_FACTS: list[Callable[[object], dict]] = []


def register_known_facts(source: Callable[[object], dict]) -> None:
    if source not in _KNOWN_FACTS:
        _KNOWN_FACTS.append(source)


def known_facts(user) -> dict:
    """The person's name and birth date as the exchange already knows them: the kept facts
    of an earlier attempt first, then the first registered source that knows them."""
    record = verification_for(user)
    if record.first_name or record.last_name or record.date_of_birth:
        return {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "date_of_birth": record.date_of_birth,
        }
    for source in _KNOWN_FACTS:
        facts = source(user)
        if facts:
            return facts
    return {}


def verification_for(user) -> IdentityVerification:
    record, _ = IdentityVerification.objects.get_or_create(user=user)
    return record


def start_remote(user, subject: Subject, *, ip_address=None) -> IdentityVerification:
    """Sends the person's facts to the provider. Keeps the facts whatever happens."""
    provider = service()
    record = verification_for(user)
    record.first_name = subject.first_name
    record.last_name = subject.last_name
    record.date_of_birth = subject.date_of_birth
    record.provider = provider.name
    record.method = "remote"
    try:
        result = provider.start(subject)
    except IdentityServiceUnavailable:
        record.status = IdentityStatus.UNAVAILABLE
        record.save()
        log.record("identity.unavailable", actor=user, obj=record, ip_address=ip_address)
        return record
    record.attempts += 1
    record.reference = result.reference
    _apply(record, result.status)
    record.save()
    log.record(f"identity.{result.status}", actor=user, obj=record, ip_address=ip_address)
    return record


def answer_remote(user, answers: dict[str, str], *, ip_address=None) -> IdentityVerification:
    record = verification_for(user)
    if record.status != IdentityStatus.QUESTIONS:
        return record
    try:
        result = service().answer(record.reference, answers)
    except IdentityServiceUnavailable:
        record.status = IdentityStatus.UNAVAILABLE
        record.save()
        log.record("identity.unavailable", actor=user, obj=record, ip_address=ip_address)
        return record
    _apply(record, result.status)
    record.save()
    log.record(f"identity.{result.status}", actor=user, obj=record, ip_address=ip_address)
    return record


def _apply(record: IdentityVerification, status: str) -> None:
    if status == "verified":
        record.status = IdentityStatus.VERIFIED
        record.verified_at = timezone.now()
    elif status == "questions":
        record.status = IdentityStatus.QUESTIONS
    else:
        record.status = IdentityStatus.FAILED


def remote_attempts_left(record: IdentityVerification) -> int:
    return max(0, MAX_REMOTE_ATTEMPTS - record.attempts)


@transaction.atomic
def submit_document(user, kind: str, upload, *, ip_address=None) -> IdentityDocument:
    document = IdentityDocument.objects.create(
        user=user, kind=kind, file=upload, content_type=upload.content_type or ""
    )
    record = verification_for(user)
    if record.status != IdentityStatus.VERIFIED:
        record.status = IdentityStatus.IN_REVIEW
        record.method = "manual"
        record.save()
    log.record("identity.document_uploaded", actor=user, obj=document, ip_address=ip_address)
    return document


@transaction.atomic
def review_document(
    reviewer, document: IdentityDocument, *, approve: bool, reason: str, ip_address=None
) -> IdentityDocument:
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    document.status = DocumentStatus.APPROVED if approve else DocumentStatus.DENIED
    document.reviewer = reviewer
    document.reviewed_at = timezone.now()
    document.reason = reason
    document.save()
    record = verification_for(document.user)
    if approve:
        record.status = IdentityStatus.VERIFIED
        record.method = "manual"
        record.verified_at = document.reviewed_at
    elif record.status != IdentityStatus.VERIFIED:
        record.status = IdentityStatus.DENIED
    record.save()
    person = document.user
    transaction.on_commit(
        lambda: emails.send(
            "identity_decision",
            person.email,
            person.preferred_language,
            {"approved": approve, "reason": reason},
        )
    )
    log.record(
        "identity.document_approved" if approve else "identity.document_denied",
        actor=reviewer,
        obj=document,
        ip_address=ip_address,
        subject_user_id=document.user_id,
        reason=reason,
    )
    return document


@transaction.atomic
def confirm_by_staff(user, staff, *, how: str, ip_address=None) -> IdentityVerification:
    """A caseworker confirmed the identity of a person applying on paper or by telephone
    (45 CFR 155.260: identity proofed before an application is submitted); `how` says how
    (the documents seen, the questions answered on the call). Already verified: unchanged."""
    record = verification_for(user)
    if record.status == IdentityStatus.VERIFIED:
        return record
    record.status = IdentityStatus.VERIFIED
    record.method = "staff"
    record.verified_at = timezone.now()
    record.save()
    log.record(
        "identity.confirmed_by_staff",
        actor=staff,
        obj=record,
        ip_address=ip_address,
        subject_user_id=user.pk,
        how=how[:200],
    )
    return record
