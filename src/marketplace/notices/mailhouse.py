"""The print-and-mail vendor (45 CFR 155.230(c)(2): paper notices for people who choose them).

`MailHouse` is the real interface; `SimulatedMailHouse` (the default) writes what would be sent
under settings.MAILHOUSE_DIR: the PDF and an address sheet per piece. A real vendor adapter
(SFTP drop or API) is a new class and the MARKETPLACE_MAIL_HOUSE setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from marketplace.core.files import private_dir, write_private


@dataclass(frozen=True)
class MailPiece:
    reference: str  # our notice id: the vendor's job reference
    recipient: str
    address_lines: list[str]
    pdf: bytes
    pages: int


class MailHouse(Protocol):
    def send(self, piece: MailPiece) -> str:
        """Hand the piece to the vendor; returns the vendor's tracking reference.
        Sending the same reference twice must not mail twice."""
        ...


class MailPieceRefused(ValueError):
    """The vendor will not take this piece (a permanent answer about the piece, not an
    outage): the notice goes on the exceptions list and the other pieces are sent. `reason`
    is a code (no_address, bad_address, too_many_pages, ...), never the address itself."""

    personal_data_free = True

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"the mail house refused the piece: {reason}")


class SimulatedMailHouse:
    """Simulator: writes <reference>.pdf and <reference>.address.txt; mails nothing."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.MAILHOUSE_DIR)

    def send(self, piece: MailPiece) -> str:
        if not piece.address_lines:
            raise MailPieceRefused("no_address")
        private_dir(self.directory)  # names and addresses: 0700 folder, 0600 files
        pdf_path = self.directory / f"{piece.reference}.pdf"
        sheet = self.directory / f"{piece.reference}.address.txt"
        write_private(pdf_path, piece.pdf)
        write_private(
            sheet,
            "\n".join(
                [
                    "SIMULATED MAIL HOUSE - nothing was printed or mailed",
                    f"Reference: {piece.reference}",
                    f"Pages: {piece.pages}",
                    "",
                    piece.recipient,
                    *piece.address_lines,
                    "",
                ]
            ),
        )
        return f"SIM-MAIL-{piece.reference[:8]}"


def mail_house() -> MailHouse:
    return import_string(settings.MARKETPLACE_MAIL_HOUSE)()
