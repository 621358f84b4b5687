"""A batch job's tables keep current planner statistics as it grows them
(core/planner_stats.py, ADR 0828): refreshed at the first batch, then each time the count
done doubles, never in between."""

from __future__ import annotations

import pytest

from marketplace.audit import log
from marketplace.audit.models import AuditEvent
from marketplace.core.bulk import refresh_statistics
from marketplace.core.planner_stats import GrowingTables, rows_known
from tests.planner_support import rows_the_planner_knows

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def _write(count: int) -> None:
    log.record_many([log.unsaved("test.row", actor_label="test") for _ in range(count)])


def test_refreshed_at_the_first_batch_then_each_time_the_count_doubles():
    growing = GrowingTables([AuditEvent], first=10)
    before = AuditEvent.objects.count()
    seen = []
    for done in range(5, 45, 5):  # 5, 10, ... 40 done
        _write(5)
        refreshed = growing.reached(done)
        seen.append((done, refreshed, rows_the_planner_knows(TABLE)))

    refreshed_at = [done for done, refreshed, _ in seen if refreshed]
    assert refreshed_at == [10, 20, 40]
    assert growing.refreshed == 3
    knows = {done: rows for done, _, rows in seen}
    assert knows[10] == before + 10
    assert knows[15] == before + 10  # not refreshed in between
    assert knows[40] == before + 40


def test_a_count_past_several_doublings_refreshes_once():
    growing = GrowingTables([AuditEvent], first=10)
    _write(3)

    assert growing.reached(100) is True
    assert growing.reached(150) is False
    assert growing.reached(200) is True
    assert growing.refreshed == 2


def test_a_run_adding_to_what_the_statistics_describe_waits_for_the_whole_to_double():
    """ADR 0831: 30,000 households seeded into a state of 1.2 million refreshed six tables
    of millions of rows seven times; now the first refresh waits until the run has added as
    many as the statistics already knew."""
    growing = GrowingTables([AuditEvent], first=10, start=40)

    assert [growing.reached(done) for done in (10, 20, 39)] == [False, False, False]
    assert growing.reached(40) is True  # 80 in all: twice the 40 known
    assert growing.reached(100) is False
    assert growing.reached(120) is True  # 160 in all: twice 80
    assert growing.refreshed == 2


def test_the_rows_known_are_the_statistics_not_a_count():
    _write(5)
    refresh_statistics([AuditEvent])
    known = rows_known(AuditEvent)
    _write(7)

    assert known == AuditEvent.objects.count() - 7
    assert rows_known(AuditEvent) == known
