"""Every write about helpers: one function each, one transaction, one audit row.

- `register`: the exchange enrols a navigator, counsellor, or agent or broker with their
  NPN (45 CFR 155.210(b), 155.225(b), 155.220(d)) in an organisation.
- `authorise`: a household authorises a helper to act for it (45 CFR 155.210(e)(6),
  155.225(f), 155.220(c)(3)(i)(F)); a standing authorisation of someone else is withdrawn in
  the same transaction (one helper of record at a time).
- `withdraw`: the household (or the helper) ends it; the helper loses access at once, and a
  broker stops being agent of record on the policies in force (a 001 with no broker).
"""

from __future__ import annotations

from django.db import IntegrityError
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.assisters.models import (
    NPN_RE,
    Assister,
    Authorisation,
    Kind,
    Organisation,
)
from marketplace.audit import log as audit
from marketplace.core import clock
from marketplace.core.transactions import atomic_action


class AssisterError(Exception):
    """A refused change; `code` names it for the page."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def find(code_or_npn: str) -> Assister | None:
    """The active helper with this code (or, for agents and brokers, this NPN)."""
    value = (code_or_npn or "").strip().upper()
    if not value:
        return None
    found = Assister.objects.filter(active=True).select_related("organisation", "user")
    if NPN_RE.fullmatch(value):
        return found.filter(npn=value).first()
    return found.filter(code=value).first()


@atomic_action
def register(
    *,
    email: str,
    organisation: str,
    kind: str,
    first_name: str,
    last_name: str,
    npn: str = "",
    actor=None,
) -> Assister:
    """Enrol a helper (idempotent by e-mail: a second call returns the same helper)."""
    kind = Kind(kind)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        # Verified, with no usable password: they set one with "Forgot your password?".
        user = User.objects.create_user(
            email, None, role=Role.ASSISTER, email_verified_at=timezone.now()
        )
    elif hasattr(user, "assister"):
        return user.assister
    elif user.role != Role.ASSISTER:
        raise AssisterError("account_has_another_role")
    org, _ = Organisation.objects.get_or_create(name=organisation.strip(), defaults={"kind": kind})
    helper = Assister(
        user=user,
        organisation=org,
        kind=kind,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        npn=(npn or "").strip(),
    )
    helper.full_clean(exclude=["user", "organisation", "code"])
    helper.save()
    audit.record(
        "assister.registered",
        actor=actor,
        actor_label="" if actor else "system",
        obj=helper,
        kind=kind,
        organisation=org.name,
    )
    return helper


def standing_for(consumer) -> Authorisation | None:
    return (
        Authorisation.objects.filter(consumer=consumer, withdrawn_at__isnull=True)
        .select_related("assister__organisation", "assister__user")
        .first()
    )


def authorise(consumer, helper: Assister, *, ip_address: str | None = None) -> Authorisation:
    """`consumer` authorises `helper` to act for their household. Authorising the helper
    who already stands changes nothing."""
    if consumer.role != Role.CONSUMER:
        raise AssisterError("not_a_consumer")
    if not helper.active:
        raise AssisterError("inactive")
    try:
        return _authorise(consumer, helper, ip_address)
    except IntegrityError:  # a second tab won the race: its authorisation stands
        current = standing_for(consumer)
        if current is not None and current.assister_id == helper.pk:
            return current
        raise AssisterError("try_again") from None


@atomic_action
def _authorise(consumer, helper: Assister, ip_address: str | None) -> Authorisation:
    """`authorise`'s transaction, run again after a deadlock (ADR 1704): it reads the
    standing authorisation afresh on each run."""
    current = standing_for(consumer)
    if current is not None and current.assister_id == helper.pk:
        return current
    now = clock.now()
    if current is not None:
        _withdraw(current, "consumer", consumer, ip_address, now)
        if not helper.is_broker:
            _remove_broker(current, consumer)
    made = Authorisation.objects.create(consumer=consumer, assister=helper, granted_at=now)
    audit.record(
        "assister.authorised",
        actor=consumer,
        obj=made,
        ip_address=ip_address,
        assister=str(helper.public_id),
        channel=helper.channel,
    )
    if helper.is_broker:
        _broker_of_record(consumer, helper)
    return made


def _broker_of_record(consumer, helper: Assister) -> None:
    """A broker the household authorises becomes the agent of record on its policies in
    force, each change with its 834 (enrollment.actions.change_broker)."""
    from marketplace.enrollment import actions as enrollment_actions
    from marketplace.enrollment import states
    from marketplace.enrollment.models import Enrollment

    for enrollment in Enrollment.objects.filter(owner=consumer, status__in=states.ACTIVE):
        try:
            enrollment_actions.change_broker(
                enrollment, name=helper.name, npn=helper.npn, actor=consumer
            )
        except enrollment_actions.EnrollmentError:
            continue  # a change after the plan year: the policy keeps its broker


def _remove_broker(authorisation: Authorisation, actor) -> None:
    """A household that withdraws a broker's authorisation (45 CFR 155.220(c)) ends them as
    agent of record on its policies in force from the first of next month, each with its 834
    (a 001 with AGENT BROKER INFO and no broker in loop 1000C). Policies that carry another
    broker, or none, are left alone."""
    from marketplace.enrollment import actions as enrollment_actions
    from marketplace.enrollment import states
    from marketplace.enrollment.models import Enrollment

    helper = authorisation.assister
    if not helper.is_broker:
        return
    found = Enrollment.objects.filter(
        owner_id=authorisation.consumer_id, status__in=states.ACTIVE, broker_npn=helper.npn
    )
    for enrollment in found:
        try:
            enrollment_actions.change_broker(enrollment, name="", npn="", actor=actor)
        except enrollment_actions.EnrollmentError:
            continue  # after the plan year: nothing more goes to the issuer


@atomic_action
def withdraw(authorisation: Authorisation, *, by, ip_address: str | None = None) -> Authorisation:
    """End the authorisation (by the household or by the helper); idempotent."""
    who = "assister" if by.pk == authorisation.assister.user_id else "consumer"
    if who == "consumer" and by.pk != authorisation.consumer_id:
        raise AssisterError("not_yours")
    locked = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if locked.withdrawn_at is None:
        _withdraw(locked, who, by, ip_address, clock.now())
        _remove_broker(locked, by)
    locked.refresh_from_db()
    return locked


def _withdraw(authorisation: Authorisation, who: str, by, ip_address, now) -> None:
    authorisation.withdrawn_at = now
    authorisation.withdrawn_by = who
    authorisation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        "assister.withdrawn",
        actor=by,
        obj=authorisation,
        ip_address=ip_address,
        by=who,
        assister=str(authorisation.assister.public_id),
    )


def clients(helper: Assister):
    """The households that authorise `helper` now."""
    return (
        Authorisation.objects.filter(assister=helper, withdrawn_at__isnull=True)
        .select_related("consumer")
        .order_by("granted_at", "id")
    )


def authorised(helper_user, authorisation_id) -> Authorisation | None:
    """The standing authorisation `authorisation_id` of the helper signed in as
    `helper_user`, or None: the one check between a helper and a household's records."""
    helper = getattr(helper_user, "assister", None) if helper_user.is_authenticated else None
    if helper is None or not helper.active or helper_user.role != Role.ASSISTER:
        return None
    return (
        Authorisation.objects.filter(
            public_id=authorisation_id, assister=helper, withdrawn_at__isnull=True
        )
        .select_related("consumer", "assister")
        .first()
    )
