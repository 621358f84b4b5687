"""Free text read from a POST without a Django form (a note a caseworker types when closing a
work item): what a form's CharField would do to it, in one place.

A Django form field refuses the NUL character (ProhibitNullCharactersValidator); a view that
reads `request.POST` itself must not store one either: PostgreSQL text cannot hold it (the
write fails with a DataError: a 500 for the person). No keyboard types it and a browser
never sends one, so it is dropped; everything else typed is kept.
"""

from __future__ import annotations


def posted_text(data, name: str, limit: int | None = None) -> str:
    """`data[name]` (a QueryDict or dict) without NUL characters or surrounding space, cut to
    `limit` characters; "" when absent."""
    text = str(data.get(name, "") or "").replace("\x00", "").strip()
    return text[:limit] if limit is not None else text
