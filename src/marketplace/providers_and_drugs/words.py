"""Words for prefix search: lower case, accents dropped, split on anything not a letter or
a digit ("Dr. José Núñez-Ruiz" -> jose, nunez, ruiz). Names and queries go through the same
function, so "nunez" and "Núñez" find each other."""

from __future__ import annotations

import re
import unicodedata

MAX_WORD = 40
SPLIT = re.compile(r"[^0-9a-z]+")


def plain(value: str) -> str:
    """Lower case without accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(SPLIT.sub(" ", ascii_text).split())


def words_of(value: str) -> list[str]:
    """The distinct words of `value`, in order, each at most MAX_WORD characters."""
    return list(dict.fromkeys(word[:MAX_WORD] for word in plain(value).split()))


def prefix_range(prefix: str) -> tuple[str, str]:
    """(low, high) with low <= word < high exactly for the words starting with `prefix`
    (words are [0-9a-z] only), so an index on the word column answers a prefix search."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
