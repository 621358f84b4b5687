"""The session store: Django's database sessions, whose write runs again after a deadlock
(ADR 1704).

SessionMiddleware saves a changed session after the view has answered (sign-in, the
application's wizard, flash messages), in a transaction of its own. When PostgreSQL ends
that transaction with a deadlock (40P01), a serialization failure (40001) or a lock not
available (55P03), it rolled the write back, and writing it again is safe: the session row
is written whole from what this request holds. So the write is an `@atomic_action`
(core/transactions.py, ADR 0816): up to three runs, logged and counted like an action's.

Django's own store turns any database error on an update into `UpdateError` ("the session
was deleted meanwhile"), which the middleware answers with a 400. A conflict is not that:
it is raised as it is, for `operations.middleware.SessionMiddleware` to answer 409.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import DatabaseError, IntegrityError, router

from marketplace.core.transactions import atomic_action, conflict_of


class SessionStore(db.SessionStore):
    """`SESSION_ENGINE = "marketplace.core.sessions"`: the same table and rows as Django's
    database sessions; only the write is run again after a conflict."""

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=obj)
        try:
            _write(obj, must_create, using)
        except IntegrityError:
            if must_create:
                raise CreateError from None
            raise
        except DatabaseError as exc:
            if must_create or conflict_of(exc) is not None:
                raise
            raise UpdateError from exc
        return None


def _write(obj, must_create: bool, using: str) -> None:
    _writer(using)(obj, must_create, using)


_WRITERS: dict[str, object] = {}


def _writer(using: str):
    """The session's write as an `@atomic_action` on the database `using`."""
    if using not in _WRITERS:
        _WRITERS[using] = atomic_action(_save_row, using=using)
    return _WRITERS[using]


def _save_row(obj, must_create: bool, using: str) -> None:
    """Insert (a new session) or update the session's row, in one statement."""
    obj.save(force_insert=must_create, force_update=not must_create, using=using)
