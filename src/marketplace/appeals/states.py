"""The appeal's state machine (45 CFR 155.520-155.545):

received --schedule--> hearing_scheduled --decide--> decided --implement--> implemented
received --decide--> decided            (decided on the record, no hearing asked: 155.535)
received | hearing_scheduled --dismiss--> dismissed       (withdrawn, 155.530(a)(1))
received | hearing_scheduled --resolve--> resolved        (informal resolution accepted, 155.535(a))
"""

from __future__ import annotations

from marketplace.core.statemachine import StateMachine, TransitionNotAllowed  # noqa: F401

RECEIVED = "received"
HEARING_SCHEDULED = "hearing_scheduled"
DECIDED = "decided"
IMPLEMENTED = "implemented"
DISMISSED = "dismissed"
RESOLVED = "resolved"

OPEN = (RECEIVED, HEARING_SCHEDULED, DECIDED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (RECEIVED, "schedule"): HEARING_SCHEDULED,
    (HEARING_SCHEDULED, "schedule"): HEARING_SCHEDULED,  # moved to another day
    (RECEIVED, "decide"): DECIDED,
    (HEARING_SCHEDULED, "decide"): DECIDED,
    (DECIDED, "implement"): IMPLEMENTED,
    (RECEIVED, "dismiss"): DISMISSED,
    (HEARING_SCHEDULED, "dismiss"): DISMISSED,
    (RECEIVED, "resolve"): RESOLVED,
    (HEARING_SCHEDULED, "resolve"): RESOLVED,
}

MACHINE = StateMachine("appeal", TRANSITIONS)
next_state = MACHINE.next_state
allowed_events = MACHINE.allowed_events
