"""Reasons to hold a paper notice instead of mailing it. A higher app registers a hold (a
function of the notice returning a reason, or "" to let it go); casework holds the mail of
a person whose mail came back until their address is confirmed (45 CFR 155.230: notices
must reach the person; mail sent on to an address known to be wrong does not)."""

from __future__ import annotations

from collections.abc import Callable

_HOLDS: list[Callable] = []


def register(hold: Callable) -> None:
    if hold not in _HOLDS:
        _HOLDS.append(hold)


def reason_to_hold(notice) -> str:
    for hold in _HOLDS:
        reason = hold(notice)
        if reason:
            return reason
    return ""
