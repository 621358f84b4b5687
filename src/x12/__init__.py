"""Pure-Python X12 834 (ASC X12 005010X220A1) for the exchange: model, writer, reader, validator.

No Django here (scripts/check_rules_boundary.py checks it). Conventions follow the CMS FFE X12
834 Companion Guide v7.2 as summarised in the shared formats notes, section B; see
docs/adr/0500-x12-834.md.
"""

from x12.codes import (
    Category,
    CoverageLevel,
    Gender,
    InsuranceLine,
    MaintenanceReason,
    MaintenanceType,
    Relationship,
)
from x12.envelope import ControlNumbers, Delimiters, Party, WriterConfig
from x12.model import Address, EnrollmentTransaction, Member
from x12.reader import Interchange, TransactionSet, X12ReadError, read_834
from x12.writer import X12WriteError, as_written, write_834

__all__ = [
    "Address",
    "Category",
    "ControlNumbers",
    "CoverageLevel",
    "Delimiters",
    "EnrollmentTransaction",
    "Gender",
    "InsuranceLine",
    "Interchange",
    "MaintenanceReason",
    "MaintenanceType",
    "Member",
    "Party",
    "Relationship",
    "TransactionSet",
    "WriterConfig",
    "X12ReadError",
    "X12WriteError",
    "as_written",
    "read_834",
    "write_834",
]
