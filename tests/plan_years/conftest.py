"""The plan years and the clock: the demo catalog as `make run` loads it (2025, 2026 and
2027), the exchange's clock moved across open enrollment (core/clock.py), named households.

- The Garcias (tests/applications): Maria (40) and Jose (38), Sofia (10) and Mateo (7), in
  Boston (02108, Suffolk County), $52,000: the parents choose a plan, the children get CHIP.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.shopping import support

DEMO_YEARS = [2025, 2026, 2027]


@pytest.fixture(scope="package", autouse=True)
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load-demo` as `make run` runs it, once for the package (and removed after)."""
    with django_db_blocker.unblock():
        out = tmp_path_factory.mktemp("demo-puf")
        call_command("load-demo", out=out, stdout=StringIO(), stderr=StringIO())
        support.clear_caches()
        yield
        support.remove_catalog()
        support.clear_caches()


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
