"""A person's chosen doctors, facilities and drugs, kept in their session.

Which doctors and drugs someone uses is health information: it stays in the server-side
session (database sessions; the cookie holds only the session key), never in a URL, a
log line or a cache key (cache keys use a digest). Reading choices costs nothing for a
visitor without a session cookie.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from marketplace.providers_and_drugs.versioning import data_version

SESSION_KEY = "providers_and_drugs"
MAX_EACH = 10
KINDS = ("providers", "drugs")


@dataclass(frozen=True)
class Chosen:
    key: str  # NPI or RxCUI
    name: str


@dataclass(frozen=True)
class Choices:
    providers: tuple[Chosen, ...] = ()
    drugs: tuple[Chosen, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.providers or self.drugs)

    def __len__(self) -> int:
        return len(self.providers) + len(self.drugs)

    @property
    def cache_key(self) -> str:
        """A digest for keys of cached pages that show these choices (and the data version:
        a new import changes the marks)."""
        if not self:
            return ""
        keys = ",".join(c.key for c in self.providers) + "|" + ",".join(c.key for c in self.drugs)
        return hashlib.sha256(f"{keys}|{data_version()}".encode()).hexdigest()[:16]


def read(request) -> Choices:
    stored = request.session.get(SESSION_KEY) or {}
    return Choices(
        providers=tuple(Chosen(k, n) for k, n in stored.get("providers", [])),
        drugs=tuple(Chosen(k, n) for k, n in stored.get("drugs", [])),
    )


def add(request, kind: str, key: str, name: str) -> bool:
    """Add a provider (by NPI) or a drug (by RxCUI); False when the list is full."""
    stored = _stored(request)
    items = stored[kind]
    if any(k == key for k, _ in items):
        return True
    if len(items) >= MAX_EACH:
        return False
    items.append([key, name[:300]])
    _save(request, stored)
    return True


def remove(request, kind: str, key: str) -> None:
    stored = _stored(request)
    stored[kind] = [item for item in stored[kind] if item[0] != key]
    _save(request, stored)


def _stored(request) -> dict:
    stored = request.session.get(SESSION_KEY) or {}
    return {kind: [list(item) for item in stored.get(kind, [])] for kind in KINDS}


def _save(request, stored: dict) -> None:
    request.session[SESSION_KEY] = stored
