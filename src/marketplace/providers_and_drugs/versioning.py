"""Which imports of provider and drug files are loaded: a cheap version for cache keys.

`data_version()` reads the latest FileImport id at most once per CHECK_SECONDS per
process, so pages that key cached HTML on it notice a new import within that time.
"""

from __future__ import annotations

import time

from marketplace.providers_and_drugs.models import FileImport

CHECK_SECONDS = 1.0
_state: dict = {"checked_at": float("-inf"), "version": 0}


def data_version() -> int:
    now = time.monotonic()
    if now - _state["checked_at"] >= CHECK_SECONDS:
        latest = FileImport.objects.order_by("-id").values_list("id", flat=True).first()
        _state.update(checked_at=now, version=latest or 0)
    return _state["version"]


def invalidate() -> None:
    """Read the version again on the next call (after an import in this process)."""
    _state["checked_at"] = float("-inf")
