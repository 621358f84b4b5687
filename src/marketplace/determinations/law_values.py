"""The law values a determination used that are not confirmed, stored once per distinct list.

Every determination lists the law values it used that are not confirmed from primary text
or not reviewed for the year, each with its provenance (`unconfirmed_values`, ADR 0103;
aca_rules.provenance.UsedValue.to_json). The list is 21 of a result's 25 kB and the same for
most households of a year, so it is kept once, in `LawValuesUsed`, under the SHA-256 digest
of its canonical JSON, and each determination names that row (docs/adr/0818). The record
is the same: `Determination.unconfirmed_values` and `Determination.full_result` give the
list back (45 CFR 155.310(g) notice of the determination; 45 CFR 155.1210 record retention).

Rows are never changed or deleted: a digest names one list for good. Writing one is
get-or-create by digest, safe under concurrency (`INSERT ... ON CONFLICT DO NOTHING`). A
process remembers the digests it has seen committed, so a batch of households whose list
is already stored costs no statement for it, and the lists it has worked out, by the
engine's own `UsedValue` objects, so the common case does not encode 21 kB again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models.signals import post_migrate
from django.utils import timezone


class LawValuesUsed(models.Model):
    """One distinct `unconfirmed_values` list, content-addressed: `digest` is the SHA-256 of
    its canonical JSON (`canonical`). Immutable, like the determinations naming it."""

    digest = models.CharField(max_length=64, primary_key=True)
    values = models.JSONField()
    rules_version = models.CharField(max_length=100)  # of the determination that first used it
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "determinations"
        verbose_name_plural = "law values used"

    def __str__(self) -> str:
        return f"law values {self.digest[:12]}"


def canonical(values: list) -> bytes:
    """The list's canonical JSON: keys sorted, no spaces, UTF-8 (what `digest` hashes)."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(values: list) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def of_json(values: list, rules_version: str) -> LawValuesUsed:
    """The (perhaps not yet stored) row for `values`, a list of JSON items."""
    return LawValuesUsed(digest=digest(values), values=values, rules_version=rules_version)


def of_used(used: tuple, rules_version: str) -> LawValuesUsed:
    """The row for the engine's `UsedValue`s (`aca_rules.Determination.unconfirmed_values`),
    remembered by the values' identities: the engine hands out the same objects (cached per
    year, state and group), so a repeat costs a tuple of ids, not 21 kB of JSON and a hash.
    The values are kept with the row so their ids stay their own. The row is shared: never
    change it."""
    key = (rules_version, *map(id, used))
    hit = _BY_USED.get(key)
    if hit is None:
        if len(_BY_USED) >= _BY_USED_LIMIT:
            _BY_USED.clear()
        row = of_json([item.to_json() for item in used], rules_version)
        hit = _BY_USED[key] = (used, row)
    return hit[1]


_BY_USED: dict[tuple, tuple[tuple, LawValuesUsed]] = {}
_BY_USED_LIMIT = 1024


def ensure(rows: Iterable[LawValuesUsed]) -> None:
    """Make sure each row is stored, in the caller's transaction: one known committed costs
    nothing; the others take one look-up, and those missing one `INSERT ... ON CONFLICT DO
    NOTHING` (two transactions storing the same list: the second waits for the first, then
    does nothing)."""
    where = _database()
    wanted = {row.digest: row for row in rows if (where, row.digest) not in _COMMITTED}
    if not wanted:
        return
    found = set(
        LawValuesUsed.objects.filter(digest__in=list(wanted)).values_list("digest", flat=True)
    )
    missing = [row for key, row in wanted.items() if key not in found]
    if missing:
        LawValuesUsed.objects.bulk_create(missing, ignore_conflicts=True)
    keys = [(where, key) for key in wanted]
    transaction.on_commit(lambda: _COMMITTED.update(keys))


def _database() -> tuple[str, str]:
    return connection.alias, str(connection.settings_dict["NAME"])


#: (database alias, database, digest) of rows seen committed by this process. Rows are never
#: deleted, except by emptying a database (`flush`, a test's teardown): then forgotten.
_COMMITTED: set[tuple[tuple[str, str], str]] = set()


def forget(**kwargs) -> None:
    """Forget the rows seen committed (a database emptied and migrated again)."""
    _COMMITTED.clear()


post_migrate.connect(forget, dispatch_uid="determinations.law_values.forget")
