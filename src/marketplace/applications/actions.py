"""Every write to an application, one action function each (docs/architecture.md).

Each action runs in one transaction, writes an audit row (never personal data such as an
SSN), and moves `step_reached` forward. Pages, the seeder and the benchmark all call these.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings

from marketplace.applications import carried as carried_household
from marketplace.applications import completeness, effects, states
from marketplace.applications.models import (
    MAX_MEMBERS,
    STEP_ORDER,
    Application,
    Deduction,
    IncomeItem,
    Member,
    Status,
    Step,
)
from marketplace.audit import log
from marketplace.core import acting, clock, plan_year
from marketplace.core.channel import Channel
from marketplace.core.crashpoints import crash_point
from marketplace.core.transactions import atomic_action

MEMBER_FIELDS = ("first_name", "last_name", "date_of_birth", "relationship", "sex")
DETAIL_FIELDS = (
    "citizen",
    "immigration_status",
    "document_type",
    "document_number",
    "incarcerated",
    "aian",
    "pregnant",
    "tobacco",
    "other_coverage",
    "esi_offered",
    "esi_employee_premium",
    "esi_family_premium",
    "esi_min_value",
)


class NotEditable(Exception):
    """The application was submitted; reopen it (report a change) to edit it."""


class HouseholdFull(Exception):
    """The application already lists MAX_MEMBERS people (applications/models.py)."""


class IdentityNotVerified(Exception):
    """45 CFR 155.260: the applicant's identity must be proofed before submission."""


