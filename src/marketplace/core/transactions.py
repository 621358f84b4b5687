"""One action, one transaction, run again when PostgreSQL ends it in a deadlock (ADR 0816).

An action (`enrollment.actions.change_aptc`, `applications.actions.sign`, ...) writes its
rows, its audit row and its queued side effects (834s, notices: the outbox) in one
transaction. When two transactions wait for each other, PostgreSQL ends one of them with
SQLSTATE 40P01 (deadlock_detected); a SERIALIZABLE or REPEATABLE READ transaction can end
with 40001 (serialization_failure), and a lock taken with NOWAIT or under lock_timeout with
55P03 (lock_not_available). In each case the database has rolled the WHOLE transaction back,
so nothing of it was kept: running the action again from the start is safe, and it usually
succeeds, because the other transaction has by then finished.

`@atomic_action` is `@transaction.atomic` plus that: when the action is the outermost
transaction (`connection.in_atomic_block` is False as it starts), a conflict runs it again,
up to `TRIES` times in all, after a short random pause (so the two do not meet again in
step). Inside a caller's transaction the action is only a savepoint: rolling back to it does
not release the locks the caller's transaction holds, and PostgreSQL has already aborted
the caller's transaction anyway, so it runs once and the conflict goes up to the caller.

Each retry and each give-up is logged as a structured event (`transaction_retried`,
`transaction_gave_up`: the action's dotted name, the kind of conflict, the attempt; no
personal data) and sent as a signal, which the operations app counts in /metrics (layer 0
cannot import it). What is left after the tries is raised as it was; the pages answer it
with a friendly "nothing was saved, send it again" (operations/middleware.py).

The rule for an action run this way: read what it changes from the database (its locked
rows: `_lock`, `_editable`), not from an argument an earlier attempt may have changed in
memory, and do nothing outside the database before it commits (queue it in the outbox or
`transaction.on_commit`, which a rolled-back attempt discards).
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.dispatch import Signal

from marketplace.core import jsonlog

#: SQLSTATEs after which PostgreSQL has rolled the whole transaction back and it may run again.
CONFLICTS = {
    "40P01": "deadlock",
    "40001": "serialization_failure",
    "55P03": "lock_not_available",
}
TRIES = 3  # in all: the first run and two more
PAUSE_SECONDS = (0.01, 0.1)  # a random pause before the second run; doubled before the third

#: Sent before each run again (kind, action, attempt) and when the tries ran out.
retried = Signal()
gave_up = Signal()


def conflict_of(exc: BaseException | None) -> str | None:
    """The kind of conflict (a value of CONFLICTS) that ended `exc`'s transaction, or None.

    Django wraps the driver's error (psycopg.errors.DeadlockDetected, whose class carries
    `sqlstate`) in its own OperationalError, so the causes are read too."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        kind = CONFLICTS.get(getattr(exc, "sqlstate", None) or "")
        if kind is not None:
            return kind
        exc = exc.__cause__ or exc.__context__
    return None


def atomic_action(func: Callable | None = None, *, tries: int = TRIES, using: str | None = None):
    """`@transaction.atomic` that runs the function again after a deadlock or serialization
    failure, when it is the outermost transaction. Used bare or as `@atomic_action(tries=5)`."""
    if func is None:
        return functools.partial(atomic_action, tries=tries, using=using)
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def run(*args, **kwargs):
        if transaction.get_connection(using).in_atomic_block:
            with transaction.atomic(using=using):  # a savepoint: no run again from here
                return func(*args, **kwargs)
        attempt = 1
        while True:
            try:
                with transaction.atomic(using=using):
                    return func(*args, **kwargs)
            except DatabaseError as exc:
                kind = conflict_of(exc)
                if kind is None:
                    raise
                if attempt >= tries:
                    _report(gave_up, "transaction_gave_up", kind, name, attempt)
                    raise
                _report(retried, "transaction_retried", kind, name, attempt)
                time.sleep(random.uniform(*PAUSE_SECONDS) * 2 ** (attempt - 1))
                attempt += 1

    return run


def _report(signal: Signal, event: str, kind: str, action: str, attempt: int) -> None:
    level = logging.WARNING if signal is gave_up else logging.INFO
    jsonlog.event(event, level=level, kind=kind, action=action, attempt=attempt)
    signal.send(sender=None, kind=kind, action=action, attempt=attempt)
