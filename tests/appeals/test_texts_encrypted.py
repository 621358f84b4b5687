"""The reason an expedited appeal is denied and the outcome of informal resolution may name a
health condition or money: they are stored only encrypted (core/crypto.py, ADR 1007), shown
on the staff page, and never written to a log or the audit trail."""

from __future__ import annotations

import importlib
import logging

import pytest
from django.apps import apps
from django.db import connection

from marketplace.appeals.models import Appeal
from marketplace.audit.models import AuditEvent
from tests.appeals.conftest import signed_in
from tests.appeals.journey_support import request_by

pytestmark = pytest.mark.django_db

REASON = "Asthma inhaler refill only: no risk to life or health in 90 days."
OUTCOME = "Pay stubs from Dunkin' show $31,250 a year; income corrected."


def _raw(appeal: Appeal, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM appeals_appeal WHERE id = %s", [appeal.pk])  # noqa: S608
        return cursor.fetchone()[0]


def _nothing_logged(caplog, *texts: str) -> None:
    logged = "\n".join(record.getMessage() + repr(record.__dict__) for record in caplog.records)
    audited = repr(list(AuditEvent.objects.values_list("detail", flat=True)))
    for text in texts:
        assert text not in logged and text not in audited


def test_an_expedited_denial_reason_is_stored_encrypted_and_never_logged(enrolled_sam, sue, caplog):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "8", expedited=True)
    caplog.set_level(logging.DEBUG)
    client = signed_in(sue)
    client.post(
        f"/appeals/staff/{appeal.public_id}/expedite/", {"ruling": "deny", "reason": REASON}
    )
    raw = _raw(appeal, "expedited_reason_encrypted")
    assert raw and REASON not in raw and "inhaler" not in raw
    appeal.refresh_from_db()
    assert appeal.expedited_reason == REASON
    assert (
        "Asthma inhaler refill only"
        in client.get(f"/appeals/staff/{appeal.public_id}/").content.decode()
    )
    _nothing_logged(caplog, REASON, "inhaler")


def test_an_informal_resolution_outcome_is_stored_encrypted_and_never_logged(
    enrolled_sam, carla, caplog
):
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "9")
    caplog.set_level(logging.DEBUG)
    client = signed_in(carla)
    client.post(
        f"/appeals/staff/{appeal.public_id}/informal/", {"outcome": OUTCOME, "accepted": "no"}
    )
    raw = _raw(appeal, "informal_outcome_encrypted")
    assert raw and "31,250" not in raw and "Dunkin" not in raw
    appeal.refresh_from_db()
    assert (appeal.informal_outcome, appeal.informal_accepted) == (OUTCOME, False)
    assert "31,250 a year" in client.get(f"/appeals/staff/{appeal.public_id}/").content.decode()
    _nothing_logged(caplog, "31,250", "Dunkin")


def test_the_migration_encrypts_the_texts_stored_in_clear_and_can_go_back(enrolled_sam):
    migration = importlib.import_module(
        "marketplace.appeals.migrations.0004_expedited_reason_and_informal_outcome_encrypted"
    )
    user, determination, _ = enrolled_sam
    appeal = request_by(user, determination, "a")
    clear = {"expedited_reason_encrypted": REASON, "informal_outcome_encrypted": "gA: no change"}
    Appeal.objects.filter(pk=appeal.pk).update(**clear)  # as stored before 0004
    migration.encrypt_texts(apps, None)
    assert REASON not in _raw(appeal, "expedited_reason_encrypted")
    assert _raw(appeal, "informal_outcome_encrypted") != "gA: no change"
    migration.encrypt_texts(apps, None)  # running twice does not encrypt twice
    appeal.refresh_from_db()
    assert (appeal.expedited_reason, appeal.informal_outcome) == (REASON, "gA: no change")
    migration.decrypt_texts(apps, None)
    assert _raw(appeal, "expedited_reason_encrypted") == REASON
    assert _raw(appeal, "informal_outcome_encrypted") == "gA: no change"
