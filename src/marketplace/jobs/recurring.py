"""Work that comes round on the calendar (a yearly run, a monthly one), with no one to start it.

An app registers an `ensure` function with `recurring.register`; every worker (`marketplace
worker`) calls them all when it starts and then every `EVERY_SECONDS`. Each one queues the next run
of its work, with a dedupe key naming the run's date, so however many workers ask, one job
is queued for each date, and it runs when the exchange's clock reaches it (core/clock.py).
A function that fails is logged (its type only) and tried again at the next call; the
others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)

EVERY_SECONDS = 3600
ENSURE: list[Callable[[], None]] = []


def register(function: Callable[[], None]) -> Callable[[], None]:
    """Register `function`, which queues the next run of some calendar work (idempotent)."""
    if function not in ENSURE:
        ENSURE.append(function)
    return function


def ensure_all() -> int:
    """Call every registered function, each in its own transaction; returns how many failed."""
    failed = 0
    for function in list(ENSURE):
        try:
            with transaction.atomic():
                function()
        except Exception as exc:  # one failing schedule never stops the others
            failed += 1
            log.warning("recurring work %s failed: %s", function.__qualname__, type(exc).__name__)
    return failed
