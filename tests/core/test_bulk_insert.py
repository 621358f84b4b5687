"""`core.bulk.insert` (ADR 0806, 0811) writes the rows `save()` writes: plain values straight
into COPY on PostgreSQL, everything else through the fields' own preparation; related
objects saved after they were assigned; `stamped` automatic fields. On SQLite it is
`bulk_create`, and the same tests hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from marketplace.accounts.models import IdentityVerification, User
from marketplace.audit.models import AuditEvent
from marketplace.core import bulk
from marketplace.jobs.models import Job

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def _job(n: int) -> Job:
    return Job(
        kind="notices.render",
        payload={"notice": f"n{n}", "amount": "12.50", "list": [1, None, True]},
        dedupe_key=f"render:{n}" if n % 2 else None,
        run_after=WHEN + timedelta(seconds=n),
        attempts=n,
        last_error="" if n % 2 else "boom é",
        lease_expires_at=None if n % 2 else WHEN,
    )


def _read(model, pk, skip=("id", "created_at", "at")) -> dict:
    row = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in skip}


def test_rows_read_back_as_the_same_rows_saved_one_by_one():
    saved, inserted = [_job(n) for n in range(4)], [_job(n + 10) for n in range(4)]
    for job in saved:
        job.save()
    bulk.insert(inserted)
    for one, other in zip(saved, inserted, strict=True):
        a, b = _read(Job, one.pk), _read(Job, other.pk)
        assert a["payload"]["notice"] != b["payload"]["notice"]
        a["payload"].pop("notice"), b["payload"].pop("notice")
        assert a.pop("run_after") + timedelta(seconds=10) == b.pop("run_after")
        assert a.pop("attempts") + 10 == b.pop("attempts")
        assert (a.pop("dedupe_key") is None) == (b.pop("dedupe_key") is None)
        assert a == b
    assert all(job.pk and not job._state.adding for job in inserted)


def test_a_related_object_saved_after_it_was_assigned_gives_its_key():
    users = [User(email=f"bulk{n}@example.org") for n in range(3)]
    records = [
        IdentityVerification(user=u, method="remote", date_of_birth=date(1980, 1, n + 1))
        for n, u in enumerate(users)
    ]
    events = [AuditEvent(actor=u, action="bulk.test", detail={"n": n}) for n, u in enumerate(users)]
    bulk.insert(users)
    bulk.insert(records)
    bulk.insert(events)
    for n, (user, record, event) in enumerate(zip(users, records, events, strict=True)):
        assert IdentityVerification.objects.get(pk=record.pk).user_id == user.pk
        stored = AuditEvent.objects.get(pk=event.pk)
        assert (stored.actor_id, stored.detail, stored.ip_address) == (user.pk, {"n": n}, None)
        assert IdentityVerification.objects.get(pk=record.pk).date_of_birth == date(1980, 1, n + 1)


def test_an_unsaved_related_object_refuses_the_insert():
    with pytest.raises(ValueError, match="unsaved related object"):
        bulk.insert([AuditEvent(actor=User(email="never@example.org"), action="bulk.test")])
    assert not AuditEvent.objects.filter(action="bulk.test").exists()


def test_stamped_fields_keep_the_value_given_and_others_are_stamped_now():
    events = [AuditEvent(action="bulk.stamped"), AuditEvent(action="bulk.stamped")]
    bulk.insert(events, stamped={"at": WHEN})
    assert [e.at for e in events] == [WHEN, WHEN]
    assert set(AuditEvent.objects.filter(action="bulk.stamped").values_list("at", flat=True)) == {
        WHEN
    }
    jobs = [_job(1)]
    bulk.insert(jobs)
    assert Job.objects.get(pk=jobs[0].pk).created_at > WHEN


def _payloads() -> list:
    """Payloads with a long list under "values" that repeats, changes, comes back, is equal
    but for a bool, is not a list, or is missing (ADR 0813: `repeating`)."""
    items = [
        {"name": f"p{n}", "year": 2027, "state": None, "because": ["secondary"]} for n in range(9)
    ]
    changed = [*items[:-1], {**items[-1], "year": 2028}]
    with_bool = [*items[:-1], {**items[-1], "year": True}]  # == the int 1 in Python, not JSON
    ones = [*items[:-1], {**items[-1], "year": 1}]
    return [
        {"a": 1, "values": items},
        {"values": items, "b": "two"},
        {"a": 1, "values": changed},
        {"a": 1, "values": list(items)},
        {"values": ones},
        {"values": with_bool},
        {"values": [*items[:-1], {**items[-1], "year": 1.0}]},
        {"values": ones},
        {"a": 1, "values": "not a list"},
        {"a": 1},
        {},
        {"values": []},
    ]


def test_repeating_lists_are_stored_as_given():
    payloads = _payloads()
    jobs = [
        Job(kind="notices.render", payload=p, dedupe_key=f"repeat:{n}", run_after=WHEN)
        for n, p in enumerate(payloads)
    ]
    bulk.insert(jobs, repeating={"payload": ("values",)})
    stored = [Job.objects.get(pk=job.pk).payload for job in jobs]
    assert stored == payloads
    years = [p["values"][-1]["year"] for p in stored[4:8]]
    assert [(type(y), y) for y in years] == [(int, 1), (bool, True), (float, 1.0), (int, 1)]


def test_a_repeating_list_equal_but_for_a_nested_bool_or_float_is_stored_as_given():
    """A list kept for repeating holds ints deep inside (ADR 0819: only their places are
    checked on a repeat): an equal list with a bool or a float there keeps its own JSON."""
    items = [{"name": f"p{n}", "years": [2026, [0, 1]], "because": ["x"]} for n in range(5)]
    nested = [*items[:-1], {**items[-1], "years": [2026, [False, 1]]}]
    floating = [{**items[0], "years": [2026.0, [0, 1]]}, *items[1:]]
    payloads = [{"values": items}, {"values": nested}, {"values": floating}, {"values": items}]
    jobs = [
        Job(kind="notices.render", payload=p, dedupe_key=f"nested:{n}", run_after=WHEN)
        for n, p in enumerate(payloads)
    ]
    bulk.insert(jobs, repeating={"payload": ("values",)})
    stored = [Job.objects.get(pk=job.pk).payload["values"] for job in jobs]
    assert stored == [items, nested, floating, items]
    assert type(stored[1][-1]["years"][1][0]) is bool
    assert type(stored[2][0]["years"][0]) is float
    assert type(stored[3][0]["years"][0]) is int


def test_json_of_every_kind_is_stored_as_saved_one_by_one():
    """A JSON field's value goes into COPY as its text (ADR 0822: characters beyond ASCII
    written as they are, not escaped): names in any script, an escaped quote and backslash,
    nested floats, bools and None, and a bare string, number or list come back as `save()`
    stores them."""
    payloads = [
        {"name": "José Ñúñez", "city": "Łódź", "note": 'a "quote" \\ and\ttab', "emoji": "😀"},
        {"nested": {"float": 0.0643, "bool": True, "none": None, "list": [1, 1.0, False, "1"]}},
        "a bare string é",
        12,
        [{"a": [1.5, None]}, "ü"],
    ]
    saved = [Job(kind="notices.render", payload=p, run_after=WHEN) for p in payloads]
    for job in saved:
        job.save()
    inserted = [Job(kind="notices.render", payload=p, run_after=WHEN) for p in payloads]
    bulk.insert(inserted)
    for one, other, payload in zip(saved, inserted, payloads, strict=True):
        stored = _read(Job, other.pk)["payload"]
        assert stored == _read(Job, one.pk)["payload"] == payload
        assert [type(v) for v in _leaves(stored)] == [type(v) for v in _leaves(payload)]


def _leaves(value) -> list:
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in _leaves(value[key])]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_json_orjson_refuses_is_written_by_the_standard_library_or_refused_as_before():
    """ADR 0833: keys that are not strings and ints beyond 64 bits are stored as `save()`
    stores them; a datetime inside a JSON value is refused, as `save()` refuses it."""
    payloads = [{1: "one", "2": [2**70, -(2**65)]}, {"n": 2**64}]
    saved = [Job(kind="notices.render", payload=p, run_after=WHEN) for p in payloads]
    for job in saved:
        job.save()
    inserted = [Job(kind="notices.render", payload=p, run_after=WHEN) for p in payloads]
    bulk.insert(inserted)
    for one, other in zip(saved, inserted, strict=True):
        assert _read(Job, other.pk)["payload"] == _read(Job, one.pk)["payload"]
    assert _read(Job, inserted[0].pk)["payload"] == {"1": "one", "2": [2**70, -(2**65)]}

    with pytest.raises(TypeError), transaction.atomic():
        Job(kind="notices.render", payload={"at": WHEN}, run_after=WHEN).save()
    with pytest.raises(TypeError), transaction.atomic():
        bulk.insert([Job(kind="notices.render", payload={"at": WHEN}, run_after=WHEN)])
