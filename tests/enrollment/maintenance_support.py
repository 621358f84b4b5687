"""Helpers of the policy maintenance tests, shared with the caseworker pages: a policy
effectuated through the simulated issuer, and the 834s queued after a mark."""

from __future__ import annotations

from marketplace.edi import export, intake
from marketplace.edi.issuer_simulator import SimulatedIssuer
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from tests.enrollment.conftest import enroll


def _through_issuer(tmp_path, enrollment: Enrollment) -> SimulatedIssuer:
    """Export what is pending, let the simulated issuer read it and answer, read the answer."""
    export.export_pending(tmp_path / "outbox")
    issuer = SimulatedIssuer(enrollment.issuer.hios_id, tmp_path / "outbox", tmp_path / "inbound")
    issuer.process()
    assert not issuer.rejected
    intake.import_directory(tmp_path / "inbound")
    return issuer


def _effectuated(tmp_path, user, determination) -> Enrollment:
    enrollment = enroll(user, determination)
    _through_issuer(tmp_path, enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED
    return enrollment


def _mark() -> int:
    return OutboundTransaction.objects.latest("id").pk


def _queued_after(mark: int) -> list[OutboundTransaction]:
    return list(OutboundTransaction.objects.filter(pk__gt=mark).order_by("id"))
