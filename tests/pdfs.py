"""What a PDF says, for tests of notices and forms (poppler-utils' pdftotext and pdfinfo; a
test is skipped where they are not installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdf_text(pdf: bytes) -> str:
    """The PDF's text layer, by pdftotext (poppler-utils) when installed."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def pdf_fonts(pdf: bytes) -> list[str]:
    """The names of the fonts embedded in the PDF (subset tag dropped), by pdffonts."""
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    return sorted({row.split()[0].split("+", 1)[-1] for row in rows if row.strip()})
