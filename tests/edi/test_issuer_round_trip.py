"""The issuer simulator receives a valid 834, effectuates it, and the enrollment shows as
effectuated; issuer terminations and unknown or conflicting records (exceptions)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.edi import export, intake
from marketplace.edi.issuer_simulator import SimulatedIssuer
from marketplace.edi.models import EdiException, InboundFile
from marketplace.enrollment import states
from tests.enrollment.conftest import enroll
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db


def _send(tmp_path, *enrollments, pays=lambda txn: True):
    outbox, inbound = tmp_path / "outbox", tmp_path / "inbound"
    export.export_pending(outbox)
    hios = enrollments[0].issuer.hios_id
    issuer = SimulatedIssuer(hios, outbox, inbound, pays=pays)
    written = issuer.process()
    assert not issuer.rejected
    return issuer, written, inbound


def test_the_simulated_issuer_effectuates_and_the_enrollment_shows_it(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    _issuer, [answer], inbound = _send(tmp_path, enrollment)
    assert validate_834(answer).ok
    [txn] = read_834(answer).transactions
    assert (txn.maintenance_type, txn.maintenance_reason) == ("021", "28")
    assert txn.additional_maintenance_reason == "CONFIRM"
    result = intake.import_directory(inbound)
    assert (result.files, result.applied, result.exceptions) == (1, 1, 0)
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED
    assert enrollment.paid_through == date(2026, 1, 31)
    assert enrollment.issuer_policy_id.startswith(enrollment.issuer.hios_id)
    assert all(m.issuer_member_id for m in enrollment.members.all())


def test_the_same_issuer_file_is_read_once(garcia, tmp_path):
    user, determination = garcia
    _, _, inbound = _send(tmp_path, enroll(user, determination))
    intake.import_directory(inbound)
    again = intake.import_directory(inbound)
    assert (again.files, again.skipped) == (0, 1)
    assert InboundFile.objects.count() == 1


def test_an_unpaid_binder_is_cancelled_by_the_issuer(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    _, [answer], inbound = _send(tmp_path, enrollment, pays=lambda txn: False)
    assert validate_834(answer).ok
    intake.import_directory(inbound)
    enrollment.refresh_from_db()
    assert enrollment.status == states.CANCELLED
    assert enrollment.end_reason == "issuer:59"


def test_an_issuer_termination_for_non_payment_ends_the_policy(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    issuer, _, inbound = _send(tmp_path, enrollment)
    intake.import_directory(inbound)
    path = issuer.terminate_for_nonpayment(enrollment.policy_id, date(2026, 3, 31))
    assert validate_834(path).ok
    intake.import_directory(inbound)
    enrollment.refresh_from_db()
    assert enrollment.status == states.TERMINATED
    assert enrollment.coverage_end == date(2026, 3, 31)


def test_an_effectuation_for_an_unknown_policy_is_an_exception(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    _, [answer], inbound = _send(tmp_path, enrollment)
    answer.write_text(answer.read_text().replace(enrollment.policy_id, "P9999999999"))
    result = intake.import_directory(inbound)
    assert (result.applied, result.exceptions) == (0, 1)
    problem = EdiException.objects.get()
    assert (problem.kind, problem.policy_id) == ("unknown_policy", "P9999999999")
    enrollment.refresh_from_db()
    assert enrollment.status == states.TRANSMITTED


def test_an_effectuation_with_another_begin_date_is_a_conflict(garcia, tmp_path):
    user, determination = garcia
    enrollment = enroll(user, determination)
    _, [answer], inbound = _send(tmp_path, enrollment)
    text = answer.read_text()
    for old, new in (
        ("356*D8*20260101", "356*D8*20260201"),
        ("348*D8*20260101", "348*D8*20260201"),
        ("543*D8*20260131", "543*D8*20260228"),
    ):
        text = text.replace(old, new)
    answer.write_text(text)
    intake.import_directory(inbound)
    assert EdiException.objects.get().kind == "conflict"


def test_a_file_that_fails_validation_is_listed_not_dropped(garcia, tmp_path):
    (tmp_path / "inbound").mkdir()
    (tmp_path / "inbound" / "broken.T").write_text("ISA*garbage~")
    result = intake.import_directory(tmp_path / "inbound")
    assert result.exceptions == 1
    assert EdiException.objects.get().kind == "invalid_file"


def test_the_commands_run_the_whole_round_trip(garcia, tmp_path, settings):
    settings.EDI_VALIDATION = "companion"
    user, determination = garcia
    enrollment = enroll(user, determination)
    call_command(
        "edi-export", "--out", str(tmp_path / "outbox"), stdout=StringIO(), stderr=StringIO()
    )
    call_command("edi-simulate-issuers", "--dir", str(tmp_path), stdout=StringIO())
    out = StringIO()
    call_command("edi-import", str(tmp_path / "inbound"), stdout=out)
    assert "1 records applied, 0 exceptions" in out.getvalue()
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED
