"""Outbound 834s: every maintenance type we emit, written through the outbox, grouped per
issuer with never-repeating control numbers, and valid under pyx12 (validate_834)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.edi import export
from marketplace.edi.models import OutboundFile, OutboundTransaction
from marketplace.enrollment import actions, maintenance, states
from marketplace.enrollment.models import Enrollment
from tests.enrollment.conftest import enroll
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db


def _valid(path) -> list:
    result = validate_834(path)
    assert result.ok, result.errors
    return read_834(path).transactions


def test_an_initial_enrollment_is_021_ec_with_the_cms_2750_categories(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination, aptc=Decimal("120"))
    result = export.export_pending(tmp_path)
    assert (result.transactions, result.files) == (1, 1)
    [txn] = _valid(result.paths[0])
    assert (txn.maintenance_type, txn.maintenance_reason) == ("021", "EC")
    assert txn.policy_id == enrollment.policy_id
    assert txn.subscriber_id == enrollment.subscriber_id
    assert [m.member_id for m in txn.members] == [m.member_id for m in enrollment.members.all()]
    assert txn.plan_id == enrollment.plan_id
    assert txn.coverage_start == date(2026, 1, 1) and txn.coverage_end is None
    assert txn.premium_total == enrollment.premium
    assert txn.aptc_amount == Decimal("120.00")
    assert txn.total_responsible_amount == enrollment.premium - Decimal("120.00")
    assert txn.rating_area == enrollment.rating_area
    assert txn.source_exchange_id == "MA0"
    text = result.paths[0].read_text()
    assert "N1*75*RATING AREA~REF*9X*R-MA" in text
    assert "GS*BE*MA0*" in text


def test_no_aptc_is_sent_as_zero(garcia, tmp_path):
    user, determination = garcia
    enroll(user, determination, aptc=Decimal("0"))
    [txn] = _valid(export.export_pending(tmp_path).paths[0])
    assert txn.aptc_amount == Decimal("0")


def test_a_change_cancellation_and_termination_are_001_and_024(garcia, okafor, tmp_path):
    user, determination = garcia
    garcias = enroll(user, determination, aptc=Decimal("0"))
    actions.change_aptc(garcias, Decimal("75"), on=date(2026, 2, 10))
    garcias = maintenance.change_csr_variant(garcias, "01", effective=date(2026, 3, 1))
    sam, sam_determination = okafor
    okafors = enroll(sam, sam_determination)
    actions.end_coverage(okafors, on=date(2025, 12, 20))
    export.export_pending(tmp_path)
    Enrollment.objects.filter(pk=garcias.pk).update(status=states.EFFECTUATED)
    garcias.refresh_from_db()
    actions.end_coverage(garcias, on=date(2026, 5, 2))
    export.export_pending(tmp_path)
    seen = {}
    for path in sorted(tmp_path.rglob("*.T")):
        for txn in _valid(path):
            seen.setdefault(txn.policy_id, []).append(
                (
                    str(txn.maintenance_type),
                    str(txn.maintenance_reason or ""),
                    txn.additional_maintenance_reason or "",
                    txn.coverage_end,
                )
            )
    assert seen[garcias.policy_id] == [
        ("021", "EC", "", None),
        ("001", "", "FINANCIAL CHANGE", None),
        ("001", "", "CSR VARIANT CHANGE", None),  # the same policy (docs/puf-and-834.md B.4)
        ("024", "14", "TERM", date(2026, 5, 31)),
    ]
    assert seen[okafors.policy_id] == [
        ("021", "EC", "", None),
        ("024", "14", "CANCEL", date(2026, 1, 1)),
    ]


def test_files_are_per_issuer_and_control_numbers_never_repeat(garcia, okafor, tmp_path):
    for user, determination in (garcia, okafor):
        enroll(user, determination)
    first = export.export_pending(tmp_path, validation="companion", per_file=1)
    assert first.files == 2
    user, determination = garcia
    actions.change_aptc(Enrollment.objects.get(owner=user), Decimal("1"), on=date(2026, 2, 1))
    export.export_pending(tmp_path, validation="companion")
    files = list(OutboundFile.objects.all())
    assert len({f.interchange_control for f in files}) == len(files) == 3
    assert len({f.group_control for f in files}) == 3
    for f in files:
        assert (tmp_path / f.issuer.hios_id / f.name).exists()
        assert f.transactions.count() == f.transaction_count
        assert all(t.issuer_id == f.issuer_id for t in f.transactions.all())


def test_sent_transactions_move_the_enrollment_to_transmitted(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    export.export_pending(tmp_path, validation="fast")
    enrollment.refresh_from_db()
    assert enrollment.status == states.TRANSMITTED
    assert not OutboundTransaction.objects.filter(status="pending").exists()
    assert export.export_pending(tmp_path).transactions == 0


def test_the_export_command_prints_what_it_wrote(garcia, tmp_path):
    user, determination = garcia
    enroll(user, determination)
    out = StringIO()
    call_command("edi-export", "--out", str(tmp_path), stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == f"Wrote 1 transactions in 1 files to {tmp_path}."


def test_a_file_that_fails_validation_is_not_sent(garcia, tmp_path, monkeypatch):
    user, determination = garcia
    enroll(user, determination)
    monkeypatch.setattr(export, "_validate", lambda text, txns, mode: ["planted error"])
    result = export.export_pending(tmp_path)
    assert result.files == 0 and result.rejected
    assert OutboundTransaction.objects.filter(status="pending").count() == 1
    assert not list(tmp_path.rglob("*.T"))


def test_the_worker_exports_delivers_and_reads_the_effectuation(garcia, settings):
    from marketplace.jobs.queue import run_pending
    from marketplace.jobs.registry import load_handlers

    load_handlers()
    settings.EDI_VALIDATION = "companion"
    user, determination = garcia
    enroll(user, determination)
    enrollment = Enrollment.objects.get()
    run_pending()  # export, deliver (the simulated issuer answers), then read the answer
    sent = OutboundFile.objects.get()
    assert sent.delivered_at is not None
    assert (settings.EDI_DIR / "outbox" / sent.issuer.hios_id / sent.name).exists()
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED
