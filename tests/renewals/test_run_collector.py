"""A renewal worker renews with Python's cycle collector held back (core/batch_collector.py,
ADR 0829) and leaves it as it was."""

from __future__ import annotations

import gc

import pytest

from marketplace.core import batch_collector
from marketplace.renewals import run
from tests.renewals.conftest import by_name, enrolled, single

pytestmark = pytest.mark.django_db


def test_a_renewal_worker_renews_with_the_collector_held_back():
    for name in ("Ana", "Ben"):
        enrolled(single(name, 30, 30000), by_name("Standard Silver"))
    seen = []

    run.work(2026, 2027, batch=1, progress=lambda done: seen.append(gc.get_threshold()[0]))

    assert seen and set(seen) == {batch_collector.YOUNG_THRESHOLD}
    assert gc.get_threshold()[0] != batch_collector.YOUNG_THRESHOLD
