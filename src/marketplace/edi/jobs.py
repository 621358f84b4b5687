"""Worker jobs: export pending 834s and deliver them; read what the issuers sent back."""

from __future__ import annotations

from marketplace.edi import intake, transport
from marketplace.edi.export import export_pending
from marketplace.edi.outbox import EXPORT_JOB
from marketplace.jobs.queue import handler

IMPORT_JOB = "edi.import"


@handler(EXPORT_JOB)
def export(payload: dict) -> None:
    service = transport.service()
    out = payload.get("out") or getattr(service, "outbox_dir", lambda: None)()
    result = export_pending(out)
    service.deliver(result.paths)


@handler(IMPORT_JOB)
def import_files(payload: dict) -> None:
    intake.import_directory(payload.get("dir") or transport.service().inbound_dir())
