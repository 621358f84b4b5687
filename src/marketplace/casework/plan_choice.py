"""A caseworker chooses a plan for a household (on the telephone, or from a paper form)
through the same checkout action the person's own pages use (`enrollment.actions.checkout`),
so the enrollment, its 834 and its notice are the ones the person's own checkout makes; it
is recorded as entered by that caseworker on that channel (45 CFR 155.405(c)(2): the exchange
takes applications, and with them plan selections, by telephone and by mail).

The person's attestations (truthful, reconcile the tax credit, pay the premium) are read to
them and agreed on the call or signed on the paper; the caseworker ticks each as the person
did, and the checkout refuses without them, as it does on line.
"""

from __future__ import annotations

from decimal import Decimal

from marketplace.audit import log as audit
from marketplace.casework.gate import Can
from marketplace.casework.models import PlanChoice
from marketplace.core.channel import Channel
from marketplace.core.transactions import atomic_action
from marketplace.enrollment import actions as enrollment_actions

#: The channels a caseworker enters a plan choice on.
STAFF_CHANNELS = (Channel.PHONE, Channel.PAPER)


class PlanChoiceError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@atomic_action
def choose_plan(
    *,
    owner,
    determination,
    plan_id: str,
    elected_aptc: Decimal | None,
    attestations: dict,
    token,
    channel: str,
    by,
    ip_address: str | None = None,
):
    """Enroll `owner`'s household in `plan_id` for them. Raises `PlanChoiceError` (not
    allowed, own case, channel) or the checkout's own `EnrollmentError`. The same `token`
    returns the same enrollment (a double submit is one)."""
    if not by.has_perm(Can.ENTER_PAPER):
        raise PlanChoiceError("not_allowed")
    if owner.pk == by.pk:
        raise PlanChoiceError("own_case")
    if channel not in STAFF_CHANNELS:
        raise PlanChoiceError("channel")
    if determination.application.owner_id != owner.pk:
        raise PlanChoiceError("not_owner")
    enrollment = enrollment_actions.checkout(
        user=owner,
        determination=determination,
        plan_id=plan_id,
        elected_aptc=elected_aptc,
        attestations=attestations,
        token=token,
        language=getattr(owner, "preferred_language", "en") or "en",
        actor=by,
        ip_address=ip_address,
        channel=channel,
    )
    _choice, created = PlanChoice.objects.get_or_create(
        enrollment=enrollment,
        defaults={"owner": owner, "channel": channel, "entered_by": by},
    )
    if created:
        audit.record(
            "casework.plan_chosen",
            actor=by,
            obj=enrollment,
            ip_address=ip_address,
            channel=channel,
            on_behalf_of=owner.pk,
            policy_id=enrollment.policy_id,
        )
    return enrollment
