"""Less CPU a seeded household (ADR 0817): `bulk.new` builds the instance `Model(**values)`
builds; `crypto.remembering` reads back an SSN encrypted or read in the block without
decrypting it again and forgets it afterwards; `bulk.insert` takes its keys from the
table's sequence named once; a seeded user's password is unusable and its own."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.hashers import is_password_usable, make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.applications.batch import unusable_password
from marketplace.applications.models import Application, Member
from marketplace.audit.models import AuditEvent
from marketplace.core import bulk, crypto
from marketplace.jobs.models import Job


def _fixed(model) -> dict:
    """A value for each field whose default is made anew each time (uuid4, now, dict)."""
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if f.has_default() and callable(f.default)
    }


def _fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def test_new_builds_what_the_model_builds_for_every_model():
    for model in apps.get_models():
        values = _fixed(model)
        built, expected = bulk.new(model, **values), model(**values)
        assert _fields(built) == _fields(expected), model.__name__
        assert list(_fields(built)) == list(_fields(expected)), model.__name__
        assert built._state.adding and built.pk == expected.pk


def test_new_takes_related_objects_properties_and_refuses_unknown_names():
    user = User(email="new@example.org")
    event = bulk.new(AuditEvent, actor=user, action="a", detail={"n": 1})
    assert event.actor is user and event.detail == {"n": 1} and event.object_type == ""
    application = bulk.new(Application, owner=user, coverage_year=2026)
    member = bulk.new(Member, application=application, position=0, first_name="Ana")
    assert member.application is application
    member = bulk.new(Member, application=application, position=0, ssn="123456789")
    assert member.ssn == "123456789"  # a property, set after the fields as __init__ does
    with pytest.raises(TypeError, match="unexpected keyword arguments: 'bogus'"):
        bulk.new(AuditEvent, bogus=1)
    first, second = bulk.new(Job, kind="k"), bulk.new(Job, kind="k")
    assert first.payload == second.payload and first.payload is not second.payload


def test_remembering_reads_back_without_decrypting_and_forgets_after(monkeypatch):
    calls = []
    fernet = crypto._fernet()
    real = type(fernet).decrypt

    class Counting(type(fernet)):
        def decrypt(self, token, ttl=None):
            calls.append(token)
            return real(self, token, ttl)

    monkeypatch.setattr(fernet, "__class__", Counting)
    stored = crypto.encrypt("111223333")
    with crypto.remembering():
        token = crypto.encrypt("123456789")
        assert [crypto.decrypt(token) for _ in range(3)] == ["123456789"] * 3
        assert crypto.decrypt(stored) == crypto.decrypt(stored) == "111223333"
    assert len(calls) == 1  # the token made before the block, read once
    assert crypto.decrypt(token) == "123456789"
    assert len(calls) == 2


@pytest.mark.django_db
def test_keys_come_from_the_sequence_named_once():
    if connection.vendor != "postgresql":
        pytest.skip("keys are taken beforehand only with COPY (PostgreSQL)")
    jobs = [Job(kind="k", payload={"n": n}, run_after=timezone.now()) for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert(jobs[:1])
        bulk.insert(jobs[1:])
    keys = [job.pk for job in jobs]
    assert keys == sorted(keys) and len(set(keys)) == 3
    assert list(Job.objects.filter(pk__in=keys).order_by("pk").values_list("pk", flat=True)) == keys
    nextvals = [q["sql"] for q in queries if "nextval" in q["sql"]]
    assert len(nextvals) == 2
    assert all("pg_get_serial_sequence" not in sql for sql in nextvals)


def test_a_seeded_users_password_is_unusable_and_its_own():
    passwords = {unusable_password() for _ in range(50)}
    assert len(passwords) == 50
    django_made = make_password(None)
    for password in passwords:
        assert not is_password_usable(password)
        assert len(password) == len(django_made) and password[0] == django_made[0]
        assert password[1:].isalnum() and password.isascii()


def _linked(obj) -> tuple:
    """What setting a foreign key leaves on an instance: its fields, its database and the
    related objects it holds."""
    return _fields(obj), obj._state.db, dict(obj._state.fields_cache)


@pytest.mark.django_db
def test_a_foreign_key_given_a_related_object_is_set_as_the_descriptor_sets_it():
    """ADR 0822: a plain foreign key given an object is set without the descriptor, with the
    same key, cached object and databases (a saved owner, an unsaved one, None)."""
    saved = User.objects.create(email="linked@example.org")
    for owner in (saved, User(email="unsaved@example.org"), None):
        values = {"owner": owner, "coverage_year": 2026, **_fixed(Application)}
        built, expected = bulk.new(Application, **values), Application(**values)
        assert _linked(built) == _linked(expected)
        if owner is not None:
            assert built.owner is owner and built.owner_id == owner.pk


def test_a_foreign_key_given_another_class_is_refused_as_the_model_refuses_it():
    with pytest.raises(ValueError, match='must be a "User" instance'):
        bulk.new(Application, owner=Job(kind="k"), coverage_year=2026)
