"""Finding a household: by name, date of birth, SSN last four, e-mail, phone, or an
application, enrollment or policy id (ADR 1000, "Finding a household").

Every criterion is an indexed equality lookup: the search keys (casework.SearchKey, on
(kind, key, owner)), `User.email`, `Application.public_id`, `Enrollment.public_id` and
`Enrollment.policy_id`. Criteria combine with AND, the most selective first (ids, e-mail,
phone, SSN last four, name, date of birth); each next one only looks among the households
the earlier ones left.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from marketplace.accounts.models import User
from marketplace.applications.models import Application, Relationship
from marketplace.casework.models import KeyKind, SearchKey
from marketplace.casework.search_index import (
    normalize_name,
    phone_key,
    ssn_last_four_hash,
)
from marketplace.enrollment.models import Enrollment

#: At most this many households are shown; more means "add another detail".
LIMIT = 50


@dataclass
class Criteria:
    name: str = ""
    birth: date | None = None
    ssn4: str = ""
    email: str = ""
    phone: str = ""
    reference: str = ""

    def any(self) -> bool:
        return bool(
            self.name or self.birth or self.ssn4 or self.email or self.phone or self.reference
        )


@dataclass
class Household:
    owner_id: int
    account_email: str
    name: str = ""
    birth: date | None = None
    city: str = ""
    application_year: int | None = None
    application_status: str = ""
    people: list[str] = field(default_factory=list)


def _name_filter(text: str) -> Q | None:
    """ "Maria Garcia", "Garcia, Maria", "Garcia" or "Garcia Perez Ana": every way of splitting
    the words into a last name and the start of a first name."""
    if "," in text:
        last, _, first = text.partition(",")
        last, first = normalize_name(last), normalize_name(first)
        if not last:
            return None
        return Q(key=last, extra__startswith=first) if first else Q(key=last)
    words = normalize_name(text).split()
    if not words:
        return None
    wanted = Q(key=" ".join(words))
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        wanted |= Q(key=tail, extra__startswith=head) | Q(key=head, extra__startswith=tail)
    return wanted


def _keyed(kind: str, wanted: Q, within) -> QuerySet:
    """The owners with a key of `kind` matching `wanted`, among `within` (a set of owner
    ids, or the query of an earlier criterion: the database joins them, nothing is cut)."""
    rows = SearchKey.objects.filter(wanted, kind=kind)
    if within is not None:
        rows = rows.filter(owner_id__in=within)
    return rows.values_list("owner_id", flat=True)


def _by_reference(text: str, within: set[int] | None) -> set[int]:
    text = text.strip()
    try:
        public_id = uuid.UUID(text)
    except ValueError:
        owners = Enrollment.objects.filter(policy_id=text.upper()).values_list("owner_id")
        found = {o for (o,) in owners}
    else:
        found = set(
            Application.objects.filter(public_id=public_id).values_list("owner_id", flat=True)
        )
        found |= set(
            Enrollment.objects.filter(public_id=public_id).values_list("owner_id", flat=True)
        )
    return found if within is None else found & within


def _by_email(text: str, within: set[int] | None) -> set[int]:
    address = text.strip().lower()
    found = set(_keyed(KeyKind.EMAIL, Q(key=address), within))
    account = User.objects.filter(email=address).values_list("pk", flat=True)
    found |= {pk for pk in account if within is None or pk in within}
    return found


def find(criteria: Criteria) -> tuple[list[Household], bool]:
    """The matching households (at most LIMIT) and whether there were more."""
    steps = []
    if criteria.reference:
        steps.append(lambda within: _by_reference(criteria.reference, within))
    if criteria.email:
        steps.append(lambda within: _by_email(criteria.email, within))
    if criteria.phone:
        key = phone_key(criteria.phone)
        steps.append(lambda within: _keyed(KeyKind.PHONE, Q(key=key), within))
    if criteria.ssn4:
        hashed = ssn_last_four_hash(criteria.ssn4)
        steps.append(lambda within: _keyed(KeyKind.SSN4, Q(key=hashed), within))
    if criteria.name and (wanted := _name_filter(criteria.name)) is not None:
        steps.append(lambda within: _keyed(KeyKind.NAME, wanted, within))
    if criteria.birth:
        iso = criteria.birth.isoformat()
        steps.append(lambda within: _keyed(KeyKind.BIRTH, Q(key=iso), within))
    owners = None  # None: no criterion yet; a set (ids, e-mail) or a query of owner ids
    for step in steps:
        owners = step(owners)
        if isinstance(owners, set) and not owners:
            return [], False
    if owners is None:
        return [], False
    if isinstance(owners, set):
        chosen = sorted(owners)[: LIMIT + 1]
    else:
        chosen = list(owners.order_by("owner_id").distinct()[: LIMIT + 1])
    return describe(chosen[:LIMIT]), len(chosen) > LIMIT


def describe(owner_ids: list[int]) -> list[Household]:
    """One line per household: the account and its latest application's applicant."""
    accounts = dict(User.objects.filter(pk__in=owner_ids).values_list("pk", "email"))
    latest: dict[int, Application] = {}
    for application in (
        Application.objects.filter(owner_id__in=owner_ids)
        .prefetch_related("members")
        .order_by("owner_id", "-coverage_year", "-created_at", "-id")
    ):
        latest.setdefault(application.owner_id, application)
    households = []
    for owner_id in owner_ids:
        if owner_id not in accounts:
            continue
        row = Household(owner_id=owner_id, account_email=accounts[owner_id])
        application = latest.get(owner_id)
        if application is not None:
            members = list(application.members.all())
            self_ = next((m for m in members if m.relationship == Relationship.SELF), None)
            if self_ is not None:
                row.name, row.birth = self_.name, self_.date_of_birth
            row.people = [m.name for m in members]
            row.city = application.city
            row.application_year = application.coverage_year
            row.application_status = application.get_status_display()
        households.append(row)
    return households
