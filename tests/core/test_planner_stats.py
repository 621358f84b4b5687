"""A batch job's tables keep current planner statistics as it grows them
(core/planner_stats.py, ADR 0828): refreshed at the first batch, then each time the count
done doubles, never in between."""

from __future__ import annotations

import pytest

from marketplace.audit import log
from marketplace.audit.models import AuditEvent
from marketplace.core.planner_stats import GrowingTables
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
