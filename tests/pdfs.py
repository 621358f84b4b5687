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
