"""Interchange settings: delimiters, sender/receiver, usage indicator and control numbers.

ISA/GS values follow the CMS FFE companion guide v7.2 §3 (docs/puf-and-834.md B.1): ISA05/ISA07
``ZZ``,
ISA11 repetition separator, ISA12 ``00501``, ISA13 a 9-digit control number that never repeats,
ISA14 ``1`` (TA1 requested), ISA15 ``P``/``T``, GS01 ``BE``, GS07 ``X``, GS08 ``005010X220A1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "005010X220A1"


@dataclass(frozen=True)
class Delimiters:
    """Element, repetition (ISA11), component (ISA16) separators and segment terminator."""

    element: str = "*"
    repetition: str = "^"
    component: str = ":"
    segment: str = "~"

    def __post_init__(self) -> None:
        chars = (self.element, self.repetition, self.component, self.segment)
        if any(len(c) != 1 for c in chars) or len(set(chars)) != 4:
            raise ValueError("delimiters must be four distinct single characters")
        if any(c.isalnum() or c == " " for c in chars):
            raise ValueError("delimiters must not be letters, digits or spaces")

    @property
    def all(self) -> str:
        return self.element + self.repetition + self.component + self.segment


@dataclass(frozen=True)
class Party:
    """An N1 entity: name, identification code qualifier (N103) and identifier (N104)."""

    name: str
    id_qualifier: str
    identifier: str


@dataclass(frozen=True)
class WriterConfig:
    """Who sends the file to whom, and how it is laid out.

    ``sponsor`` is the 1000A ``N1*P5`` (the exchange: ``FI`` with its TIN, or ``94``).
    ``max_transactions_per_set`` splits one issuer's transactions across ST/SE sets;
    ``line_breaks`` adds a newline after each segment terminator (readable, still valid).
    """

    sender_id: str
    receiver_id: str
    sponsor: Party
    usage: str = "T"
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    gs_sender_id: str | None = None  # GS02; defaults to sender_id (FFE: the tenant id, "MA0")
    gs_receiver_id: str | None = None  # GS03; defaults to receiver_id
    delimiters: Delimiters = Delimiters()
    master_policy_number: str | None = None  # header REF*38
    time_zone: str = "ET"  # BGN05
    ack_requested: bool = True  # ISA14
    max_transactions_per_set: int = 5000
    line_breaks: bool = False
    # DMG05 may repeat (up to 10 race/ethnicity codes, CG Table 28), but pyx12 4.0.0 cannot
    # parse a repeated composite (it crashes), so by default only the first code is written.
    repeat_race_codes: bool = False

    def __post_init__(self) -> None:
        if self.usage not in ("T", "P"):
            raise ValueError("usage indicator must be T (test) or P (production)")
        for name in ("sender_id", "receiver_id"):
            value = getattr(self, name)
            if not 1 <= len(value) <= 15 or not re.fullmatch(r"[A-Za-z0-9 ._-]+", value):
                raise ValueError(f"{name} must be 1-15 plain characters, not {value!r}")
        if self.max_transactions_per_set < 1:
            raise ValueError("max_transactions_per_set must be at least 1")


@dataclass(frozen=True)
class ControlNumbers:
    """ISA13 interchange, GS06 group and the first ST02 transaction set control numbers.

    ST02 of the n-th set (0-based) is ``first_set + n``, zero-padded to 4 digits; BGN02 repeats
    it, since the issuer echoes BGN02 on its effectuation (CG §6.9). The caller keeps these
    sequences so they never repeat.
    """

    interchange: int
    group: int
    first_set: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.interchange <= 999_999_999:
            raise ValueError("ISA13 must be 1..999999999")
        if not 1 <= self.group <= 999_999_999:
            raise ValueError("GS06 must be 1..999999999")
        if not 1 <= self.first_set <= 999_999_999:
            raise ValueError("ST02 must be 1..999999999")
