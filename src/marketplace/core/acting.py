"""Who is acting for the person whose records a request touches (a hook lower apps read).

When an assister or a licensed agent or broker helps a household that authorised them (45 CFR
155.210(d), 155.225(d); 155.220(c)), the pages run as that household, while the audit log must
name the helper and the channel (`marketplace.audit.log.record`) and an enrollment made with
a broker carries the broker to the issuer (the 834's 1000C loop). The higher app that knows
about helpers (`marketplace.assisters`) sets this for the length of a request; lower apps only
read it, so no arrow points up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Helper:
    """The person acting, on whose behalf, through which channel."""

    user: object  # the helper's own account
    on_behalf_of: object  # the household's account
    channel: str  # "assister" or "broker"
    name: str = ""
    npn: str = ""  # a broker's National Producer Number; blank for other assisters


_current: ContextVar[Helper | None] = ContextVar("marketplace_helper", default=None)


def current() -> Helper | None:
    """The helper acting in this request, or None."""
    return _current.get()


@contextlib.contextmanager
def helping(helper: Helper | None) -> Iterator[Helper | None]:
    token = _current.set(helper)
    try:
        yield helper
    finally:
        _current.reset(token)
