"""The enrollment state machine: an explicit transition table (design.md section 1).

    selected --transmit--> transmitted --effectuate--> effectuated --terminate--> terminated
        \\                     \\
         +--cancel--> cancelled  +--cancel--> cancelled   (before coverage / never effectuated)

`selected`: the person checked out; the initial 834 (021/EC) is in the outbox.
`transmitted`: the 834 went to the issuer in a file (formats.md B.6 step 1).
`effectuated`: the issuer confirmed the binder payment (inbound 021/28, CG §6.9).
`terminated`: coverage ended after it began (45 CFR 155.430; by the person or the issuer).
`cancelled`: ended with no coverage period (CG §7.2.5).
`change` (an APTC election change, 001 maintenance) keeps the state.
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
    (SELECTED, "cancel"): CANCELLED,
    (TRANSMITTED, "cancel"): CANCELLED,
    (EFFECTUATED, "terminate"): TERMINATED,
    (TRANSMITTED, "issuer_cancel"): CANCELLED,
    (EFFECTUATED, "issuer_cancel"): CANCELLED,
    (EFFECTUATED, "issuer_terminate"): TERMINATED,
}


MACHINE = StateMachine("enrollment", TRANSITIONS)
next_state = MACHINE.next_state
allowed_events = MACHINE.allowed_events
