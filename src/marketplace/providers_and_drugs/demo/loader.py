"""Load the demo issuers' provider and formulary files whenever the demo catalog loads.

Connected (apps.py) to the catalog's `demo_catalog_loaded` hook: for each plan year the
demo catalog wrote, generate the issuers' files next to that year's PUF files and import
them with the same action as `marketplace import-provider-drug-files`.
"""

from __future__ import annotations

import time
from pathlib import Path

from marketplace.providers_and_drugs.demo.generator import generate
from marketplace.providers_and_drugs.importer import import_directory

FOLDER = "provider-drug-files"


def load_demo_files(sender, directories: dict[int, Path], **kwargs) -> str:
    """Generate and import every year's files; returns the line load-demo prints."""
    started = time.monotonic()
    providers = drugs = 0
    for year, puf_directory in sorted(directories.items()):
        out = Path(puf_directory) / FOLDER
        generate(Path(puf_directory), out)
        for result in import_directory(out, year=year, actor_label="load-demo"):
            if result.refused:
                raise RuntimeError(f"demo provider files refused: {result.refused}")
            for file_import in result.imports:
                providers += file_import.counts["providers"]
                drugs += file_import.counts["drugs"]
    years = ", ".join(str(year) for year in sorted(directories))
    return (
        f"Loaded the demo issuers' provider and drug files for {years}: {providers} provider "
        f"records, {drugs} drug records in {time.monotonic() - started:.1f} s."
    )
