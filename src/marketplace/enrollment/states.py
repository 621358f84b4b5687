"""The enrollment state machine: an explicit transition table (docs/architecture.md).

    selected --transmit--> transmitted --effectuate--> effectuated --terminate--> terminated
        \\                     \\                       \\
         +--cancel--> cancelled  +--cancel--> cancelled  +--cancel--> cancelled
                                  (never effectuated)      (effectuated, before coverage starts)

`selected`: the person checked out; the initial 834 (021/EC) is in the outbox.
`transmitted`: the 834 went to the issuer in a file (docs/puf-and-834.md B.6 step 1).
`effectuated`: the issuer confirmed the binder payment (inbound 021/28, CG §6.9).
`terminated`: coverage ended after it began (45 CFR 155.430; by the person or the issuer).
`cancelled`: ended with no coverage period (CG §7.2.5).
An effectuated policy whose coverage has not started yet (issuers confirm the binder payment
in December for coverage from January 1) is cancelled too, not terminated: 45 CFR
155.430(e)(2) makes a cancellation an end on or before the effective date, so coverage never
took effect, and the 834 is a 024 whose end date is the start date (CG §7.2.5); the issuer
refunds the binder payment.
`change` (an APTC election change, 001 maintenance) keeps the state, and so does
`remove_member` (one member off a policy that continues for the others: their 024 and the
others' 001), and a new CSR variant of the same plan (`change`: one 001 CSR VARIANT
CHANGE on the same policy). A policy replaced by another (a CIC pair: a new subscriber,
`Enrollment.replaces`) is cancelled or terminated like any other, with
`end_reason` "replaced"; its successor starts as `selected`. A successor of an effectuated
policy is in force from its first day, before the issuer's confirmation of it comes back
(the same issuer, no new binder payment), so it is terminated, not cancelled, when it ends
after it began: `terminate_continuation`.
A policy the exchange terminated for non-payment at the end of a grace period (45 CFR
156.270(g)) goes back to `effectuated` when the issuer reports the premium paid:
`reinstate` (enrollment/grace.py).
"""

from __future__ import annotations

from marketplace.core.statemachine import StateMachine, TransitionNotAllowed  # noqa: F401

SELECTED = "selected"
TRANSMITTED = "transmitted"
EFFECTUATED = "effectuated"
TERMINATED = "terminated"
CANCELLED = "cancelled"

ACTIVE = (SELECTED, TRANSMITTED, EFFECTUATED)
ENDED = (TERMINATED, CANCELLED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (SELECTED, "transmit"): TRANSMITTED,
    (TRANSMITTED, "effectuate"): EFFECTUATED,
    (EFFECTUATED, "effectuate"): EFFECTUATED,  # a later confirmation moves paid-through on
    (SELECTED, "change"): SELECTED,
    (TRANSMITTED, "change"): TRANSMITTED,
    (EFFECTUATED, "change"): EFFECTUATED,
    (SELECTED, "remove_member"): SELECTED,
    (TRANSMITTED, "remove_member"): TRANSMITTED,
    (EFFECTUATED, "remove_member"): EFFECTUATED,
    (SELECTED, "cancel"): CANCELLED,
    (TRANSMITTED, "cancel"): CANCELLED,
    (EFFECTUATED, "cancel"): CANCELLED,  # before coverage starts (45 CFR 155.430(e)(2))
    (EFFECTUATED, "terminate"): TERMINATED,
    (SELECTED, "terminate_continuation"): TERMINATED,
    (TRANSMITTED, "terminate_continuation"): TERMINATED,
    (TRANSMITTED, "issuer_cancel"): CANCELLED,
    (EFFECTUATED, "issuer_cancel"): CANCELLED,
    (EFFECTUATED, "issuer_terminate"): TERMINATED,
    # The issuer says every premium owed was paid after the exchange ended the policy for
    # non-payment (enrollment/grace.py): coverage goes on from where it stopped (an 834 025).
    (TERMINATED, "reinstate"): EFFECTUATED,
}


MACHINE = StateMachine("enrollment", TRANSITIONS)
next_state = MACHINE.next_state
allowed_events = MACHINE.allowed_events