class Incomplete(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


def default_coverage_year() -> int:
    """The plan year on offer today (core/plan_year.py): next year's during its open
    enrollment period, else this year's; MARKETPLACE_PLAN_YEAR when the deployment sets one."""
    return plan_year.on_offer(settings.MARKETPLACE_STATE)


def _advance(application: Application, done: str) -> None:
    """Mark step `done` saved: the step after it is now reachable."""
    index = min(STEP_ORDER.index(done) + 1, len(STEP_ORDER) - 1)
    if index > STEP_ORDER.index(application.step_reached):
        application.step_reached = STEP_ORDER[index]


def _editable(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise NotEditable(str(application.public_id))
    return locked


def _audit(action: str, application: Application, actor, ip_address, **detail) -> None:
    log.record(
        action,
        actor=actor or application.owner,
        obj=application,
        ip_address=ip_address,
        application=str(application.public_id),
        **detail,
    )
    if "step" in detail:  # the last write of each step's action, before its commit
        crash_point(f"applications.save.{detail['step']}.before_commit")


def current_application(user) -> Application | None:
    return user.applications.order_by("-created_at").first()


def _offered_year(application: Application, actor, ip_address) -> Application:
    """A draft never submitted moves to the plan year on offer (a draft begun before open
    enrollment for next year is for next year once it opens)."""
    year = default_coverage_year()
    if application.status != Status.DRAFT or application.coverage_year == year:
        return application
    if application.determinations.exists():
        return application
    locked = _editable(application)
    before, locked.coverage_year = locked.coverage_year, year
    locked.save(update_fields=["coverage_year"])
    _audit(
        "application.coverage_year_changed", locked, actor, ip_address, before=before, after=year
    )
    return locked


@atomic_action
def start_application(
    user, *, carried=None, actor=None, ip_address=None, channel: str = Channel.ONLINE
) -> Application:
    """The person's application (one per person): the existing one, or a new draft.

    `carried`: what the person typed while window shopping (core/carry.py), kept on a new
    application to prefill its forms (applications/carried.py). `channel`: how a new one
    reached us (core/channel.py; staff entering paper or phone applications say so); an
    assister or broker acting for the household (core/acting.py) makes it theirs."""
    helper = acting.current()
    if channel == Channel.ONLINE and helper is not None:
        channel = helper.channel
    existing = current_application(user)
    if existing is not None:
        return _offered_year(existing, actor, ip_address)
    kept = carried_household.clean(carried)
    application = Application.objects.create(
        owner=user,
        coverage_year=default_coverage_year(),
        state=settings.MARKETPLACE_STATE,
        contact_email=user.email,
        carried=kept,
        channel=channel,
    )
    _audit(
        "application.started",
        application,
        actor,
        ip_address,
        from_shopping=bool(kept),
        channel=channel,
    )
    return application


@atomic_action
def save_member(
    application: Application,
    data: Mapping,
    member: Member | None = None,
    *,
    actor=None,
    ip_address=None,
) -> Member:
    """Add or change one household member. A blank `ssn` keeps the stored one. Adding a
    person past MAX_MEMBERS raises HouseholdFull."""
    application = _editable(application)
    if member is None:
        count = application.members.count()
        if count >= MAX_MEMBERS:
            raise HouseholdFull(str(application.public_id))
        member = Member(application=application, position=count)
    for field in MEMBER_FIELDS:
        setattr(member, field, data[field])
    if data.get("ssn"):
        member.ssn = data["ssn"]
    if member.pk is None:
        member.save()
    else:  # only what this step owns: a stale copy must not undo other steps
        member.save(update_fields=[*MEMBER_FIELDS, "ssn_encrypted"])
    _advance(application, Step.HOUSEHOLD)
    application.save()
    _audit("application.member_saved", application, actor, ip_address, step="household")
    return member


@atomic_action
def remove_member(application: Application, member: Member, *, actor=None, ip_address=None):
    application = _editable(application)
    if member.application_id != application.pk:
        raise Member.DoesNotExist
    member.delete()
    application.save()
    _audit("application.member_removed", application, actor, ip_address, step="household")


@atomic_action
def save_tax(
    application: Application,
    *,
    tax_filer: bool,
    filing_status: str,
    roles: Mapping[int, str],
    actor=None,
    ip_address=None,
) -> Application:
    """Who files, jointly or not, and who is whose dependent (`roles`: member pk -> role)."""
    application = _editable(application)
    application.tax_filer = tax_filer
    application.filing_status = filing_status
    for member in application.members.all():
        member.tax_role = roles.get(member.pk, "")
        member.save(update_fields=["tax_role"])
    _advance(application, Step.TAX)
    application.save()
    _audit("application.saved", application, actor, ip_address, step="tax")
    return application


@atomic_action
def save_address(application: Application, data: Mapping, *, actor=None, ip_address=None):
    application = _editable(application)
    for field in ("street", "city", "zipcode", "countyfips", "phone", "contact_email"):
        setattr(application, field, data.get(field) or "")
    _advance(application, Step.ADDRESS)
    application.save()
    _audit("application.saved", application, actor, ip_address, step="address")
    return application


@atomic_action
def save_details(
    application: Application, member: Member, data: Mapping, *, actor=None, ip_address=None
) -> Member:
    """Citizenship or immigration status, incarceration, AI/AN, pregnancy, coverage, offer."""
    application = _editable(application)
    for field in DETAIL_FIELDS:
        setattr(member, field, data.get(field))
    for text in ("immigration_status", "document_type", "document_number", "other_coverage"):
        setattr(member, text, getattr(member, text) or "")
    member.details_done = True
    member.save(update_fields=[*DETAIL_FIELDS, "details_done"])
    if not application.members.filter(details_done=False).exists():
        _advance(application, Step.DETAILS)
    application.save()
    _audit("application.saved", application, actor, ip_address, step="details")
    return member


@atomic_action
def save_income(
    application: Application,
    per_member: Mapping[int, Mapping[str, Iterable]],
    *,
    actor=None,
    ip_address=None,
) -> Application:
    """Replace each member's income items and deductions.

    `per_member`: member pk -> {"incomes": [(source, amount, frequency)],
    "deductions": [(amount, frequency)]}; zero amounts are not stored.
    """
    application = _editable(application)
    members = {m.pk: m for m in application.members.all()}
    IncomeItem.objects.filter(member__application=application).delete()
    Deduction.objects.filter(member__application=application).delete()
    for pk, entries in per_member.items():
        member = members[pk]
        IncomeItem.objects.bulk_create(
            IncomeItem(member=member, source=s, amount=Decimal(a), frequency=f)
            for s, a, f in entries.get("incomes", ())
            if a
        )
        Deduction.objects.bulk_create(
            Deduction(member=member, amount=Decimal(a), frequency=f)
            for a, f in entries.get("deductions", ())
            if a
        )
    _advance(application, Step.INCOME)
    application.save()
    _audit("application.saved", application, actor, ip_address, step="income")
    return application


@atomic_action
def save_seeking(
    application: Application, seeking: Iterable[int], *, actor=None, ip_address=None
) -> Application:
    """Who is asking for coverage (member pks); others stay in the tax household."""
    application = _editable(application)
    wanted = set(seeking)
    for member in application.members.all():
        member.seeking_coverage = member.pk in wanted
        member.save(update_fields=["seeking_coverage"])
    _advance(application, Step.SEEKING)
    application.save()
    _audit("application.saved", application, actor, ip_address, step="seeking")
    return application


@atomic_action
def mark_reviewed(application: Application, *, actor=None, ip_address=None) -> Application:
    application = _editable(application)
    _advance(application, Step.REVIEW)
    application.save()
    return application


@atomic_action
def sign(
    application: Application,
    *,
    signature_name: str,
    attest_true: bool,
    attest_changes: bool,
    renewal_years: int,
    actor=None,
    ip_address=None,
    today: date | None = None,
) -> Application:
    """Attestations (45 CFR 155.310(i)), the typed electronic signature (155.405) and for how
    many years the tax data may be used to renew (155.335(k)(1): none, or one to five; given
    anew with each signature)."""
    application = _editable(application)
    application.signature_name = signature_name.strip()
    application.attest_true = attest_true
    application.attest_changes = attest_changes
    application.signed_on = today or clock.today()
    set_renewal_years(application, renewal_years)
    application.save()
    _audit("application.signed", application, actor, ip_address, step="sign")
    return application


@atomic_action
def reopen_application(application: Application, *, actor=None, ip_address=None) -> Application:
    """Report a change: back to draft; the stored determinations stay as they were. An
    application already open (the button pressed twice) is returned as it is, unchanged."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.editable:
        return locked
    locked.status = states.next_state(locked.status, "reopen")
    locked.signature_name, locked.signed_on = "", None
    locked.attest_true = locked.attest_changes = False  # the tax data's years stay (ADR 0840)
    locked.save()
    _audit("application.reopened", locked, actor, ip_address)
    return locked


def submit_application(
    application: Application, actor=None, ip_address=None, *, token: str | uuid.UUID | None = None
):
    """Submit and determine, in ONE transaction; returns the stored Determination.

    Validates completeness and identity proofing (45 CFR 155.260), builds the rules input
    (rules_input.build), runs `aca_rules.determine` on the database catalog, stores the
    immutable Determination, moves the state machine draft -> submitted -> determined,
    writes the audit row, issues the eligibility notice (45 CFR 155.310(g)) and starts the
    data-matching verifications (45 CFR 155.315). With `token` (the form's submission
    token), a repeated POST of the same form returns the determination already made.
    """
    determination = _submit(application, actor, ip_address, token)
    crash_point("applications.submit.after_commit")  # committed; the response never goes out
    return determination


@atomic_action
def _submit(application: Application, actor, ip_address, token):
    """`submit_application`'s transaction, run again after a deadlock (ADR 1704): it locks
    and reads the application afresh on each run; the notice and the verifications' jobs
    are queued in it, and the data services it asks are read-only look-ups."""
    from marketplace.applications import determine as determining

    locked = Application.objects.select_for_update().get(pk=application.pk)
    if token is not None and str(token) != str(locked.submission_token):
        latest = locked.determinations.first()
        if latest is not None:
            return latest
    if locked.status != Status.DRAFT:
        raise states.TransitionNotAllowed(locked.status, "submit", "application")
    problems = completeness.problems(locked)
    if problems:
        raise Incomplete(problems)
    from marketplace.accounts.identity import is_identity_verified

    if not is_identity_verified(locked.owner):
        raise IdentityNotVerified(str(locked.public_id))
    locked.status = states.next_state(locked.status, "submit")
    determination = determining.determine_and_store(locked)
    locked.status = states.next_state(locked.status, "determine")
    locked.submission_token = uuid.uuid4()
    locked.submitted_at = clock.now()
    locked.save()
    _audit(
        "application.submitted",
        locked,
        actor,
        ip_address,
        determination=str(determination.public_id),
        rules_version=determination.rules_version,
    )
    effects.issue_eligibility_notice(locked, determination, actor=actor)
    effects.start_verifications(locked, determination, actor=actor)
    crash_point("applications.submit.before_commit")  # every row written, none committed
    application.status = locked.status
    application.submission_token = locked.submission_token
    return determination


MAX_RENEWAL_YEARS = 5  # 45 CFR 155.335(k)(1)(i)


def set_renewal_years(application: Application, years: int) -> None:
    """The authorization for `years` covers the next `years` renewals after the application's
    coverage year: given for 2026 for two years, the renewals for 2027 and 2028 (45 CFR
    155.335(k)(1)(i): up to five years, or fewer as the person chooses). Not saved here."""
    if not 0 <= years <= MAX_RENEWAL_YEARS:
        raise ValueError(f"tax data may be used for 0 to {MAX_RENEWAL_YEARS} years, not {years}")
    application.renewal_years = years
    application.renewal_authorized_through = application.coverage_year + years if years else None


@atomic_action
def authorize_tax_data(
    application: Application, *, years: int, actor=None, ip_address=None
) -> Application:
    """Change, renew or withdraw the authorization to use the household's tax data at
    renewal, at any time (45 CFR 155.335(k)(1)(ii)): the next `years` renewals from the
    application's coverage year now (0 withdraws it). Not a change to the application's
    facts: no new determination."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    set_renewal_years(locked, years)
    locked.save(update_fields=["renewal_years", "renewal_authorized_through", "updated_at"])
    _audit(
        "application.tax_data_authorization",
        locked,
        actor,
        ip_address,
        years=years,
        through=locked.renewal_authorized_through,
    )
    return locked
