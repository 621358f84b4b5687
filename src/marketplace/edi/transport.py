"""How 834 files reach the issuers and come back: an adapter with a simulator.

`IssuerTransport` is the interface; a real one (SFTP to each issuer's trading-partner
mailbox) is a new class plus the MARKETPLACE_ISSUER_TRANSPORT setting. The embedded default
and the tests use `SimulatedIssuerTransport`: the export already wrote each issuer's files
into its own outbox folder (EDI_DIR/outbox/<HIOS>/), which the issuer simulator
(edi/issuer_simulator.py) picks up; the issuers' answers land in EDI_DIR/inbound/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from marketplace.edi.models import OutboundFile


class IssuerTransport(Protocol):
    def deliver(self, paths: list[Path]) -> None:
        """Send these written and recorded files to their issuers."""

    def inbound_dir(self) -> Path:
        """Where the issuers' files (effectuations, terminations) are collected."""


class SimulatedIssuerTransport:
    """SIMULATOR: delivery is the per-issuer outbox folder itself; nothing leaves the host."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root or settings.EDI_DIR)

    def outbox_dir(self) -> Path:
        return self.root / "outbox"

    def inbound_dir(self) -> Path:
        return self.root / "inbound"

    def deliver(self, paths: list[Path]) -> None:
        """Stamp the files delivered, let the simulated issuers answer at once, and queue the
        reading of their answers (so the embedded exchange effectuates end to end)."""
        from marketplace.edi.issuer_simulator import SimulatedIssuer
        from marketplace.jobs.queue import enqueue

        names = [Path(p).name for p in paths]
        OutboundFile.objects.filter(name__in=names, delivered_at=None).update(
            delivered_at=timezone.now()
        )
        answered = 0
        for folder in sorted({Path(p).parent for p in paths}):
            issuer = SimulatedIssuer(
                folder.name,
                folder.parent,
                self.inbound_dir(),
                state=settings.MARKETPLACE_STATE,
                pyx12=settings.EDI_VALIDATION == "pyx12",
            )
            answered += len(issuer.process())
        if answered:
            enqueue("edi.import", {"dir": str(self.inbound_dir())})


def service() -> IssuerTransport:
    return import_string(settings.ISSUER_TRANSPORT)()
