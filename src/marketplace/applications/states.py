"""The application's state machine: an explicit transition table (design.md section 1).

    draft --submit--> submitted --determine--> determined --reopen--> draft (report a change)

`submitted` lasts only inside the submission transaction in the on-line flow (the rules run
at once); it is a real state so that a determination that cannot be made at once (a
caseworker's queue) has somewhere to wait. Every later submission makes a new, separate
determination; earlier ones stay stored and readable.
"""

from __future__ import annotations

DRAFT = "draft"
SUBMITTED = "submitted"
DETERMINED = "determined"

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "submit"): SUBMITTED,
    (SUBMITTED, "determine"): DETERMINED,
    (DETERMINED, "reopen"): DRAFT,
}


class TransitionNotAllowed(Exception):
    """An event that the application's current state does not allow."""

    def __init__(self, state: str, event: str):
        self.state, self.event = state, event
        super().__init__(f"cannot {event} an application that is {state}")


def next_state(state: str, event: str) -> str:
    """The state after `event`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise TransitionNotAllowed(state, event) from None


def allowed_events(state: str) -> list[str]:
    return [event for (source, event) in TRANSITIONS if source == state]
