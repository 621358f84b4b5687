"""Provider and drug files: named issuers' files (files.py), an empty directory to import
them into, and the demo catalog for the page, API and demo tests."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.providers_and_drugs import versioning
from marketplace.providers_and_drugs.models import DATA_MODELS, FileImport
from tests.browser_support import browser, page, page_factory  # noqa: F401 (fixtures)
from tests.shopping import support


@pytest.fixture(autouse=True)
def _fresh_versions():
    # A rolled-back import of an earlier test must not leave its version in this process.
    versioning.invalidate()
    yield
    versioning.invalidate()


@pytest.fixture
def empty_directory(db):
    """No provider or drug data at all (other packages' demo loads leave some behind);
    the test's transaction puts it back afterwards."""
    for model in DATA_MODELS:
        model.objects.all().delete()
    FileImport.objects.all().delete()


@pytest.fixture(scope="module")
def demo_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2026 demo catalog with the demo issuers' provider and drug files."""
    yield from support.load_demo(django_db_blocker, tmp_path_factory)


def import_files(directory, year=None) -> tuple[int, str, str]:
    """Run `marketplace import-provider-drug-files`; (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    options = {"year": year} if year else {}
    try:
        call_command(
            "import-provider-drug-files", str(directory), stdout=out, stderr=err, **options
        )
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()
