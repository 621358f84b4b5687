"""How the work queues ask the database (issue 15: a queue page over 100,000 open items
under 300 ms): every queue's page reads its open items from their own partial index in the
queue's order (no sort of the whole queue), items nobody has are found with NOT EXISTS, and
the backlog of every queue is one query. The plan is the database's own (EXPLAIN), on
SQLite and on PostgreSQL (where sequential scans are turned off for the question: on a
table of a few rows it would rightly prefer one)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts import identity
from marketplace.casework import queues
from marketplace.edi.models import EdiException, ExceptionKind

pytestmark = pytest.mark.django_db

#: Each queue and the index its page reads.
INDEXES = {
    "identity": "accounts_iddoc_pending",
    "verifications": "verif_submitted_opened",
    "834": "edi_exception_open",
    "returned-mail": "casework_returned_open",
    "overrides": "casework_override_pending",
    "changes": "changes_followups_open",
    "appeals": "appeals_open",
}


@pytest.fixture
def open_work(maria):
    upload = SimpleUploadedFile("id.pdf", b"%PDF-1.4 id", content_type="application/pdf")
    identity.submit_document(maria, "passport", upload)
    for days in (4, 1):
        EdiException.objects.create(
            kind=ExceptionKind.UNKNOWN_POLICY,
            issuer_hios="12345",
            policy_id=f"P-{days}",
            message="x",
            created_at=timezone.now() - timedelta(days=days),
        )


def plan(sql: str, table: str, index: str) -> str:
    """The database's plan for `sql` when it may read `table` only through `index`: on
    SQLite the index is named (INDEXED BY: an index that cannot answer the query is an
    error), on PostgreSQL the other ways are priced out (no sequential or bitmap scans, no
    sorts: on a table of a few rows they would rightly be cheaper)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            forced = sql.replace(f'FROM "{table}"', f'FROM "{table}" INDEXED BY "{index}"', 1)
            cursor.execute("EXPLAIN QUERY PLAN " + forced)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def _reads_in_order(sql: str, table: str, index: str) -> None:
    """`index` answers `sql` in its order: nothing is sorted."""
    found = plan(sql, table, index)
    assert index in found, found
    assert "TEMP B-TREE FOR ORDER BY" not in found and "Sort" not in found, found


def _items_query(captured, table: str) -> str:
    return next(q["sql"] for q in captured if f'FROM "{table}"' in q["sql"])


@pytest.mark.parametrize("key", sorted(INDEXES))
def test_every_queue_page_reads_its_open_items_from_their_index(key, open_work):
    each = queues.queue(key)
    with CaptureQueriesContext(connection) as captured:
        queues.page(each, number=3)
    table = each.open_items().model._meta.db_table
    _reads_in_order(_items_query(captured, table), table, INDEXES[key])


def test_items_nobody_has_are_found_with_not_exists(open_work, carla):
    each = queues.queue("834")
    queues.assign(each, [EdiException.objects.first().pk], to=carla, by=carla)
    with CaptureQueriesContext(connection) as captured:
        shown = queues.page(each, unassigned=True)
    sql = _items_query(captured, "edi_ediexception")
    assert "NOT EXISTS" in sql and " NOT IN " not in sql.upper()
    assert [row["pk"] for row in shown["rows"]] == [EdiException.objects.last().pk]
    _reads_in_order(sql, "edi_ediexception", "edi_exception_open")


def test_the_backlog_of_every_queue_is_one_query(open_work, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = queues.backlog()
    assert [r["queue"].key for r in rows] == [q.key for q in queues.queues()]
    counted = {r["queue"].key: (r["total"], r["overdue"], r["buckets"]) for r in rows}
    assert counted["834"] == (2, 1, [1, 1, 0, 0])
    assert counted["identity"] == (1, 0, [1, 0, 0, 0])


def test_the_identity_and_verification_lists_read_their_indexes(carla_client, open_work):
    table = "accounts_identitydocument"
    with CaptureQueriesContext(connection) as captured:
        assert carla_client.get("/casework/identity/").status_code == 200
    _reads_in_order(_items_query(captured, table), table, "accounts_iddoc_pending")
    table = "verifications_verificationitem"
    with CaptureQueriesContext(connection) as captured:
        assert carla_client.get("/casework/verifications/").status_code == 200
    lists = [q["sql"] for q in captured if f'FROM "{table}"' in q["sql"]]
    # Documents sent (by due date), expired (newest first), waiting for a data service
    # (oldest first), replaced (newest first).
    expected = [
        "verif_status_due",
        "verif_status_closed",
        "verif_awaiting_service",
        "verif_status_closed",
    ]
    assert len(lists) == len(expected)
    for sql, index in zip(lists, expected, strict=True):
        _reads_in_order(sql, table, index)
