"""Who the exchange is to an insurer in an 834's envelope: the sender, receiver and sponsor
ids the export writes and the exceptions list checks a held transaction against
(docs/puf-and-834.md B.1, B.4)."""

from __future__ import annotations

from django.conf import settings

from marketplace.catalog.models import Issuer
from x12 import Party, WriterConfig


def tenant_id() -> str:
    """GS02 / SOURCE EXCHANGE ID: the state + "0" (docs/puf-and-834.md B.1, B.4)."""
    return f"{settings.MARKETPLACE_STATE}0"


def writer_config(issuer: Issuer) -> WriterConfig:
    return WriterConfig(
        sender_id=f"{settings.MARKETPLACE_STATE}HIX",
        receiver_id=issuer.hios_id,
        sponsor=Party(f"{settings.MARKETPLACE_STATE} HEALTH MARKETPLACE", "94", tenant_id()),
        gs_sender_id=tenant_id(),
        gs_receiver_id=issuer.hios_id,
        usage=settings.EDI_USAGE,
    )
