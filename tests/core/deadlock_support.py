"""A deadlock as Django raises it, and the structured events a test logged: shared by the
tests of actions run again after a conflict (ADR 0816, 1704)."""

from __future__ import annotations

import logging

import psycopg.errors
import pytest
from django.db import OperationalError


def deadlock() -> OperationalError:
    """What Django raises when PostgreSQL ends a transaction in a deadlock."""
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.errors.DeadlockDetected as cause:
        try:
            raise OperationalError("deadlock detected") from cause
        except OperationalError as wrapped:
            return wrapped


@pytest.fixture
def events():
    """The structured events logged (`marketplace.events`) while the test runs."""
    lines: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append({"event": record.getMessage(), **record.event_fields})

    handler = Keep(logging.INFO)
    logger = logging.getLogger("marketplace.events")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)
