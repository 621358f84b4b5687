"""Make tests/rules importable as a flat directory (case_runner) and src on the path."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
SRC = HERE.parent.parent / "src"
for p in (str(HERE), str(SRC)):
    if p not in sys.path:
        sys.path.insert(0, p)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _plain_static_storage():
    """The rules tests are pure Python: override the project-wide Django settings fixture
    (tests/conftest.py) with a no-op so they run without Django."""
    yield


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """No Django translation to reset in the pure rules tests (see tests/conftest.py)."""
    yield


@pytest.fixture(autouse=True)
def _exchange_clock():
    """No exchange clock in the pure rules tests: they pass their dates (tests/conftest.py)."""
    yield
