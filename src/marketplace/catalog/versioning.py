"""Per-process caches of catalog reads, dropped when a new catalog import lands.

`current_version()` reads the latest CatalogImport (id and finish time) at most once per
`CHECK_SECONDS`, so a warm cache costs no database work at all; every app server and worker
notices a new import within that time. Tests call `invalidate()` after importing.
"""

from __future__ import annotations

import threading
import time

from marketplace.catalog.models import CatalogImport

CHECK_SECONDS = 1.0

_lock = threading.Lock()
_state = {"checked_at": float("-inf"), "version": None}
_caches: list[dict] = []


def current_version() -> tuple | None:
    """The latest import's (id, finished_at), re-read at most once per CHECK_SECONDS."""
    now = time.monotonic()
    if now - _state["checked_at"] < CHECK_SECONDS:
        return _state["version"]
    latest = CatalogImport.objects.order_by("-id").values_list("id", "finished_at").first()
    with _lock:
        _state["checked_at"] = now
        if latest != _state["version"]:
            _state["version"] = latest
            for cache in _caches:
                cache.clear()
    return latest


def versioned_cache() -> dict:
    """A dict that is emptied whenever the catalog version changes."""
    cache: dict = {}
    _caches.append(cache)
    return cache


def invalidate() -> None:
    """Forget everything now (after an import in the same process, e.g. in tests)."""
    with _lock:
        _state["checked_at"] = float("-inf")
        _state["version"] = None
        for cache in _caches:
            cache.clear()
