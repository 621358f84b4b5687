"""Two transactions storing the same new list of law values at once (ADR 0818): the second
waits for the first and does nothing; both commit, one row. PostgreSQL only (row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from marketplace.determinations import law_values
from marketplace.determinations.law_values import LawValuesUsed

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)

ITEMS = [{"parameter": "moop", "state": None, "because": ["not_reviewed"], "needed_for": 2027}]


def test_the_same_new_list_stored_by_two_transactions_at_once(transactional_db):
    law_values.forget()
    row = law_values.of_json(ITEMS, "test")
    first_stored, release, done = threading.Event(), threading.Event(), []

    def store(first: bool) -> None:
        try:
            with transaction.atomic():
                law_values.ensure([law_values.of_json(ITEMS, "test")])
                if first:
                    first_stored.set()
                    release.wait(10)
            done.append(first)
        finally:
            connections.close_all()

    one = threading.Thread(target=store, args=(True,))
    one.start()
    assert first_stored.wait(10)
    two = threading.Thread(target=store, args=(False,))
    two.start()
    two.join(0.5)
    assert two.is_alive()  # waiting on the first transaction's row
    release.set()
    one.join(10)
    two.join(10)
    assert sorted(done) == [False, True]
    assert list(LawValuesUsed.objects.values_list("digest", flat=True)) == [row.digest]
    law_values.forget()
