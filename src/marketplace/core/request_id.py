"""The id of the request (or job) being served, carried into the jobs it queues.

The operations middleware sets it for each web request (from a well-formed `X-Request-ID`
a proxy sent, else a new one); `jobs.queue.enqueue` stores it on the job; the worker sets
it again while it runs the job, so a job's log line names the request that asked for it.
It is an opaque id: never personal data.
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar

_CURRENT: ContextVar[str] = ContextVar("marketplace_request_id", default="")
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new() -> str:
    """32 random hex digits (128 bits from the system's random source, as a UUID4's)."""
    return os.urandom(16).hex()


def accept(offered: str | None) -> str:
    """A proxy's id when it is a plain token (letters, digits, . _ -), else a new one."""
    if offered and _WELL_FORMED.match(offered):
        return offered
    return new()


def current() -> str:
    return _CURRENT.get()


def set_current(value: str):
    """Set the id; returns a token for `reset`."""
    return _CURRENT.set(value)


def reset(token) -> None:
    _CURRENT.reset(token)
