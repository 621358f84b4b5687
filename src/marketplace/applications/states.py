"""The application's state machine: an explicit transition table (docs/architecture.md).

    draft --submit--> submitted --determine--> determined --reopen--> draft (report a change)

`submitted` lasts only inside the submission transaction in the on-line flow (the rules run
at once); it is a real state so that a determination that cannot be made at once (a
caseworker's queue) has somewhere to wait. Every later submission makes a new, separate
determination; earlier ones stay stored and readable.
"""

from __future__ import annotations

from marketplace.core.statemachine import StateMachine, TransitionNotAllowed  # noqa: F401

DRAFT = "draft"
SUBMITTED = "submitted"
DETERMINED = "determined"

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "submit"): SUBMITTED,
    (SUBMITTED, "determine"): DETERMINED,
    (DETERMINED, "reopen"): DRAFT,
}


MACHINE = StateMachine("application", TRANSITIONS)
next_state = MACHINE.next_state
allowed_events = MACHINE.allowed_events
