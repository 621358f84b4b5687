"""Explicit state machines: a transition table in our own code (docs/architecture.md).

Each workflow (applications, enrollments, ...) declares its table of (state, event) -> state
and asks it for the next state; an event its current state does not allow is an error, never
a silent change.
"""

from __future__ import annotations


class TransitionNotAllowed(Exception):
    """An event that the current state does not allow."""

    def __init__(self, state: str, event: str, thing: str = "record"):
        self.state, self.event = state, event
        article = "an" if thing[:1] in "aeiou" else "a"
        super().__init__(f"cannot {event} {article} {thing} that is {state}")


class StateMachine:
    def __init__(self, thing: str, transitions: dict[tuple[str, str], str]):
        self.thing = thing
        self.transitions = transitions

    def next_state(self, state: str, event: str) -> str:
        """The state after `event`, or TransitionNotAllowed."""
        try:
            return self.transitions[(state, event)]
        except KeyError:
            raise TransitionNotAllowed(state, event, self.thing) from None

    def allowed_events(self, state: str) -> list[str]:
        return [event for (source, event) in self.transitions if source == state]
