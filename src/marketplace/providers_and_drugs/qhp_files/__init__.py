"""Readers of the CMS QHP machine-readable provider and formulary files (no database).

Schema: github.com/CMSgov/QHP-provider-formulary-APIs (README.md and index_document.md;
the `years` arrays and the GROUP provider type of its 2016 revision). ADR 0900 lists what
we accept, what we refuse and why. `read_issuer_directory` reads one issuer's files and
returns the records that can load, per issuer id, with the records that cannot, each with
its reason.
"""

from marketplace.providers_and_drugs.qhp_files.bundle import (
    Bundle,
    IssuerData,
    find_issuer_directories,
    read_issuer_directory,
)
from marketplace.providers_and_drugs.qhp_files.records import (
    Address,
    DrugLink,
    DrugRecord,
    NetworkLink,
    PlanRecord,
    ProviderRecord,
    Rejected,
)
from marketplace.providers_and_drugs.qhp_files.values import FilesUnreadable

__all__ = [
    "Address",
    "Bundle",
    "DrugLink",
    "DrugRecord",
    "FilesUnreadable",
    "IssuerData",
    "NetworkLink",
    "PlanRecord",
    "ProviderRecord",
    "Rejected",
    "find_issuer_directories",
    "read_issuer_directory",
]
