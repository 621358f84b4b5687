"""Who verifies a submitted application: a hook the verifications app fills.

A submission starts the verification of its attested facts (45 CFR 155.315, 155.320) in its
own transaction, and the dashboard lists the items that opened. Verifications sits above
applications (it reads applications and their determinations), so applications may not
import it (docs/adr/1800-layering.md): verifications registers a `Verifier` from its
`AppConfig.ready()` and applications calls it through `verifier()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Verifier:
    #: (application, determination, *, actor): open an item for each inconsistency and
    #: refer Medicaid/CHIP-eligible members; inside the submission's transaction.
    start: Callable[..., object]
    #: ([(application, determination, members in the determination's order)], *, actor):
    #: the same for a batch of first submissions (applications/batch.py).
    start_many: Callable[..., None]
    #: (application): the application's verification items, soonest due first.
    items_for: Callable[[object], Iterable]


_VERIFIER: list[Verifier] = []


def register(verifier: Verifier) -> None:
    _VERIFIER[:] = [verifier]


def verifier() -> Verifier:
    if not _VERIFIER:
        raise ImproperlyConfigured(
            "No verifier registered: marketplace.verifications must be in INSTALLED_APPS"
        )
    return _VERIFIER[0]
