"""edi.build for each maintenance type and reason code, and the outbox JSON round trip."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from marketplace.edi import build, serialize
from tests.enrollment.conftest import enroll
from tests.x12 import factories as f
from x12 import ControlNumbers, write_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 1, 10, 30, 0)


@pytest.mark.parametrize(
    ("reason", "end", "ins04", "amrc"),
    [
        ("voluntary", date(2026, 1, 1), "14", "CANCEL"),
        ("voluntary", date(2026, 6, 30), "14", "TERM"),
        ("not_eligible", date(2026, 1, 1), "07", "CANCEL-NLE"),
        ("not_eligible", date(2026, 6, 30), "07", "TERM-NLE"),
    ],
)
def test_every_ending_reason_is_a_valid_024(garcia, reason, end, ins04, amrc):
    enrollment = enroll(*garcia)
    txn = build.ending(enrollment, list(enrollment.members.all()), NOW, end, reason)
    assert (txn.maintenance_type, txn.maintenance_reason) == ("024", ins04)
    assert txn.additional_maintenance_reason == amrc
    assert len(txn.members) == 1 and txn.members[0].is_subscriber
    assert txn.is_cancellation == (end <= enrollment.coverage_start)
    text = write_834([txn], f.CONFIG, ControlNumbers(1, 1), NOW)
    assert validate_834(text).ok, validate_834(text).errors


@pytest.mark.parametrize("kind", ["addition", "change"])
def test_additions_and_changes_are_valid_and_survive_the_outbox(garcia, kind):
    enrollment = enroll(*garcia)
    members = list(enrollment.members.all())
    if kind == "addition":
        txn = build.addition(enrollment, members, NOW)
    else:
        txn = build.financial_change(enrollment, members, NOW, date(2026, 3, 1))
    assert serialize.load(serialize.dump(txn)) == txn
    text = write_834([txn], f.CONFIG, ControlNumbers(1, 1), NOW)
    assert validate_834(text).ok


def test_tobacco_use_is_sent_on_initial_enrollment_only(garcia):
    enrollment = enroll(*garcia)
    members = list(enrollment.members.all())
    assert all(m.tobacco_use is not None for m in build.addition(enrollment, members, NOW).members)
    change = build.financial_change(enrollment, members, NOW, date(2026, 3, 1))
    assert all(m.tobacco_use is None for m in change.members)
