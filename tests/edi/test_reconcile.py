"""Reconciliation with an issuer: a clean match, then planted differences on both sides."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.edi import export, intake
from marketplace.edi.issuer_simulator import SimulatedIssuer
from marketplace.edi.reconcile import reconcile
from tests.enrollment.conftest import enroll

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_sides(garcia, okafor, tmp_path):
    """The Garcias and Sam enrolled, sent, effectuated by their simulated issuer(s)."""
    enrollments = [enroll(*garcia), enroll(*okafor)]
    export.export_pending(tmp_path / "outbox", validation="companion")
    snapshots = {}
    for hios in {e.issuer.hios_id for e in enrollments}:
        issuer = SimulatedIssuer(hios, tmp_path / "outbox", tmp_path / "inbound", pyx12=False)
        issuer.process()
        snapshots[hios] = issuer.audit_csv(tmp_path / f"{hios}.csv")
    intake.import_directory(tmp_path / "inbound")
    return enrollments, snapshots


def _rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["policy_id"])
        writer.writeheader()
        writer.writerows(rows)


def test_a_clean_match(both_sides):
    _, snapshots = both_sides
    for hios, path in snapshots.items():
        report = reconcile(hios, path)
        assert report.clean, report.lines()
        assert report.matched == report.compared >= 1


def test_planted_differences_are_all_reported(both_sides, tmp_path):
    enrollments, snapshots = both_sides
    target = enrollments[0]
    hios = target.issuer.hios_id
    rows = _rows(snapshots[hios])
    mine = next(r for r in rows if r["policy_id"] == target.policy_id)
    mine["aptc_amount"] = "1.00"  # different money
    mine["status"] = "pending"  # the issuer never saw the effectuation through
    rows.append(dict(mine))  # duplicated
    rows.append({**mine, "policy_id": "P7777777777"})  # the issuer has a policy we never sent
    rows = [r for r in rows if r["policy_id"] != enrollments[1].policy_id]  # missing there
    _write(tmp_path / "planted.csv", rows)
    report = reconcile(hios, tmp_path / "planted.csv")
    assert not report.clean
    assert target.policy_id in report.duplicated
    assert report.missing_here == ["P7777777777"]
    assert {(d.policy_id, d.field) for d in report.different} >= {
        (target.policy_id, "aptc_amount"),
        (target.policy_id, "status"),
    }
    if enrollments[1].issuer.hios_id == hios:
        assert report.missing_at_issuer == [enrollments[1].policy_id]


def test_a_missing_member_is_a_difference(both_sides, tmp_path):
    enrollments, snapshots = both_sides
    target = enrollments[0]  # the Garcia parents
    rows = _rows(snapshots[target.issuer.hios_id])
    for row in rows:
        if row["policy_id"] == target.policy_id:
            row["member_ids"] = row["member_ids"].split(";")[0]
    _write(tmp_path / "short.csv", rows)
    report = reconcile(target.issuer.hios_id, tmp_path / "short.csv")
    assert [(d.policy_id, d.field) for d in report.different] == [(target.policy_id, "member_ids")]


def test_the_command_prints_the_report_and_fails_on_differences(both_sides, tmp_path):
    enrollments, snapshots = both_sides
    hios = enrollments[0].issuer.hios_id
    out = StringIO()
    call_command("edi-reconcile", "--issuer", hios, str(snapshots[hios]), stdout=out)
    assert "CLEAN MATCH" in out.getvalue()
    _write(tmp_path / "empty.csv", [])
    with pytest.raises(SystemExit) as code:
        call_command(
            "edi-reconcile", "--issuer", hios, str(tmp_path / "empty.csv"), stdout=StringIO()
        )
    assert code.value.code == 1
